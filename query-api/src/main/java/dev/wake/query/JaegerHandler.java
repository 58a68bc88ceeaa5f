package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import dev.wake.storage.TraceBounds;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Jaeger's query service HTTP API, the JSON API that Grafana's Jaeger data source and the Jaeger UI
 * read, over Wake's spans and scoped to the caller's tenant (a Jaeger client sends the bearer token
 * as a custom header):
 * <pre>
 *   GET /api/services                       service names
 *   GET /api/services/{service}/operations  the service's span names
 *   GET /api/traces?service=&amp;operation=&amp;tags=&amp;minDuration=&amp;maxDuration=&amp;start=&amp;end=&amp;limit=&amp;lookback=
 *                                           whole traces with a span matching every filter, newest first ({@link JaegerParams})
 *   GET /api/traces?traceID=...             these traces; each one missing is an entry of {@code errors}
 *   GET /api/traces/{traceId}               one trace (1 to 32 hex digits)
 * </pre>
 * Every answer is {@code {"data", "total", "limit", "offset", "errors"}}, errors too
 * ({@code {"data": null, "errors": [{"code", "msg"}]}}, rendered through {@link #error}); traces are
 * in the model {@link JaegerTraces} describes. One answer carries at most {@link #MAX_SPANS} spans; the
 * trace cut short says so in its {@code warnings}, traces after it are left out.
 */
final class JaegerHandler {
  static final int MAX_SPANS = TraceHandler.MAX_SPANS;
  // Over the whole retention, as Jaeger lists every stored service; reads two LowCardinality columns.
  private static final String SERVICES_SQL = """
      SELECT ServiceName FROM otel_traces
      WHERE TenantId = {tenant:String} AND ServiceName != ''
      GROUP BY ServiceName ORDER BY ServiceName""";
  private static final String OPERATIONS_SQL = """
      SELECT SpanName FROM otel_traces
      WHERE TenantId = {tenant:String} AND ServiceName = {service:String}
      GROUP BY SpanName ORDER BY SpanName""";
  private static final String SPANS_SQL = "SELECT " + JaegerTraces.COLUMNS + """

      FROM otel_traces
      WHERE TenantId = {tenant:String} AND TraceId IN %s AND %s
      ORDER BY TraceId, Timestamp, SpanId
      LIMIT 1 BY TraceId, SpanId
      LIMIT {limit:UInt32}""";

  private final Supplier<Store> store;
  private final Clock clock;

  JaegerHandler(Supplier<Store> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Whether {@code path} is one of Jaeger's routes (under {@code /api/}, not {@code /api/v1/}): errors in Jaeger's shape. */
  static boolean owns(String path) {
    return path.startsWith("/api/") && !path.startsWith("/api/v1/") && !path.equals("/api/v1");
  }

  /** Jaeger's error answer. */
  static Map<String, Object> error(int status, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", status);
    error.put("msg", message);
    return body(null, List.of(error));
  }

  void services(Context ctx) {
    ctx.json(body(names(SERVICES_SQL, Map.of("tenant", Tenancy.tenant(ctx)), "ServiceName"), null));
  }

  void operations(Context ctx) {
    Map<String, Object> params = Map.of("tenant", Tenancy.tenant(ctx), "service", ctx.pathParam("service"));
    ctx.json(body(names(OPERATIONS_SQL, params, "SpanName"), null));
  }

  void search(Context ctx) {
    JaegerParams params = new JaegerParams(ctx.queryParamMap(), clock.millis() * 1_000_000L);
    String tenant = Tenancy.tenant(ctx);
    List<String> requested = params.traceIds();
    List<String> ids = new ArrayList<>(requested);
    if (requested.isEmpty()) {
      TraceSearch search = params.search();
      for (Table.Row hit : search.hits(store.get(), tenant)) {
        if (ids.size() < search.limit()) {
          ids.add(hit.str("TraceId"));
        }
      }
    }
    Map<String, Map<String, Object>> traces = traces(tenant, ids);
    List<Object> data = new ArrayList<>();
    List<Object> errors = new ArrayList<>();
    for (String id : ids) {
      Map<String, Object> trace = traces.get(id);
      if (trace != null) {
        data.add(trace);
      } else if (!requested.isEmpty()) {
        errors.add(Map.of("msg", "trace not found", "traceID", id));
      }
    }
    ctx.json(body(data, errors.isEmpty() ? null : errors));
  }

  void trace(Context ctx) {
    String id = JaegerParams.traceId(ctx.pathParam("traceId"), "path traceId");
    Map<String, Object> trace = traces(Tenancy.tenant(ctx), List.of(id)).get(id);
    if (trace == null) {
      throw ApiException.notFound("trace not found: no trace " + id + " (within the retention, for this tenant)");
    }
    ctx.json(body(List.of(trace), null));
  }

  private List<String> names(String sql, Map<String, Object> params, String column) {
    List<String> names = new ArrayList<>();
    store.get().rows(sql, params).forEach(row -> names.add(row.str(column)));
    return names;
  }

  /** The traces among {@code ids} that the tenant has, by id. */
  private Map<String, Map<String, Object>> traces(String tenant, List<String> ids) {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Store db = store.get();
    List<Table.Row> rows = db.rows(String.format(SPANS_SQL, SqlLiteral.tuple(ids), TraceBounds.of(ids)),
        Map.of("tenant", tenant, "limit", MAX_SPANS + 1));
    if (rows.size() <= MAX_SPANS) {
      return JaegerTraces.of(rows);
    }
    Map<String, Map<String, Object>> traces = JaegerTraces.of(rows.subList(0, MAX_SPANS));
    traces.get(rows.get(MAX_SPANS - 1).str("TraceId")).put("warnings", List.of("this answer holds at most "
        + MAX_SPANS + " spans: this trace is incomplete and later traces are left out; narrow the search"));
    return traces;
  }

  private static Map<String, Object> body(Object data, List<?> errors) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", data);
    body.put("total", data instanceof Collection<?> items ? items.size() : 0);
    body.put("limit", 0);
    body.put("offset", 0);
    body.put("errors", errors);
    return body;
  }
}
