package dev.wake.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The statement behind trace search: traces with at least one span matching every filter in the
 * window, newest first by their newest matching span, one page after the cursor. User input only
 * ever travels as {@code {name:Type}} parameters. Immutable.
 *
 * <p>{@link #hits} runs it over growing windows that end where the page starts (1 minute, 10, 100,
 * 1,000, then the whole window), the narrowest first, and stops at the first that fills the page:
 * a trace ranks by its newest matching span, so every trace with a matching span in a window
 * that reaches up to the end ranks above every trace without one, and a window that holds more
 * than a page holds the page. A recent page reads minutes of spans instead of the whole window.
 * The widths count back from the page start or from the newest span stored, whichever is older
 * (of any tenant: ClickHouse answers {@code max(Timestamp)} from its parts' metadata, without
 * reading rows, in the window's own statement): no span lies between the two, so the windows lose
 * nothing, and a quiet system's page is not searched through 10 and 100 empty minutes first. The
 * newest time only places the windows; it is never returned. Every window still reaches up to the
 * search's end.
 *
 * @param service {@code ServiceName} equals, or null
 * @param agent the resource's {@code gen_ai.agent.name} equals, or null
 * @param operation {@code SpanName} equals, or null
 * @param kind {@code SpanKind} equals ({@code Server}, {@code Client}, ...), or null
 * @param status {@code Ok}, {@code Error} or {@code Unset}, or null
 * @param minDurationNs the span lasted at least this long, or 0
 * @param maxDurationNs the span lasted at most this long, or 0 (no bound)
 * @param attributes span or resource attribute equals, for every entry
 * @param startNs window start (ns since the epoch, inclusive)
 * @param endNs window end (inclusive)
 * @param cursor the last trace of the previous page, or null for the first page
 * @param limit traces per page; the statement asks for one more to know whether more follow
 */
record TraceSearch(String service, String agent, String operation, String kind, String status, long minDurationNs,
    long maxDurationNs, Map<String, String> attributes, long startNs, long endNs, Cursor cursor, int limit) {
  /** The widths of the windows {@link #hits} tries before the whole window, in ns. */
  static final long[] PROBE_NS = {60_000_000_000L, 600_000_000_000L, 6_000_000_000_000L, 60_000_000_000_000L};

  /** A window's start: its width before the page start or the newest span, whichever is older, within the window. */
  static final String PROBE_START = "Timestamp >= greatest(fromUnixTimestamp64Nano({startNs:Int64}),"
      + " least(fromUnixTimestamp64Nano({pageStartNs:Int64}), (SELECT max(Timestamp) FROM otel_traces))"
      + " - toIntervalNanosecond({widthNs:Int64}))";

  /** One of the windows {@link #hits} tries before the whole window: {@code widthNs} wide. */
  record Probe(TraceSearch search, long widthNs) {
    String sql() {
      return search.sql(PROBE_START);
    }

    Map<String, Object> params(String tenant) {
      Map<String, Object> params = search.params(tenant);
      params.put("pageStartNs", search.pageStartNs());
      params.put("widthNs", widthNs);
      return params;
    }
  }

  /** Up to {@code limit + 1} matching traces ({@code TraceId}, {@code NewestNs}), newest first. Blocks on ClickHouse. */
  List<Table.Row> hits(Store db, String tenant) {
    for (Probe probe : probes()) {
      List<Table.Row> hits = db.rows(probe.sql(), probe.params(tenant));
      if (hits.size() > limit) {
        return hits;
      }
    }
    return db.rows(sql(), params(tenant));
  }

  /** Where the page starts: the window's end, or the cursor's trace. */
  long pageStartNs() {
    return cursor == null ? endNs : Math.min(endNs, cursor.ns());
  }

  /** The windows {@link #hits} tries before the whole window: those narrower than it from the page start. */
  List<Probe> probes() {
    List<Probe> out = new ArrayList<>();
    for (long width : PROBE_NS) {
      if (pageStartNs() - width <= startNs) {
        break;
      }
      out.add(new Probe(this, width));
    }
    return out;
  }

  String sql() {
    return sql("Timestamp >= fromUnixTimestamp64Nano({startNs:Int64})");
  }

  private String sql(String start) {
    List<String> where = new ArrayList<>();
    where.add("TenantId = {tenant:String}");
    where.add(start);
    where.add("Timestamp <= fromUnixTimestamp64Nano({endNs:Int64})");
    if (service != null) {
      where.add("ServiceName = {service:String}");
    }
    if (agent != null) {
      where.add("ResourceAttributes['gen_ai.agent.name'] = {agent:String}");
    }
    if (operation != null) {
      where.add("SpanName = {operation:String}");
    }
    if (kind != null) {
      where.add("SpanKind = {kind:String}");
    }
    if (status != null) {
      where.add("StatusCode = {status:String}");
    }
    if (minDurationNs > 0) {
      where.add("Duration >= {minDurationNs:UInt64}");
    }
    if (maxDurationNs > 0) {
      where.add("Duration <= {maxDurationNs:UInt64}");
    }
    for (int i = 1; i < attributes.size(); i++) {
      where.add("(SpanAttributes[{attrKey" + i + ":String}] = {attrValue" + i + ":String}"
          + " OR ResourceAttributes[{attrKey" + i + ":String}] = {attrValue" + i + ":String})");
    }
    String spans;
    if (attributes.isEmpty()) {
      spans = "otel_traces\nWHERE " + String.join("\n  AND ", where);
    } else {
      // The first attribute as two reads, one per map, each pruned by that map's own skip indexes
      // (a key only ever sent as a resource attribute reads no span granule at all); as one
      // condition ORing both maps, every candidate span's two maps were read: 34-39 ms against
      // 19-24 ms for a minute of the benchmark's spans (a span matching twice counts once: GROUP BY).
      String rest = String.join("\n    AND ", where);
      spans = "(\n  SELECT TraceId, Timestamp FROM otel_traces\n  WHERE " + rest
          + "\n    AND SpanAttributes[{attrKey0:String}] = {attrValue0:String}"
          + "\n  UNION ALL\n  SELECT TraceId, Timestamp FROM otel_traces\n  WHERE " + rest
          + "\n    AND ResourceAttributes[{attrKey0:String}] = {attrValue0:String})";
    }
    return "SELECT TraceId, toUnixTimestamp64Nano(max(Timestamp)) AS NewestNs FROM " + spans + "\nGROUP BY TraceId\n"
        + (cursor == null ? "" : "HAVING (NewestNs, TraceId) < ({cursorNs:Int64}, {cursorTraceId:String})\n")
        + "ORDER BY NewestNs DESC, TraceId DESC\nLIMIT {limit:UInt32}";
  }

  Map<String, Object> params(String tenant) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenant);
    params.put("startNs", startNs);
    params.put("endNs", endNs);
    putIfSet(params, "service", service);
    putIfSet(params, "agent", agent);
    putIfSet(params, "operation", operation);
    putIfSet(params, "kind", kind);
    putIfSet(params, "status", status);
    if (minDurationNs > 0) {
      params.put("minDurationNs", minDurationNs);
    }
    if (maxDurationNs > 0) {
      params.put("maxDurationNs", maxDurationNs);
    }
    int i = 0;
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      params.put("attrKey" + i, attribute.getKey());
      params.put("attrValue" + i, attribute.getValue());
      i++;
    }
    if (cursor != null) {
      params.put("cursorNs", cursor.ns());
      params.put("cursorTraceId", cursor.id());
    }
    params.put("limit", limit + 1);
    return params;
  }

  private static void putIfSet(Map<String, Object> params, String name, String value) {
    if (value != null) {
      params.put(name, value);
    }
  }
}
