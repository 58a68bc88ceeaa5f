package dev.wake.query;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One agent instance's metrics as a real agent reports them: its own OpenTelemetry SDK meter
 * provider and resource, exporting over OTLP/gRPC with a bearer token, on a clock the test sets, so
 * that every collection ({@link #export}, {@link #close}) stamps its points with a known time.
 */
final class TestMeterAgent implements AutoCloseable {
  /** Longer backoffs than the SDK's default: a loaded test machine can keep the collector busy for seconds. */
  private static final RetryPolicy PATIENT = RetryPolicy.builder().setInitialBackoff(Duration.ofSeconds(2))
      .setMaxBackoff(Duration.ofSeconds(15)).setBackoffMultiplier(2).build();
  private final SettableClock clock;
  private final SdkMeterProvider provider;
  final Meter meter;

  /**
   * @param resource resource attributes beyond the SDK's defaults ({@code service.name}, ...)
   * @param delta delta temporality (else the SDK's default, cumulative)
   * @param startSecond the provider's start, the start time of its cumulative series
   */
  TestMeterAgent(String endpoint, String token, Attributes resource, boolean delta, long startSecond) {
    clock = new SettableClock(startSecond);
    provider = SdkMeterProvider.builder().setClock(clock)
        .setResource(Resource.getDefault().merge(Resource.create(resource)))
        .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder().setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + token).setTimeout(Duration.ofSeconds(60)).setRetryPolicy(PATIENT)
            .setAggregationTemporalitySelector(delta ? AggregationTemporalitySelector.deltaPreferred()
                : AggregationTemporalitySelector.alwaysCumulative())
            .build()).setInterval(Duration.ofHours(1)).build())
        .build();
    meter = provider.get("wake-metrics-it");
  }

  /** The resource of an agent instance. */
  static Attributes resource(String service, String instanceId, String agentName, String host) {
    AttributesBuilder builder = Attributes.builder().put("service.name", service).put("service.instance.id", instanceId)
        .put("host.name", host);
    if (agentName != null) {
      builder.put("gen_ai.agent.name", agentName);
    }
    return builder.build();
  }

  /** Collects and exports what was recorded, stamped {@code second}. */
  void export(long second) {
    clock.second = second;
    // The SDK (1.55) completes a flush before it marks its exporter free again, so a flush right
    // after the previous one can find it "busy" and fail at once, having collected nothing (no
    // point is lost; the clean-clone failures "metrics export failed 3 times" were this race, the
    // three tries taking microseconds). Try again after a pause.
    for (int attempt = 1; !provider.forceFlush().join(90, TimeUnit.SECONDS).isSuccess(); attempt++) {
      if (attempt == 100) {
        throw new IllegalStateException("metrics flush failed 100 times in 5 s");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while flushing metrics", e);
      }
    }
  }

  /** Exports a last time, stamped {@code second}, and shuts down. */
  void close(long second) {
    clock.second = second;
    close();
  }

  @Override
  public void close() {
    if (!provider.shutdown().join(90, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException("metrics shutdown failed");
    }
  }

  private static final class SettableClock implements Clock {
    volatile long second;

    SettableClock(long second) {
      this.second = second;
    }

    @Override
    public long now() {
      return TimeUnit.SECONDS.toNanos(second);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  }
}
