package dev.wake.query;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.RetryPolicy;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * One agent instance's metrics as a real agent reports them: its own OpenTelemetry SDK meter
 * provider and resource, exporting over OTLP/gRPC with a bearer token, on a clock the test sets, so
 * that every collection ({@link #export}, {@link #close}) stamps its points with a known time.
 *
 * <p>Collections are made by the test, not by the SDK's {@code PeriodicMetricReader}: that reader
 * (1.55) completes a flush before it marks its exporter free again, so a flush or a shutdown right
 * after the previous flush can find it "busy" and drop what it collected, and its shutdown still
 * reports success. (CI lost the last export of an agent that way.) Here each collection is exported
 * and waited for, and a failed export fails the test.
 */
final class TestMeterAgent implements AutoCloseable {
  /** Longer backoffs than the SDK's default: a loaded test machine can keep the collector busy for seconds. */
  private static final RetryPolicy PATIENT = RetryPolicy.builder().setInitialBackoff(Duration.ofSeconds(2))
      .setMaxBackoff(Duration.ofSeconds(15)).setBackoffMultiplier(2).build();
  private final SettableClock clock;
  private final MetricExporter exporter;
  private final ManualReader reader;
  private final SdkMeterProvider provider;
  final Meter meter;

  /**
   * @param resource resource attributes beyond the SDK's defaults ({@code service.name}, ...)
   * @param delta delta temporality (else the SDK's default, cumulative)
   * @param startSecond the provider's start, the start time of its cumulative series
   */
  TestMeterAgent(String endpoint, String token, Attributes resource, boolean delta, long startSecond) {
    clock = new SettableClock(startSecond);
    exporter = OtlpGrpcMetricExporter.builder().setEndpoint(endpoint)
        .addHeader("Authorization", "Bearer " + token).setTimeout(Duration.ofSeconds(60)).setRetryPolicy(PATIENT)
        .setAggregationTemporalitySelector(delta ? AggregationTemporalitySelector.deltaPreferred()
            : AggregationTemporalitySelector.alwaysCumulative())
        .build();
    reader = new ManualReader(exporter);
    provider = SdkMeterProvider.builder().setClock(clock)
        .setResource(Resource.getDefault().merge(Resource.create(resource))).registerMetricReader(reader).build();
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

  /** Collects what was recorded, stamped {@code second}, and exports it; returns once the collector accepted it. */
  void export(long second) {
    clock.second = second;
    Collection<MetricData> metrics = reader.registration.collectAllMetrics();
    if (!metrics.isEmpty() && !exporter.export(metrics).join(90, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException("metrics export at second " + second + " failed");
    }
  }

  /** Exports a last time, stamped {@code second}, and shuts down. */
  void close(long second) {
    export(second);
    close();
  }

  @Override
  public void close() {
    if (!provider.shutdown().join(90, TimeUnit.SECONDS).isSuccess()) {
      throw new IllegalStateException("metrics shutdown failed");
    }
  }

  /** A reader that collects only when {@link #export} asks; shutting it down shuts the exporter. */
  private static final class ManualReader implements MetricReader {
    private final MetricExporter exporter;
    private volatile CollectionRegistration registration = CollectionRegistration.noop();

    ManualReader(MetricExporter exporter) {
      this.exporter = exporter;
    }

    @Override
    public void register(CollectionRegistration registration) {
      this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return exporter.getAggregationTemporality(instrumentType);
    }

    @Override
    public Aggregation getDefaultAggregation(InstrumentType instrumentType) {
      return exporter.getDefaultAggregation(instrumentType);
    }

    @Override
    public CompletableResultCode forceFlush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return exporter.shutdown();
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
