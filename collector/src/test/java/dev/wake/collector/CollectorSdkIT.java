package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenTelemetry Java SDK's own OTLP exporters in, a Kafka consumer out. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class CollectorSdkIT {
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<Long> TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");

  @Test
  void httpProtobuf_spansOfTwoTraces_oneRecordPerTraceKeyedByTraceId(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      SpanExporter exporter = OtlpHttpSpanExporter.builder().setEndpoint(fixture.httpUrl(Signal.TRACES)).build();
      assertSpansArrive(fixture, exporter);
    }
  }

  @Test
  void grpc_spansOfTwoTraces_oneRecordPerTraceKeyedByTraceId(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      SpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(fixture.grpcEndpoint()).build();
      assertSpansArrive(fixture, exporter);
    }
  }

  private static void assertSpansArrive(CollectorFixture fixture, SpanExporter exporter) {
    Map<String, Set<String>> sent = new HashMap<>(); // trace id -> span ids
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "planner",
            AttributeKey.stringKey("service.instance.id"), "agent-42"))))
        .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    Tracer tracer = provider.get("wake-test");
    for (int t = 0; t < 2; t++) {
      Span root = tracer.spanBuilder("plan").startSpan();
      try (Scope ignored = root.makeCurrent()) {
        for (int i = 0; i < 2; i++) {
          Span child = tracer.spanBuilder("llm.call").setAttribute(MODEL, "m-" + i).setAttribute(TOKENS, 100L + i)
              .startSpan();
          child.end();
          sent.computeIfAbsent(child.getSpanContext().getTraceId(), k -> new HashSet<>())
              .add(child.getSpanContext().getSpanId());
        }
      } finally {
        root.end();
      }
      sent.get(root.getSpanContext().getTraceId()).add(root.getSpanContext().getSpanId());
    }
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);

    Map<String, Set<String>> received = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : fixture.read(Signal.TRACES, 6)) {
      String key = new String(record.key(), StandardCharsets.UTF_8);
      assertThat(new String(record.headers().lastHeader(KafkaSink.TENANT_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo("default");
      ExportTraceServiceRequest request = parse(record.value());
      var resource = request.getResourceSpans(0).getResource();
      assertThat(attribute(resource.getAttributesList(), "service.instance.id")).isEqualTo("agent-42");
      request.getResourceSpans(0).getScopeSpans(0).getSpansList().forEach(span -> {
        assertThat(Ids.hex(span.getTraceId())).isEqualTo(key);
        received.computeIfAbsent(key, k -> new HashSet<>()).add(Ids.hex(span.getSpanId()));
        if (span.getName().equals("llm.call")) {
          assertThat(attribute(span.getAttributesList(), "gen_ai.request.model")).startsWith("m-");
          assertThat(span.getAttributesList().stream().filter(a -> a.getKey().equals("gen_ai.usage.input_tokens"))
              .findFirst().orElseThrow().getValue().getIntValue()).isBetween(100L, 101L);
        }
      });
    }
    assertThat(received).isEqualTo(sent);
  }

  @Test
  void metricsAndLogs_overHttpAndGrpc_keyedByServiceInstance(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      exportMetrics(OtlpHttpMetricExporter.builder().setEndpoint(fixture.httpUrl(Signal.METRICS)).build(), "agent-http");
      exportMetrics(OtlpGrpcMetricExporter.builder().setEndpoint(fixture.grpcEndpoint()).build(), "agent-grpc");
      exportLogs(OtlpHttpLogRecordExporter.builder().setEndpoint(fixture.httpUrl(Signal.LOGS)).build(), "agent-http");
      exportLogs(OtlpGrpcLogRecordExporter.builder().setEndpoint(fixture.grpcEndpoint()).build(), "agent-grpc");

      Set<String> metricKeys = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> record : fixture.read(Signal.METRICS, 2)) {
        metricKeys.add(new String(record.key(), StandardCharsets.UTF_8));
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(record.value());
        assertThat(request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
            .anySatisfy(m -> assertThat(m.getName()).isEqualTo("gen_ai.client.token.usage"));
      }
      assertThat(metricKeys).containsExactlyInAnyOrder("agent-http", "agent-grpc");

      Set<String> logBodies = new HashSet<>();
      for (ConsumerRecord<byte[], byte[]> record : fixture.read(Signal.LOGS, 2)) {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(record.value());
        logBodies.add(new String(record.key(), StandardCharsets.UTF_8) + ":"
            + request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0).getBody().getStringValue());
      }
      assertThat(logBodies).containsExactlyInAnyOrder("agent-http:tool failed", "agent-grpc:tool failed");
    }
  }

  private static void exportMetrics(MetricExporter exporter, String instance) {
    SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource(instance))
        .registerMetricReader(PeriodicMetricReader.builder(exporter).build()).build();
    provider.get("wake-test").counterBuilder("gen_ai.client.token.usage").build()
        .add(1234, Attributes.of(AttributeKey.stringKey("gen_ai.token.type"), "input"));
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private static void exportLogs(LogRecordExporter exporter, String instance) {
    SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(resource(instance))
        .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
    provider.get("wake-test").logRecordBuilder().setBody("tool failed").emit();
    assertThat(provider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private static Resource resource(String instance) {
    return Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "worker",
        AttributeKey.stringKey("service.instance.id"), instance));
  }

  private static ExportTraceServiceRequest parse(byte[] value) throws RuntimeException {
    try {
      return ExportTraceServiceRequest.parseFrom(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    return attributes.stream().filter(a -> a.getKey().equals(key)).findFirst()
        .map(a -> a.getValue().getStringValue()).orElse(null);
  }
}
