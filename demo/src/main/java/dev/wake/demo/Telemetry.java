package dev.wake.demo;

import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One agent's OpenTelemetry SDK, exporting over OTLP/gRPC only when shut down, as a short-lived
 * agent does: spans wait in a {@link BatchSpanProcessor} and metrics in a reader with a one-hour
 * interval, so an agent that halts before {@link #shutdown} exports nothing at all.
 */
final class Telemetry {
  private static final String SCOPE = "dev.wake.demo";

  private final SdkTracerProvider tracerProvider;
  private final SdkMeterProvider meterProvider;
  private final CheckedExporter spans;

  /** Builds the SDK for {@code resource}, exporting to {@code endpoint} (e.g. {@code http://127.0.0.1:4317}); no I/O. */
  Telemetry(String endpoint, Resource resource) {
    spans = new CheckedExporter(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
        .setTimeout(Duration.ofSeconds(10)).build());
    tracerProvider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(spans).setScheduleDelay(Duration.ofMinutes(10)).build())
        .build();
    meterProvider = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder().setEndpoint(endpoint)
            .setTimeout(Duration.ofSeconds(10)).build()).setInterval(Duration.ofHours(1)).build())
        .build();
  }

  Tracer tracer() {
    return tracerProvider.get(SCOPE);
  }

  Meter meter() {
    return meterProvider.get(SCOPE);
  }

  /**
   * Exports everything recorded, once, and stops the SDK; blocks up to about {@code timeout} per
   * signal. True when the collector accepted every span and metric export.
   */
  boolean shutdown(Duration timeout) {
    // Metrics are exported by the reader's shutdown alone: a forceFlush first would send the same
    // cumulative points twice.
    CompletableResultCode traces = tracerProvider.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    CompletableResultCode metrics = meterProvider.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return traces.isSuccess() && spans.allSucceeded() && metrics.isSuccess();
  }

  /**
   * Counts span exports and their successes: the batch processor logs a failed export and goes on,
   * its shutdown result says nothing of it.
   */
  private static final class CheckedExporter implements SpanExporter {
    private final SpanExporter delegate;
    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger succeeded = new AtomicInteger();

    CheckedExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    boolean allSucceeded() {
      return started.get() == succeeded.get();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      started.incrementAndGet();
      CompletableResultCode result = delegate.export(batch);
      result.whenComplete(() -> {
        if (result.isSuccess()) {
          succeeded.incrementAndGet();
        }
      });
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
