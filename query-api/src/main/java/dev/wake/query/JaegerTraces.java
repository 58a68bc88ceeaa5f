package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Wake's span rows in the JSON model of Jaeger's query service (what Grafana's Jaeger data source
 * and the Jaeger UI read), mapped as Jaeger maps OTLP: times and durations in microseconds;
 * {@code SpanName} the operation; the parent a {@code CHILD_OF} reference (first) and each link a
 * {@code FOLLOWS_FROM} one; span attributes tags, plus {@code span.kind}, {@code otel.status_code},
 * {@code otel.status_description}, {@code error=true} for status Error, {@code otel.scope.name} and
 * {@code otel.scope.version}, {@code w3c.tracestate}; events logs (name in field {@code event});
 * each distinct service and resource one process ({@code p1}, {@code p2}, ... in order of first
 * span) whose tags are the resource attributes but {@code service.name}. Wake keeps attribute values
 * as text, so tags are of type {@code string} (but {@code error}, a {@code bool}).
 */
final class JaegerTraces {
  /** The columns {@link #of} reads; rows must come ordered by trace, then start time. */
  static final String COLUMNS = """
      TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName,
      toUnixTimestamp64Nano(Timestamp) AS StartNs, Duration, StatusCode, StatusMessage, ScopeName, ScopeVersion,
      SpanAttributes, ResourceAttributes,
      arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes,
      Events.Name AS EventNames, Events.Attributes AS EventAttributes,
      Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds""";

  private JaegerTraces() {}

  /** A process: the service and its resource attributes. */
  private record Process(String service, JsonNode resource) {}

  /** The traces of {@code rows} by trace id, in the order of their first rows; each trace's {@code warnings} null. */
  static Map<String, Map<String, Object>> of(List<Table.Row> rows) {
    Map<String, List<Table.Row>> byTrace = new LinkedHashMap<>();
    rows.forEach(row -> byTrace.computeIfAbsent(row.str("TraceId"), id -> new ArrayList<>()).add(row));
    Map<String, Map<String, Object>> traces = new LinkedHashMap<>();
    byTrace.forEach((id, spans) -> traces.put(id, trace(id, spans)));
    return traces;
  }

  private static Map<String, Object> trace(String traceId, List<Table.Row> rows) {
    Set<String> ids = new HashSet<>();
    rows.forEach(row -> ids.add(row.str("SpanId")));
    Map<Process, String> processIds = new LinkedHashMap<>();
    List<Map<String, Object>> spans = new ArrayList<>(rows.size());
    for (Table.Row row : rows) {
      Process process = new Process(row.str("ServiceName"), row.get("ResourceAttributes"));
      String processId = processIds.computeIfAbsent(process, p -> "p" + (processIds.size() + 1));
      spans.add(span(traceId, row, processId, ids));
    }
    Map<String, Object> processes = new LinkedHashMap<>();
    processIds.forEach((process, id) -> {
      List<Map<String, Object>> tags = new ArrayList<>();
      process.resource().fields().forEachRemaining(attribute -> {
        if (!attribute.getKey().equals("service.name")) {
          tags.add(tag(attribute.getKey(), attribute.getValue().asText()));
        }
      });
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("serviceName", process.service());
      body.put("tags", tags);
      processes.put(id, body);
    });
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("traceID", traceId);
    trace.put("spans", spans);
    trace.put("processes", processes);
    trace.put("warnings", null);
    return trace;
  }

  private static Map<String, Object> span(String traceId, Table.Row row, String processId, Set<String> idsInTrace) {
    String parent = row.str("ParentSpanId");
    List<Map<String, Object>> references = new ArrayList<>();
    if (!parent.isEmpty()) {
      references.add(reference("CHILD_OF", traceId, parent));
    }
    JsonNode linkTraces = row.get("LinkTraceIds");
    for (int i = 0; i < linkTraces.size(); i++) {
      references.add(reference("FOLLOWS_FROM", linkTraces.get(i).asText(), row.get("LinkSpanIds").get(i).asText()));
    }
    Map<String, Object> span = new LinkedHashMap<>();
    span.put("traceID", traceId);
    span.put("spanID", row.str("SpanId"));
    span.put("operationName", row.str("SpanName"));
    span.put("references", references);
    span.put("startTime", row.lng("StartNs") / 1_000);
    span.put("duration", row.lng("Duration") / 1_000);
    span.put("tags", tags(row));
    span.put("logs", logs(row));
    span.put("processID", processId);
    span.put("warnings", parent.isEmpty() || idsInTrace.contains(parent) ? null
        : List.of("parent span " + parent + " is not in this trace: its agent may have died before exporting"));
    return span;
  }

  private static List<Map<String, Object>> tags(Table.Row row) {
    List<Map<String, Object>> tags = new ArrayList<>();
    row.get("SpanAttributes").fields().forEachRemaining(a -> tags.add(tag(a.getKey(), a.getValue().asText())));
    String kind = row.str("SpanKind");
    if (!kind.isEmpty() && !kind.equals("Unspecified")) {
      tags.add(tag("span.kind", kind.toLowerCase(Locale.ROOT)));
    }
    String status = row.str("StatusCode");
    if (status.equals("Ok") || status.equals("Error")) {
      tags.add(tag("otel.status_code", status.toUpperCase(Locale.ROOT)));
    }
    addIfSet(tags, "otel.status_description", row.str("StatusMessage"));
    if (status.equals("Error")) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("key", "error");
      error.put("type", "bool");
      error.put("value", true);
      tags.add(error);
    }
    addIfSet(tags, "otel.scope.name", row.str("ScopeName"));
    addIfSet(tags, "otel.scope.version", row.str("ScopeVersion"));
    addIfSet(tags, "w3c.tracestate", row.str("TraceState"));
    return tags;
  }

  private static List<Map<String, Object>> logs(Table.Row row) {
    List<Map<String, Object>> logs = new ArrayList<>();
    JsonNode times = row.get("EventTimes");
    for (int i = 0; i < times.size(); i++) {
      List<Map<String, Object>> fields = new ArrayList<>();
      fields.add(tag("event", row.get("EventNames").get(i).asText()));
      row.get("EventAttributes").get(i).fields()
          .forEachRemaining(a -> fields.add(tag(a.getKey(), a.getValue().asText())));
      Map<String, Object> log = new LinkedHashMap<>();
      log.put("timestamp", times.get(i).asLong() / 1_000);
      log.put("fields", fields);
      logs.add(log);
    }
    return logs;
  }

  private static Map<String, Object> reference(String type, String traceId, String spanId) {
    Map<String, Object> reference = new LinkedHashMap<>();
    reference.put("refType", type);
    reference.put("traceID", traceId);
    reference.put("spanID", spanId);
    return reference;
  }

  private static void addIfSet(List<Map<String, Object>> tags, String key, String value) {
    if (!value.isEmpty()) {
      tags.add(tag(key, value));
    }
  }

  private static Map<String, Object> tag(String key, String value) {
    Map<String, Object> tag = new LinkedHashMap<>();
    tag.put("key", key);
    tag.put("type", "string");
    tag.put("value", value);
    return tag;
  }
}
