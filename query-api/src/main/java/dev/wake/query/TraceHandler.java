package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.storage.TraceBounds;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/traces/{traceId}}: every span of one trace, oldest first, found through the
 * trace-id table ({@code otel_traces_trace_id_ts}) so that only the days the trace lived are read.
 * A span is an {@code orphan} when it names a parent span that is not in the trace.
 */
final class TraceHandler {
  /** The most spans one trace answer carries; more sets {@code truncated}. */
  static final int MAX_SPANS = 50_000;
  private static final String SQL = """
      SELECT TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, AgentInstanceId,
             toUnixTimestamp64Nano(Timestamp) AS StartNs, Duration, StatusCode, StatusMessage,
             SpanAttributes, ResourceAttributes,
             arrayMap(t -> toUnixTimestamp64Nano(t), Events.Timestamp) AS EventTimes,
             Events.Name AS EventNames, Events.Attributes AS EventAttributes,
             Links.TraceId AS LinkTraceIds, Links.SpanId AS LinkSpanIds
      FROM otel_traces
      WHERE TenantId = {tenant:String} AND TraceId = {traceId:String}
        AND %s
      ORDER BY Timestamp, SpanId
      LIMIT 1 BY SpanId
      LIMIT {limit:UInt32}""";

  private final Supplier<Store> store;

  TraceHandler(Supplier<Store> store) {
    this.store = store;
  }

  void get(Context ctx) {
    String traceId = Ids.traceId(ctx.pathParam("traceId"));
    Store db = store.get();
    List<Table.Row> rows = db.rows(SQL.formatted(TraceBounds.of(List.of(traceId))),
        Map.of("tenant", Tenancy.tenant(ctx), "traceId", traceId, "limit", MAX_SPANS + 1));
    if (rows.isEmpty()) {
      throw ApiException.notFound("no trace " + traceId + " (within the retention, for this tenant)");
    }
    boolean truncated = rows.size() > MAX_SPANS;
    List<Table.Row> spans = truncated ? rows.subList(0, MAX_SPANS) : rows;
    Set<String> ids = new HashSet<>();
    spans.forEach(row -> ids.add(row.str("SpanId")));
    List<Map<String, Object>> out = new ArrayList<>(spans.size());
    for (Table.Row row : spans) {
      out.add(span(row, ids));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("traceId", traceId);
    body.put("spans", out);
    body.put("truncated", truncated);
    ctx.json(body);
  }

  private static Map<String, Object> span(Table.Row row, Set<String> idsInTrace) {
    long start = row.lng("StartNs");
    long duration = row.lng("Duration");
    String parent = row.str("ParentSpanId");
    Map<String, Object> span = new LinkedHashMap<>();
    span.put("spanId", row.str("SpanId"));
    span.put("parentSpanId", parent);
    span.put("name", row.str("SpanName"));
    span.put("kind", row.str("SpanKind"));
    span.put("serviceName", row.str("ServiceName"));
    span.put("instanceId", row.str("AgentInstanceId"));
    span.put("start", Times.format(start));
    span.put("end", Times.format(start + duration));
    span.put("durationNs", duration);
    span.put("status", row.str("StatusCode"));
    span.put("statusMessage", row.str("StatusMessage"));
    span.put("attributes", row.get("SpanAttributes"));
    span.put("resource", row.get("ResourceAttributes"));
    List<Map<String, Object>> events = new ArrayList<>();
    JsonNode times = row.get("EventTimes");
    for (int i = 0; i < times.size(); i++) {
      events.add(Map.of("time", Times.format(times.get(i).asLong()), "name", row.get("EventNames").get(i).asText(),
          "attributes", row.get("EventAttributes").get(i)));
    }
    span.put("events", events);
    List<Map<String, Object>> links = new ArrayList<>();
    JsonNode linkTraces = row.get("LinkTraceIds");
    for (int i = 0; i < linkTraces.size(); i++) {
      links.add(Map.of("traceId", linkTraces.get(i).asText(), "spanId", row.get("LinkSpanIds").get(i).asText()));
    }
    span.put("links", links);
    span.put("orphan", !parent.isEmpty() && !idsInTrace.contains(parent));
    return span;
  }
}
