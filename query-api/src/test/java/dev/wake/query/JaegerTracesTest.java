package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Span rows as ClickHouse returns them ({@code JSONCompact}, 64-bit integers quoted), mapped to Jaeger's model. */
class JaegerTracesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String OTHER_TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String[] COLUMNS = {"TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName", "SpanKind",
      "ServiceName", "StartNs", "Duration", "StatusCode", "StatusMessage", "ScopeName", "ScopeVersion", "SpanAttributes",
      "ResourceAttributes", "EventTimes", "EventNames", "EventAttributes", "LinkTraceIds", "LinkSpanIds"};

  @Test
  void trace_rootChildAndLinkedSpan_jaegerModel() throws Exception {
    String plannerResource = "{\"service.name\":\"swarm\",\"service.instance.id\":\"a\",\"gen_ai.agent.name\":\"planner\"}";
    Table rows = table(
        row("00f067aa0ba902b7", "", "Internal", "Unset", "", "{}", plannerResource, "[]", "[]", "[]", "[]", "[]"),
        row("b7ad6b7169203331", "00f067aa0ba902b7", "Client", "Error", "model overloaded",
            "{\"gen_ai.request.model\":\"gpt-4o\",\"gen_ai.usage.input_tokens\":\"50\"}", plannerResource,
            "[\"1700000000000500000\"]", "[\"exception\"]", "[{\"exception.message\":\"429\"}]",
            "[\"" + OTHER_TRACE + "\"]", "[\"1111111111111111\"]"),
        row("c0ffee0000000001", "00f067aa0ba902b7", "Server", "Ok", "", "{}",
            "{\"service.name\":\"swarm\",\"service.instance.id\":\"b\"}", "[]", "[]", "[]", "[]", "[]"));

    Map<String, Object> trace = JaegerTraces.of(rows.named()).get(TRACE);
    JsonNode json = JSON.valueToTree(trace);

    assertThat(json.path("traceID").asText()).isEqualTo(TRACE);
    assertThat(json.path("warnings").isNull()).isTrue();
    JsonNode root = json.path("spans").get(0);
    assertThat(root.path("operationName").asText()).isEqualTo("op 00f067aa0ba902b7");
    assertThat(root.path("references")).isEmpty();
    assertThat(root.path("startTime").asLong()).isEqualTo(1_700_000_000_000_000L);
    assertThat(root.path("duration").asLong()).isEqualTo(1_500L);
    assertThat(tags(root)).containsExactly("span.kind=internal", "otel.scope.name=wake-test", "otel.scope.version=1.0");
    assertThat(root.path("warnings").isNull()).isTrue();

    JsonNode chat = json.path("spans").get(1);
    assertThat(chat.path("references")).hasSize(2);
    assertThat(chat.path("references").get(0).path("refType").asText()).isEqualTo("CHILD_OF");
    assertThat(chat.path("references").get(0).path("traceID").asText()).isEqualTo(TRACE);
    assertThat(chat.path("references").get(0).path("spanID").asText()).isEqualTo("00f067aa0ba902b7");
    assertThat(chat.path("references").get(1).path("refType").asText()).isEqualTo("FOLLOWS_FROM");
    assertThat(chat.path("references").get(1).path("traceID").asText()).isEqualTo(OTHER_TRACE);
    assertThat(tags(chat)).containsExactly("gen_ai.request.model=gpt-4o", "gen_ai.usage.input_tokens=50",
        "span.kind=client", "otel.status_code=ERROR", "otel.status_description=model overloaded", "error=true",
        "otel.scope.name=wake-test", "otel.scope.version=1.0");
    JsonNode error = chat.path("tags").get(5);
    assertThat(error.path("type").asText()).isEqualTo("bool");
    assertThat(error.path("value").isBoolean()).isTrue();
    assertThat(chat.path("tags").get(0).path("type").asText()).isEqualTo("string");
    assertThat(chat.path("logs").get(0).path("timestamp").asLong()).isEqualTo(1_700_000_000_000_500L);
    assertThat(fields(chat.path("logs").get(0))).containsExactly("event=exception", "exception.message=429");

    JsonNode server = json.path("spans").get(2);
    assertThat(tags(server)).contains("span.kind=server", "otel.status_code=OK").doesNotContain("error=true");
    assertThat(root.path("processID").asText()).isEqualTo("p1");
    assertThat(chat.path("processID").asText()).isEqualTo("p1");
    assertThat(server.path("processID").asText()).isEqualTo("p2");
    assertThat(json.path("processes").size()).isEqualTo(2);
    JsonNode planner = json.path("processes").path("p1");
    assertThat(planner.path("serviceName").asText()).isEqualTo("swarm");
    assertThat(tags(planner)).containsExactly("service.instance.id=a", "gen_ai.agent.name=planner");
  }

  @Test
  void trace_parentNotInTrace_spanWarns() throws Exception {
    Table rows = table(row("00f067aa0ba902b7", "dead00000000beef", "Internal", "Unset", "", "{}",
        "{\"service.name\":\"swarm\"}", "[]", "[]", "[]", "[]", "[]"));
    JsonNode span = JSON.valueToTree(JaegerTraces.of(rows.named()).get(TRACE)).path("spans").get(0);
    assertThat(span.path("references").get(0).path("spanID").asText()).isEqualTo("dead00000000beef");
    assertThat(span.path("warnings").get(0).asText()).contains("dead00000000beef").contains("died before exporting");
  }

  @Test
  void of_rowsOfSeveralTraces_oneTraceEach() throws Exception {
    ArrayNode data = JSON.createArrayNode();
    data.add(values(TRACE, "00f067aa0ba902b7", "", "Internal", "Unset", "", "{}", "{}", "[]", "[]", "[]", "[]", "[]"));
    data.add(values(OTHER_TRACE, "00f067aa0ba902b8", "", "Internal", "Unset", "", "{}", "{}", "[]", "[]", "[]", "[]", "[]"));
    assertThat(JaegerTraces.of(tableOf(data).named())).containsOnlyKeys(TRACE, OTHER_TRACE);
  }

  private static List<String> tags(JsonNode holder) {
    return pairs(holder.path("tags"));
  }

  private static List<String> fields(JsonNode log) {
    return pairs(log.path("fields"));
  }

  private static List<String> pairs(JsonNode keyValues) {
    return java.util.stream.StreamSupport.stream(keyValues.spliterator(), false)
        .map(kv -> kv.path("key").asText() + "=" + kv.path("value").asText()).toList();
  }

  private static JsonNode row(String spanId, String parent, String kind, String status, String message, String attributes,
      String resource, String eventTimes, String eventNames, String eventAttributes, String linkTraces, String linkSpans)
      throws Exception {
    return values(TRACE, spanId, parent, kind, status, message, attributes, resource, eventTimes, eventNames,
        eventAttributes, linkTraces, linkSpans);
  }

  private static JsonNode values(String traceId, String spanId, String parent, String kind, String status, String message,
      String attributes, String resource, String eventTimes, String eventNames, String eventAttributes, String linkTraces,
      String linkSpans) throws Exception {
    ArrayNode values = JSON.createArrayNode();
    values.add(traceId).add(spanId).add(parent).add("").add("op " + spanId).add(kind).add("swarm")
        .add("1700000000000000000").add("1500000").add(status).add(message).add("wake-test").add("1.0")
        .add(JSON.readTree(attributes)).add(JSON.readTree(resource)).add(JSON.readTree(eventTimes))
        .add(JSON.readTree(eventNames)).add(JSON.readTree(eventAttributes)).add(JSON.readTree(linkTraces))
        .add(JSON.readTree(linkSpans));
    return values;
  }

  private static Table table(JsonNode... rows) {
    ArrayNode data = JSON.createArrayNode();
    for (JsonNode row : rows) {
      data.add(row);
    }
    return tableOf(data);
  }

  private static Table tableOf(ArrayNode data) {
    ObjectNode result = JSON.createObjectNode();
    ArrayNode meta = result.putArray("meta");
    for (String column : COLUMNS) {
      meta.addObject().put("name", column).put("type", "String");
    }
    result.set("data", data);
    return Table.of(result);
  }
}
