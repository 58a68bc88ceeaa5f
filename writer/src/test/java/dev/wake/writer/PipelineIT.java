package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.collector.Collector;
import dev.wake.collector.CollectorConfig;
import dev.wake.collector.Signal;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The writer end to end: the OpenTelemetry Java SDK's OTLP exporters, Wake's collector, Kafka, the
 * writer, ClickHouse. Every span, metric point and log record is stored once, attributes intact.
 * Both tests share the class's database, so every query is scoped to the test's own agent instance.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class PipelineIT {
  private static final int TRACES = 5;
  private static final int SPANS_PER_TRACE = 10;
  private static final int SPANS = TRACES * SPANS_PER_TRACE;
  private static final List<String> LOG_BODIES = List.of("tool call started", "tool timed out", "retrying tool");

  /** What the SDK was given: ids to find again in ClickHouse. */
  private record Sent(String instance, Set<String> traceIds, Set<String> spanIds, Set<String> linkedSpanIds,
      String loggedTraceId, String loggedSpanId) {}

  @Test
  void httpProtobuf_spansMetricsLogs_eachStoredOnceWithAttributes(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    try (Collector collector = startCollector(fx); Writer writer = fx.start()) {
      String base = "http://127.0.0.1:" + collector.httpPort();
      Sent sent = send(OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build(),
          OtlpHttpLogRecordExporter.builder().setEndpoint(base + "/v1/logs").build(),
          OtlpHttpMetricExporter.builder().setEndpoint(base + "/v1/metrics").build());
      assertStored(fx, sent);
    }
  }

  @Test
  void grpc_spansMetricsLogs_eachStoredOnceWithAttributes(TestKafka kafka, TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    try (Collector collector = startCollector(fx); Writer writer = fx.start()) {
      String endpoint = "http://127.0.0.1:" + collector.grpcPort();
      Sent sent = send(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build(),
          OtlpGrpcLogRecordExporter.builder().setEndpoint(endpoint).build(),
          OtlpGrpcMetricExporter.builder().setEndpoint(endpoint).build());
      assertStored(fx, sent);
    }
  }

  private static Collector startCollector(WriterFixture fx) throws Exception {
    Collector collector = new Collector(new CollectorConfig("127.0.0.1", 0, 0, 16 << 20, 64L << 20,
        fx.kafka.bootstrapServers(), Map.of(Signal.TRACES, fx.config.spansTopic(), Signal.METRICS,
        fx.config.metricsTopic(), Signal.LOGS, fx.config.logsTopic()), 3, (short) 1, 5_000, null));
    collector.start();
    return collector;
  }

  /**
   * {@value #TRACES} traces of {@value #SPANS_PER_TRACE} spans: a root, an {@code execute_tool} span
   * with an event, an error status and (but in the first trace) a link to the previous root, and
   * {@code chat} spans with attributes of every type; three logs in the last tool span's context;
   * two GPU gauge points, two counter points, two token usage histogram points.
   */
  private static Sent send(SpanExporter spans, LogRecordExporter logs, MetricExporter metrics) {
    String instance = "planner-" + TestSpans.randomHex(6);
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
        .put("service.name", "planner").put("service.instance.id", instance).put("host.name", "gpu-host-7")
        .put("process.pid", 4242L).build()));
    // One export per provider (long schedule delay, flushed once): a trace reaches Kafka as one record.
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(BatchSpanProcessor.builder(spans).setScheduleDelay(Duration.ofMinutes(5)).build())
        .build();
    SdkLoggerProvider loggerProvider = SdkLoggerProvider.builder().setResource(resource)
        .addLogRecordProcessor(BatchLogRecordProcessor.builder(logs).setScheduleDelay(Duration.ofMinutes(5)).build())
        .build();
    Tracer tracer = tracerProvider.get("wake-pipeline-it", "1.0");
    Logger logger = loggerProvider.get("wake-pipeline-it");

    Set<String> traceIds = new HashSet<>();
    Set<String> spanIds = new HashSet<>();
    Set<String> linkedSpanIds = new HashSet<>();
    Span previousRoot = null;
    Span tool = null;
    for (int t = 0; t < TRACES; t++) {
      Span root = tracer.spanBuilder("invoke_agent planner").setSpanKind(SpanKind.SERVER).setNoParent()
          .setAttribute("gen_ai.agent.name", "planner").startSpan();
      Context inRoot = Context.root().with(root);
      var toolBuilder = tracer.spanBuilder("execute_tool").setParent(inRoot)
          .setAttribute("gen_ai.tool.name", "web_search");
      if (previousRoot != null) {
        toolBuilder.addLink(previousRoot.getSpanContext(), Attributes.of(AttributeKey.stringKey("wake.link"), "retry"));
        linkedSpanIds.add(previousRoot.getSpanContext().getSpanId());
      }
      tool = toolBuilder.startSpan();
      tool.addEvent("gen_ai.tool.retry", Attributes.builder().put("attempt", 2L).put("reason", "timeout").build());
      tool.setStatus(StatusCode.ERROR, "tool timed out");
      tool.end();
      spanIds.add(tool.getSpanContext().getSpanId());
      for (int i = 0; i < SPANS_PER_TRACE - 2; i++) {
        Span chat = tracer.spanBuilder("chat").setParent(inRoot).setSpanKind(SpanKind.CLIENT)
            .setAttribute("gen_ai.request.model", "gpt-4o")
            .setAttribute("gen_ai.usage.input_tokens", 120L)
            .setAttribute("gen_ai.request.temperature", 0.25)
            .setAttribute(AttributeKey.booleanKey("wake.cached"), true)
            .setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop", "length"))
            .setAttribute(AttributeKey.longArrayKey("wake.gpu.ids"), List.of(0L, 3L))
            .startSpan();
        chat.end();
        spanIds.add(chat.getSpanContext().getSpanId());
      }
      root.end();
      spanIds.add(root.getSpanContext().getSpanId());
      traceIds.add(root.getSpanContext().getTraceId());
      previousRoot = root;
    }
    Context inTool = Context.root().with(tool);
    for (int i = 0; i < LOG_BODIES.size(); i++) {
      logger.logRecordBuilder().setContext(inTool).setSeverity(Severity.WARN).setSeverityText("WARN")
          .setBody(LOG_BODIES.get(i)).setAttribute(AttributeKey.longKey("wake.seq"), (long) i)
          .setAttribute(AttributeKey.stringKey("gen_ai.tool.name"), "web_search").emit();
    }
    assertThat(tracerProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    assertThat(loggerProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
    loggerProvider.shutdown().join(10, TimeUnit.SECONDS);

    sendMetrics(metrics, resource);
    return new Sent(instance, traceIds, spanIds, linkedSpanIds, tool.getSpanContext().getTraceId(),
        tool.getSpanContext().getSpanId());
  }

  /**
   * Exported once, by shutdown's final collection: a forceFlush before it would export the same
   * cumulative points a second time, rightly stored twice.
   */
  private static void sendMetrics(MetricExporter exporter, Resource resource) {
    SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource)
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .build();
    Meter meter = provider.get("wake-pipeline-it");
    var utilization = meter.gaugeBuilder("hw.gpu.utilization").setUnit("1").build();
    utilization.set(0.85, Attributes.builder().put("hw.id", "gpu0").put("hw.gpu.task", "general").build());
    utilization.set(0.4, Attributes.builder().put("hw.id", "gpu1").put("hw.gpu.task", "general").build());
    var calls = meter.counterBuilder("wake.tool.calls").build();
    calls.add(3, Attributes.of(AttributeKey.stringKey("gen_ai.tool.name"), "web_search"));
    calls.add(2, Attributes.of(AttributeKey.stringKey("gen_ai.tool.name"), "fetch"));
    var tokens = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}").build();
    tokens.record(120, Attributes.of(AttributeKey.stringKey("gen_ai.token.type"), "input"));
    tokens.record(80, Attributes.of(AttributeKey.stringKey("gen_ai.token.type"), "input"));
    tokens.record(30, Attributes.of(AttributeKey.stringKey("gen_ai.token.type"), "output"));
    assertThat(provider.shutdown().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
  }

  private static void assertStored(WriterFixture fx, Sent sent) throws Exception {
    String mine = " WHERE AgentInstanceId = '" + sent.instance() + "'";
    String traces = "SELECT count() FROM otel_traces" + mine;
    String gauge = "SELECT count() FROM otel_metrics_gauge" + mine;
    String sum = "SELECT count() FROM otel_metrics_sum" + mine;
    String histogram = "SELECT count() FROM otel_metrics_histogram" + mine;
    String logs = "SELECT count() FROM otel_logs" + mine;
    assertThat(fx.awaitAtLeast(traces, SPANS)).isEqualTo(SPANS);
    assertThat(fx.awaitAtLeast(gauge, 2)).isEqualTo(2);
    assertThat(fx.awaitAtLeast(sum, 2)).isEqualTo(2);
    assertThat(fx.awaitAtLeast(histogram, 2)).isEqualTo(2);
    assertThat(fx.awaitAtLeast(logs, LOG_BODIES.size())).isEqualTo(LOG_BODIES.size());
    Thread.sleep(5 * fx.config.batchDelayMs() + 1_000); // nothing arrives a second time
    assertThat(List.of(fx.scalar(traces), fx.scalar(gauge), fx.scalar(sum), fx.scalar(histogram), fx.scalar(logs)))
        .containsExactly((long) SPANS, 2L, 2L, 2L, (long) LOG_BODIES.size());

    assertSpans(fx, sent, mine);
    assertMetrics(fx, sent, mine);
    assertLogs(fx, sent, mine);
  }

  private static void assertSpans(WriterFixture fx, Sent sent, String mine) throws Exception {
    assertThat(fx.scalar("SELECT uniqExact(SpanId) FROM otel_traces" + mine)).isEqualTo(SPANS);
    assertThat(column(fx, "SELECT SpanId AS v FROM otel_traces" + mine)).isEqualTo(sent.spanIds());
    assertThat(column(fx, "SELECT DISTINCT TraceId AS v FROM otel_traces" + mine)).isEqualTo(sent.traceIds());
    assertThat(fx.rows("SELECT DISTINCT TenantId, ServiceName, ResourceAttributes['service.instance.id'] AS instance,"
        + " ResourceAttributes['host.name'] AS host, ResourceAttributes['process.pid'] AS pid,"
        + " ScopeName, ScopeVersion FROM otel_traces" + mine)).containsExactly(Map.of("TenantId", "default",
        "ServiceName", "planner", "instance", sent.instance(), "host", "gpu-host-7", "pid", "4242",
        "ScopeName", "wake-pipeline-it", "ScopeVersion", "1.0"));
    assertThat(fx.rows("SELECT SpanKind, count() AS n, countIf(ParentSpanId = '') AS roots FROM otel_traces" + mine
        + " GROUP BY SpanKind ORDER BY SpanKind")).containsExactly(
        Map.of("SpanKind", "Client", "n", String.valueOf(TRACES * (SPANS_PER_TRACE - 2)), "roots", "0"),
        Map.of("SpanKind", "Internal", "n", String.valueOf(TRACES), "roots", "0"),
        Map.of("SpanKind", "Server", "n", String.valueOf(TRACES), "roots", String.valueOf(TRACES)));

    assertThat(fx.rows("SELECT DISTINCT SpanAttributes['gen_ai.request.model'] AS model,"
        + " SpanAttributes['gen_ai.usage.input_tokens'] AS tokens,"
        + " SpanAttributes['gen_ai.request.temperature'] AS temperature, SpanAttributes['wake.cached'] AS cached,"
        + " SpanAttributes['gen_ai.response.finish_reasons'] AS reasons, SpanAttributes['wake.gpu.ids'] AS gpus,"
        + " StatusCode FROM otel_traces" + mine + " AND SpanName = 'chat'")).containsExactly(Map.of(
        "model", "gpt-4o", "tokens", "120", "temperature", "0.25", "cached", "true",
        "reasons", "[\"stop\",\"length\"]", "gpus", "[0,3]", "StatusCode", "Unset"));

    assertThat(fx.rows("SELECT DISTINCT SpanAttributes['gen_ai.tool.name'] AS tool, StatusCode, StatusMessage,"
        + " arrayStringConcat(Events.Name, ',') AS events, Events.Attributes[1]['attempt'] AS attempt,"
        + " Events.Attributes[1]['reason'] AS reason FROM otel_traces" + mine + " AND SpanName = 'execute_tool'"))
        .containsExactly(Map.of("tool", "web_search", "StatusCode", "Error", "StatusMessage", "tool timed out",
            "events", "gen_ai.tool.retry", "attempt", "2", "reason", "timeout"));
    assertThat(column(fx, "SELECT arrayJoin(Links.SpanId) AS v FROM otel_traces" + mine))
        .isEqualTo(sent.linkedSpanIds());
    assertThat(fx.scalar("SELECT countIf(Links.TraceId[1] IN " + sqlTuple(sent.traceIds())
        + " AND Links.Attributes[1]['wake.link'] = 'retry') FROM otel_traces" + mine
        + " AND length(Links.SpanId) = 1")).isEqualTo(TRACES - 1);

    String inTraces = " WHERE TraceId IN " + sqlTuple(sent.traceIds());
    assertThat(fx.scalar("SELECT count() FROM otel_traces_trace_id_ts" + inTraces)).isEqualTo(TRACES);
    assertThat(fx.scalar("SELECT uniqExact(TraceId) FROM otel_traces_trace_id_ts" + inTraces
        + " AND Start <= End AND toYear(Start) >= 2024")).isEqualTo(TRACES);
  }

  private static void assertMetrics(WriterFixture fx, Sent sent, String mine) throws Exception {
    String common = " TenantId, ServiceName, ResourceAttributes['service.instance.id'] AS instance, ";
    assertThat(fx.rows("SELECT" + common + "MetricName, MetricUnit, Attributes['hw.id'] AS gpu,"
        + " Attributes['hw.gpu.task'] AS task, toString(Value) AS value FROM otel_metrics_gauge" + mine
        + " ORDER BY gpu")).containsExactly(
        gaugeRow(sent, "gpu0", "0.85"), gaugeRow(sent, "gpu1", "0.4"));
    assertThat(fx.rows("SELECT" + common + "MetricName, Attributes['gen_ai.tool.name'] AS tool,"
        + " toString(Value) AS value, toString(IsMonotonic) AS monotonic,"
        + " toString(AggregationTemporality) AS temporality FROM otel_metrics_sum" + mine + " ORDER BY tool"))
        .containsExactly(sumRow(sent, "fetch", "2"), sumRow(sent, "web_search", "3"));
    assertThat(fx.rows("SELECT" + common + "MetricName, MetricUnit, Attributes['gen_ai.token.type'] AS type,"
        + " toString(Count) AS count, toString(Sum) AS sum, toString(Min) AS min, toString(Max) AS max"
        + " FROM otel_metrics_histogram" + mine + " ORDER BY type")).containsExactly(
        histogramRow(sent, "input", "2", "200", "80", "120"), histogramRow(sent, "output", "1", "30", "30", "30"));
  }

  private static void assertLogs(WriterFixture fx, Sent sent, String mine) throws Exception {
    List<Map<String, String>> rows = fx.rows("SELECT Body, LogAttributes['wake.seq'] AS seq,"
        + " LogAttributes['gen_ai.tool.name'] AS tool, TraceId, SpanId, SeverityText, toString(SeverityNumber) AS sev,"
        + " TenantId, ResourceAttributes['service.instance.id'] AS instance FROM otel_logs" + mine + " ORDER BY seq");
    List<Map<String, String>> expected = new ArrayList<>();
    for (int i = 0; i < LOG_BODIES.size(); i++) {
      expected.add(Map.of("Body", LOG_BODIES.get(i), "seq", String.valueOf(i), "tool", "web_search",
          "TraceId", sent.loggedTraceId(), "SpanId", sent.loggedSpanId(), "SeverityText", "WARN",
          "sev", String.valueOf(Severity.WARN.getSeverityNumber()), "TenantId", "default",
          "instance", sent.instance()));
    }
    assertThat(rows).isEqualTo(expected);
  }

  private static Map<String, String> gaugeRow(Sent sent, String gpu, String value) {
    return Map.of("TenantId", "default", "ServiceName", "planner", "instance", sent.instance(),
        "MetricName", "hw.gpu.utilization", "MetricUnit", "1", "gpu", gpu, "task", "general", "value", value);
  }

  private static Map<String, String> sumRow(Sent sent, String tool, String value) {
    return Map.of("TenantId", "default", "ServiceName", "planner", "instance", sent.instance(),
        "MetricName", "wake.tool.calls", "tool", tool, "value", value, "monotonic", "true", "temporality", "2");
  }

  private static Map<String, String> histogramRow(Sent sent, String type, String count, String sum, String min,
      String max) {
    return Map.of("TenantId", "default", "ServiceName", "planner", "instance", sent.instance(),
        "MetricName", "gen_ai.client.token.usage", "MetricUnit", "{token}", "type", type, "count", count,
        "sum", sum, "min", min, "max", max);
  }

  /** The values of column {@code v}, as a set. */
  private static Set<String> column(WriterFixture fx, String sql) throws Exception {
    return fx.rows(sql).stream().map(row -> row.get("v")).collect(Collectors.toSet());
  }

  /** Hex ids (generated here, never user input) as a ClickHouse tuple literal. */
  private static String sqlTuple(Set<String> ids) {
    return ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",", "(", ")"));
  }
}
