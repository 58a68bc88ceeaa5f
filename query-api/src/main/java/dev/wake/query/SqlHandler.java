package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wake.query.Store.StoreException;
import dev.wake.storage.SqlLiteral;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Compliance audit SQL. {@code POST /api/v1/sql {sql, params?}} runs one read-only query over the
 * caller's tenant's rows and answers {@code {columns, rows, rowCount, elapsedMs, truncated}};
 * {@code GET /api/v1/audit-log?limit=} reads the log of every such query with its chain check.
 *
 * <p>Defences, each enough on its own for what it covers: {@link SqlGuard} (one SELECT over
 * Wake's tables, no settings, formats, table functions or outside-reaching functions); ClickHouse
 * {@code readonly=1} (no writes, no setting changes); {@code additional_table_filters} with
 * {@code TenantId = <caller's tenant>} on every readable table (however the query is written, it
 * sees only its tenant's rows); {@code max_execution_time}, {@code max_result_rows} and
 * {@code max_memory_usage} from the configuration. {@code params} values bind {@code {name:Type}}
 * placeholders. Every query, allowed or refused, is appended to the audit log before the answer
 * is sent; if that fails the answer is a 503 and no rows are returned.
 */
final class SqlHandler {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
  private final Supplier<Store> store;
  private final Supplier<AuditLog> audit;
  private final Supplier<String> database;
  private final QueryApiConfig config;

  SqlHandler(Supplier<Store> store, Supplier<AuditLog> audit, Supplier<String> database, QueryApiConfig config) {
    this.store = store;
    this.audit = audit;
    this.database = database;
    this.config = config;
  }

  void run(Context ctx) {
    String tenant = Tenancy.tenant(ctx);
    String who = who(ctx);
    JsonNode body = body(ctx);
    String sql = body.path("sql").isTextual() ? body.path("sql").asText() : null;
    long started = System.nanoTime();
    Table table;
    try {
      Map<String, Object> params = params(body.path("params"));
      new SqlGuard(store.get(), database.get()).check(sql, params);
      table = store.get().query(sql, params, settings(tenant));
    } catch (ApiException e) {
      audit.get().append(tenant, who, String.valueOf(sql), e.status == 403 ? "refused" : "failed", e.getMessage(), 0,
          elapsedMs(started));
      throw e;
    } catch (StoreException e) {
      ApiException refusal = ApiException.badRequest("ClickHouse refused the query: " + e.getMessage(), "body sql");
      audit.get().append(tenant, who, sql, "failed", refusal.getMessage(), 0, elapsedMs(started));
      throw refusal;
    }
    boolean truncated = table.rows().size() > config.sqlMaxRows();
    List<JsonNode> rows = truncated ? table.rows().subList(0, config.sqlMaxRows()) : table.rows();
    audit.get().append(tenant, who, sql, "ok", truncated ? "truncated at " + config.sqlMaxRows() + " rows" : "",
        rows.size(), elapsedMs(started));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("columns", table.columns());
    out.put("rows", rows);
    out.put("rowCount", rows.size());
    out.put("elapsedMs", table.elapsedMs());
    out.put("truncated", truncated);
    ctx.json(out);
  }

  void auditLog(Context ctx) {
    int limit = new Params(ctx, java.time.Clock.systemUTC()).integer("limit", 100, 1, 1000);
    ctx.json(audit.get().read(Tenancy.tenant(ctx), limit));
  }

  /** Settings in the order applied: {@code readonly} last, as it forbids changing settings after it. */
  private Map<String, String> settings(String tenant) {
    StringBuilder filters = new StringBuilder("{");
    for (String table : SqlGuard.TABLES) {
      if (filters.length() > 1) {
        filters.append(", ");
      }
      filters.append(SqlLiteral.quote(database.get() + "." + table)).append(": ")
          .append(SqlLiteral.quote("TenantId = " + SqlLiteral.quote(tenant)));
    }
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("additional_table_filters", filters.append('}').toString());
    settings.put("max_execution_time", Integer.toString(config.sqlMaxSeconds()));
    settings.put("max_result_rows", Integer.toString(config.sqlMaxRows() + 1));
    settings.put("result_overflow_mode", "break");
    settings.put("max_memory_usage", Long.toString(config.sqlMaxMemoryMb() * 1024L * 1024L));
    settings.put("readonly", "1");
    return settings;
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode body = JSON.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw ApiException.badRequest("the body must be a JSON object {\"sql\": \"SELECT ...\", \"params\": {}}", "body");
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("the body is not JSON: " + e.getMessage(), "body");
    }
  }

  private static Map<String, Object> params(JsonNode params) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (params.isMissingNode() || params.isNull()) {
      return out;
    }
    if (!params.isObject() || params.size() > 50) {
      throw ApiException.badRequest("params must be an object of at most 50 name: value pairs", "body params");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> param = it.next();
      if (!PARAM_NAME.matcher(param.getKey()).matches() || param.getValue().isContainerNode()) {
        throw ApiException.badRequest("param '" + param.getKey() + "' must be named like an identifier and have a"
            + " string or number value", "body params." + param.getKey());
      }
      out.put(param.getKey(), param.getValue().asText());
    }
    return out;
  }

  /** Who asked: {@code X-Wake-User} as the caller states it (the tenant is what the token proves), and the address. */
  private static String who(Context ctx) {
    String user = ctx.header("X-Wake-User");
    String name = user == null || user.isBlank() ? "anonymous" : user.strip();
    return (name.length() > 200 ? name.substring(0, 200) : name) + " from " + ctx.ip();
  }

  private static long elapsedMs(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
