package dev.wake.collector;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OtlpJsonTest {
  private static final ByteString TRACE_ID = hex("5b8efff798038103d269b633813fc60c");
  private static final ByteString SPAN_ID = hex("eee19b7ec3c1b174");
  private static final ByteString PARENT_SPAN_ID = hex("eee19b7ec3c1b173");

  /** The OTLP specification's trace example, with attributes of every AnyValue kind added. */
  private static final String TRACES = """
      {"resourceSpans": [{
        "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my.service"}}]},
        "scopeSpans": [{
          "scope": {"name": "my.library", "version": "1.0.0"},
          "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C",
            "spanId": "EEE19B7EC3C1B174",
            "parentSpanId": "EEE19B7EC3C1B173",
            "name": "I'm a server span",
            "startTimeUnixNano": "1544712660000000000",
            "endTimeUnixNano": "1544712661000000000",
            "kind": 2,
            "attributes": [
              {"key": "my.span.attr", "value": {"stringValue": "some value"}},
              {"key": "ok", "value": {"boolValue": true}},
              {"key": "count", "value": {"intValue": "9007199254740993"}},
              {"key": "ratio", "value": {"doubleValue": 0.25}},
              {"key": "list", "value": {"arrayValue": {"values": [{"stringValue": "a"}, {"intValue": 7}]}}},
              {"key": "map", "value": {"kvlistValue": {"values": [{"key": "k", "value": {"stringValue": "v"}}]}}},
              {"key": "raw", "value": {"bytesValue": "AQID"}}
            ]
          }]
        }]
      }]}
      """;

  @Test
  void parseTraces_specExample_keepsIdsAndValues() throws Exception {
    ExportTraceServiceRequest request = OtlpJson.parseTraces(TRACES.getBytes(UTF_8));

    assertThat(request.getResourceSpans(0).getResource().getAttributesList())
        .containsExactly(attribute("service.name", string("my.service")));
    assertThat(request.getResourceSpans(0).getScopeSpans(0).getScope().getName())
        .isEqualTo("my.library");
    Span span = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(span.getName()).isEqualTo("I'm a server span");
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(span.getEndTimeUnixNano()).isEqualTo(1544712661000000000L);
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(span.getAttributesList()).containsExactly(
        attribute("my.span.attr", string("some value")),
        attribute("ok", AnyValue.newBuilder().setBoolValue(true).build()),
        attribute("count", AnyValue.newBuilder().setIntValue(9007199254740993L).build()),
        attribute("ratio", AnyValue.newBuilder().setDoubleValue(0.25).build()),
        attribute("list", AnyValue.newBuilder().setArrayValue(
            ArrayValue.newBuilder()
                .addValues(string("a"))
                .addValues(AnyValue.newBuilder().setIntValue(7))).build()),
        attribute("map", AnyValue.newBuilder().setKvlistValue(
            KeyValueList.newBuilder()
                .addValues(attribute("k", string("v")))).build()),
        attribute("raw", AnyValue.newBuilder()
            .setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3})).build()));
  }

  @Test
  void parseMetrics_specExample_parsesSumGaugeAndExemplarIds() throws Exception {
    String json = """
        {"resourceMetrics": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my.service"}}]},
          "scopeMetrics": [{
            "scope": {"name": "my.library", "version": "1.0.0"},
            "metrics": [
              {"name": "my.counter", "unit": "1", "description": "I am a Counter",
               "sum": {"aggregationTemporality": 1, "isMonotonic": true, "dataPoints": [{
                 "asInt": "5",
                 "startTimeUnixNano": "1544712660300000000",
                 "timeUnixNano": "1544712660300000000",
                 "attributes": [{"key": "my.counter.attr", "value": {"stringValue": "some value"}}],
                 "exemplars": [{"asInt": "1", "timeUnixNano": "1544712660300000000",
                   "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174"}]
               }]}},
              {"name": "my.gauge", "unit": "1", "description": "I am a Gauge",
               "gauge": {"dataPoints": [{"asDouble": 10, "timeUnixNano": "1544712660300000000"}]}}
            ]
          }]
        }]}
        """;

    ExportMetricsServiceRequest request = OtlpJson.parseMetrics(json.getBytes(UTF_8));

    List<Metric> metrics = request.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics).extracting(Metric::getName).containsExactly("my.counter", "my.gauge");
    assertThat(metrics.get(0).getSum().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA);
    assertThat(metrics.get(0).getSum().getIsMonotonic()).isTrue();
    NumberDataPoint point = metrics.get(0).getSum().getDataPoints(0);
    assertThat(point.getAsInt()).isEqualTo(5);
    assertThat(point.getStartTimeUnixNano()).isEqualTo(1544712660300000000L);
    assertThat(point.getAttributes(0)).isEqualTo(attribute("my.counter.attr", string("some value")));
    assertThat(point.getExemplars(0).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(point.getExemplars(0).getSpanId()).isEqualTo(SPAN_ID);
    assertThat(metrics.get(1).getGauge().getDataPoints(0).getAsDouble()).isEqualTo(10.0);
  }

  @Test
  void parseLogs_specExample_parsesRecord() throws Exception {
    String json = """
        {"resourceLogs": [{
          "resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "my.service"}}]},
          "scopeLogs": [{
            "scope": {"name": "my.library", "version": "1.0.0"},
            "logRecords": [{
              "timeUnixNano": "1544712660300000000",
              "observedTimeUnixNano": "1544712660300000000",
              "severityNumber": 10,
              "severityText": "Information",
              "traceId": "5B8EFFF798038103D269B633813FC60C",
              "spanId": "EEE19B7EC3C1B174",
              "body": {"stringValue": "Example log record"},
              "attributes": [{"key": "string.attribute", "value": {"stringValue": "some string"}}]
            }]
          }]
        }]}
        """;

    ExportLogsServiceRequest request = OtlpJson.parseLogs(json.getBytes(UTF_8));

    LogRecord log = request.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(log.getTimeUnixNano()).isEqualTo(1544712660300000000L);
    assertThat(log.getSeverityNumberValue()).isEqualTo(10);
    assertThat(log.getSeverityText()).isEqualTo("Information");
    assertThat(log.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(log.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(log.getBody()).isEqualTo(string("Example log record"));
  }

  @Test
  void parseTraces_snakeCaseNames_parse() throws Exception {
    String json = """
        {"resource_spans": [{"scope_spans": [{"spans": [{
          "trace_id": "5b8efff798038103d269b633813fc60c",
          "span_id": "eee19b7ec3c1b174",
          "parent_span_id": "eee19b7ec3c1b173",
          "start_time_unix_nano": 1544712660000000000,
          "links": [{"trace_id": "5b8efff798038103d269b633813fc60c", "span_id": "eee19b7ec3c1b173"}]
        }]}]}]}
        """;

    Span span = OtlpJson.parseTraces(json.getBytes(UTF_8))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
    assertThat(span.getParentSpanId()).isEqualTo(PARENT_SPAN_ID);
    assertThat(span.getStartTimeUnixNano()).isEqualTo(1544712660000000000L);
    assertThat(span.getLinks(0).getTraceId()).isEqualTo(TRACE_ID);
    assertThat(span.getLinks(0).getSpanId()).isEqualTo(PARENT_SPAN_ID);
  }

  @Test
  void parseTraces_unknownFieldsAtSeveralLevels_areIgnored() throws Exception {
    String json = """
        {"future": {"traceId": "not hex", "deep": [[1, {"x": null}], "s"]},
         "resourceSpans": [{"extra": 1, "scopeSpans": [{"spans": [{
           "spanId": "eee19b7ec3c1b174", "newField": {"spanId": 12}, "flags2": [true, false]
         }], "unknownList": []}]}]}
        """;

    Span span = OtlpJson.parseTraces(json.getBytes(UTF_8))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void parseTraces_enumAsName_isAccepted() throws Exception {
    String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":\"SPAN_KIND_CLIENT\"}]}]}]}";

    Span span = OtlpJson.parseTraces(json.getBytes(UTF_8))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
  }

  @Test
  void parseTraces_hexIdOfWrongLength_keepsItsBytes() throws Exception {
    Span span = OtlpJson.parseTraces(traces("\"traceId\": \"abcdef\", \"spanId\": \"\""))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getTraceId()).isEqualTo(hex("abcdef"));
    assertThat(span.getSpanId()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void parseTraces_escapedFieldNameAndHexDigits_areDecoded() throws Exception {
    Span span = OtlpJson.parseTraces(traces("\"span\\u0049d\": \"\\u0065ee19b7ec3c1b174\""))
        .getResourceSpans(0).getScopeSpans(0).getSpans(0);

    assertThat(span.getSpanId()).isEqualTo(SPAN_ID);
  }

  @Test
  void parseTraces_idNotHex_failsNamingThePath() {
    String json = """
        {"resourceSpans": [{"scopeSpans": [{"spans": [{}, {}, {"traceId": "xyz"}]}]}]}
        """;

    assertThatThrownBy(() -> OtlpJson.parseTraces(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("resourceSpans[0].scopeSpans[0].spans[2].traceId is not hex: \"xyz\"");
  }

  @Test
  void parseTraces_idOfOddLength_fails() {
    assertThatThrownBy(() -> OtlpJson.parseTraces(traces("\"spanId\": \"abc\"")))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("resourceSpans[0].scopeSpans[0].spans[0].spanId is not hex: \"abc\"");
  }

  @Test
  void parseTraces_idAsNumber_fails() {
    assertThatThrownBy(() -> OtlpJson.parseTraces(traces("\"spanId\": 1234")))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("resourceSpans[0].scopeSpans[0].spans[0].spanId must be a hex string, not a number");
  }

  @Test
  void parseTraces_truncatedJson_fails() {
    byte[] truncated = TRACES.substring(0, TRACES.length() / 2).getBytes(UTF_8);

    assertThatThrownBy(() -> OtlpJson.parseTraces(truncated))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageContaining("unexpected end of input");
  }

  @Test
  void parseTraces_arrayAtTopLevel_fails() {
    assertThatThrownBy(() -> OtlpJson.parseTraces("[{}]".getBytes(UTF_8)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("request body must be a JSON object");
  }

  @Test
  void parseTraces_stringWhereObjectExpected_failsNamingThePath() {
    byte[] json = "{\"resourceSpans\": [{\"resource\": \"my.service\"}]}".getBytes(UTF_8);

    assertThatThrownBy(() -> OtlpJson.parseTraces(json))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("resourceSpans[0].resource must be a JSON object, not a string");
  }

  @Test
  void parseTraces_objectWhereArrayExpected_fails() {
    assertThatThrownBy(() -> OtlpJson.parseTraces("{\"resourceSpans\": {}}".getBytes(UTF_8)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("resourceSpans must be a JSON array, not an object");
  }

  @Test
  void parseTraces_wrongScalar_fails() {
    assertThatThrownBy(() -> OtlpJson.parseTraces(traces("\"startTimeUnixNano\": \"soon\"")))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageStartingWith("invalid OTLP JSON: ");
  }

  @Test
  void parseLogs_invalidUtf8_fails() {
    byte[] json = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

    assertThatThrownBy(() -> OtlpJson.parseLogs(json))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("request body is not valid UTF-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  \n "})
  void parseMetrics_emptyBody_fails(String body) {
    assertThatThrownBy(() -> OtlpJson.parseMetrics(body.getBytes(UTF_8)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessage("request body is empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{'resourceSpans': []}", "{resourceSpans: []}", "{\"resourceSpans\": [],}",
      "{\"resourceSpans\": [] /* c */}", "{\"x\": NaN}", "{\"x\": 01}", "{\"x\": 1.}",
      "{\"x\": tru}", "{\"x\": \"a\\qb\"}", "{\"x\": \"a\tb\"}", "{\"x\": \"\\u12\"}", "{} {}",
      "{\"x\" 1}", "{\"x\": [1 2]}", "{\"x\": \"unterminated}"})
  void parseTraces_nonStrictJson_fails(String json) {
    assertThatThrownBy(() -> OtlpJson.parseTraces(json.getBytes(UTF_8)))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageStartingWith("malformed JSON at character ");
  }

  @Test
  void parseTraces_kvlistNested10000Deep_failsWithoutStackOverflow() {
    byte[] json = traces("\"attributes\": [{\"key\": \"k\", \"value\": " + kvlist(10_000) + "}]");

    assertThatThrownBy(() -> OtlpJson.parseTraces(json))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageStartingWith("JSON nested deeper than 512 levels");
  }

  @Test
  void parseTraces_unknownArrayNested10000Deep_failsWithoutStackOverflow() {
    byte[] json = ("{\"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}").getBytes(UTF_8);

    assertThatThrownBy(() -> OtlpJson.parseTraces(json))
        .isInstanceOf(InvalidOtlpException.class)
        .hasMessageStartingWith("JSON nested deeper than 512 levels");
  }

  @Test
  void parseTraces_kvlistNested20Deep_parses() throws Exception {
    byte[] json = traces("\"attributes\": [{\"key\": \"k\", \"value\": " + kvlist(20) + "}]");

    AnyValue value = OtlpJson.parseTraces(json)
        .getResourceSpans(0).getScopeSpans(0).getSpans(0).getAttributes(0).getValue();

    for (int i = 0; i < 20; i++) {
      value = value.getKvlistValue().getValues(0).getValue();
    }
    assertThat(value).isEqualTo(string("x"));
  }

  @Test
  void print_partialSuccess_writesCamelCaseWithInt64AsString() {
    ExportTraceServiceResponse response = ExportTraceServiceResponse.newBuilder()
        .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
            .setRejectedSpans(2)
            .setErrorMessage("2 spans have an invalid trace id"))
        .build();

    assertThat(new String(OtlpJson.print(response), UTF_8)).isEqualTo(
        "{\"partialSuccess\":{\"rejectedSpans\":\"2\","
            + "\"errorMessage\":\"2 spans have an invalid trace id\"}}");
  }

  @Test
  void print_emptyResponse_writesEmptyObject() {
    assertThat(OtlpJson.print(ExportTraceServiceResponse.getDefaultInstance()))
        .isEqualTo("{}".getBytes(UTF_8));
  }

  private static byte[] traces(String spanFields) {
    return ("{\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [{" + spanFields + "}]}]}]}")
        .getBytes(UTF_8);
  }

  private static String kvlist(int depth) {
    return "{\"kvlistValue\": {\"values\": [{\"key\": \"k\", \"value\": ".repeat(depth)
        + "{\"stringValue\": \"x\"}" + "}]}}".repeat(depth);
  }

  private static ByteString hex(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  private static AnyValue string(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  private static KeyValue attribute(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
