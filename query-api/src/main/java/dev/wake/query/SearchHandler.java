package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.storage.SqlLiteral;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/traces?service=&agent=&operation=&status=&minDurationMs=&attr.KEY=VALUE&start=&end=&limit=&cursor=}:
 * summaries of the traces with a span matching every filter in the window (default: the last
 * hour), newest first, {@code limit} per page (default 20, at most 1,000), {@code nextCursor} while
 * more follow.
 */
final class SearchHandler {
  private static final Map<String, String> STATUS = Map.of("ok", "Ok", "error", "Error", "unset", "Unset");
  /** A page's summaries, by primary key from the table the {@code trace_summaries_mv} view keeps. */
  private static final String SUMMARY_SQL = """
      SELECT TraceId,
             toUnixTimestamp64Nano(min(Start)) AS StartNs, max(EndNs) AS EndNs,
             argMinMerge(Root) AS Root,
             arraySort(groupUniqArrayMerge(Services)) AS Services,
             arraySort(groupUniqArrayIfMerge(Agents)) AS Agents,
             uniqExactIfMerge(Instances) AS Instances,
             sum(Spans) AS Spans, sum(Errors) AS Errors,
             sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens
      FROM trace_summaries
      WHERE TenantId = {tenant:String} AND TraceId IN %s
      GROUP BY TraceId""";

  private final Supplier<Store> store;
  private final Clock clock;

  SearchHandler(Supplier<Store> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void search(Context ctx) {
    Params params = new Params(ctx, clock);
    long[] window = params.window();
    String status = params.oneOf("status", null, STATUS.keySet());
    int minDurationMs = params.integer("minDurationMs", 0, 0, Integer.MAX_VALUE);
    Map<String, String> attributes = new LinkedHashMap<>();
    ctx.queryParamMap().forEach((name, values) -> {
      if (name.startsWith("attr.") && name.length() > 5 && !values.isEmpty()) {
        attributes.put(name.substring(5), values.get(0));
      }
    });
    if (attributes.size() > 20) {
      throw ApiException.badRequest("at most 20 attr.KEY=VALUE filters", "query parameter attr.*");
    }
    TraceSearch search = new TraceSearch(params.text("service"), params.text("agent"), params.text("operation"), null,
        status == null ? null : STATUS.get(status), minDurationMs * 1_000_000L, 0, attributes, window[0], window[1],
        Cursor.decode(params.text("cursor")), params.integer("limit", 20, 1, 1000));
    String tenant = Tenancy.tenant(ctx);
    List<Table.Row> hits = search.hits(store.get(), tenant);
    boolean more = hits.size() > search.limit();
    List<Table.Row> page = more ? hits.subList(0, search.limit()) : hits;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("traces", summaries(tenant, page));
    Table.Row last = page.isEmpty() ? null : page.get(page.size() - 1);
    body.put("nextCursor", more ? new Cursor(last.lng("NewestNs"), last.str("TraceId")).encode() : null);
    ctx.json(body);
  }

  private List<Map<String, Object>> summaries(String tenant, List<Table.Row> page) {
    if (page.isEmpty()) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    page.forEach(row -> ids.add(row.str("TraceId")));
    Store db = store.get();
    Map<String, Table.Row> byId = new HashMap<>();
    for (Table.Row row : db.rows(String.format(SUMMARY_SQL, SqlLiteral.tuple(ids)), Map.of("tenant", tenant))) {
      byId.put(row.str("TraceId"), row);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (String id : ids) {
      Table.Row row = byId.get(id);
      if (row != null) {
        out.add(summary(row));
      }
    }
    return out;
  }

  private static Map<String, Object> summary(Table.Row row) {
    Map<String, Object> trace = new LinkedHashMap<>();
    trace.put("traceId", row.str("TraceId"));
    JsonNode root = row.get("Root"); // [SpanName, ServiceName]
    trace.put("root", Map.of("name", root.path(0).asText(), "serviceName", root.path(1).asText()));
    trace.put("start", Times.format(row.lng("StartNs")));
    trace.put("end", Times.format(row.lng("EndNs")));
    trace.put("durationNs", row.lng("EndNs") - row.lng("StartNs"));
    trace.put("services", row.get("Services"));
    trace.put("agents", row.get("Agents"));
    trace.put("instances", row.lng("Instances"));
    trace.put("spanCount", row.lng("Spans"));
    trace.put("errorCount", row.lng("Errors"));
    trace.put("inputTokens", row.lng("InputTokens"));
    trace.put("outputTokens", row.lng("OutputTokens"));
    return trace;
  }
}
