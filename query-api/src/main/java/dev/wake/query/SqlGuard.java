package dev.wake.query;

import dev.wake.query.Store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether an audit query may run, using ClickHouse's own parser so that comments, quoting
 * and case tricks are seen exactly as ClickHouse sees them. Allowed: one {@code SELECT} (or
 * {@code WITH ... SELECT}, {@code UNION}) over Wake's tenant-scoped tables, with no
 * {@code SETTINGS}, {@code FORMAT} or {@code INTO OUTFILE}, no table functions and no function
 * that reaches files, other servers or server internals.
 *
 * <p>Order matters: {@code EXPLAIN AST} only parses, so dangerous functions are refused there
 * before {@code EXPLAIN QUERY TREE} (which resolves tables but also folds constants, i.e. would
 * run {@code file('...')}) sees the query. The query then runs under {@code readonly=1} with
 * ClickHouse's limits and a tenant filter on every table ({@link SqlHandler}), which holds even if
 * a check here missed something. Thread-safe; blocks on ClickHouse.
 */
final class SqlGuard {
  /** Tables audit SQL may read; each has a {@code TenantId} column the tenant filter uses. */
  static final List<String> TABLES = List.of("otel_traces", "otel_logs", "otel_metrics_gauge", "otel_metrics_sum",
      "otel_metrics_histogram", "otel_metrics_exponential_histogram", "otel_metrics_summary", "agent_instances",
      "lineage_edges", "lineage_refs", "lineage_keys", "audit_log");
  static final int MAX_SQL_CHARS = 100_000;
  private static final Set<String> DENIED_FUNCTIONS = Set.of("file", "url", "urlcluster", "remote", "remotesecure",
      "cluster", "clusterallreplicas", "s3", "s3cluster", "gcs", "azureblobstorage", "hdfs", "mysql", "postgresql",
      "mongodb", "redis", "sqlite", "jdbc", "odbc", "executable", "input", "dictionary", "hascolumnintable",
      "filesystemavailable", "filesystemcapacity", "filesystemunreserved", "getserversetting", "getsetting",
      "sleep", "sleepeachrow", "globalvariable", "currentprofiles", "currentroles", "enabledroles",
      "defaultprofiles", "defaultroles", "getclienthttpheader", "getmacro", "buildid", "uptime");
  private static final List<String> DENIED_PREFIXES = List.of("dictget", "dicthas", "joinget", "introspection",
      "addresstoline", "addresstosymbol", "demangle");
  private static final Pattern FUNCTION = Pattern.compile("^ *Function (\\S+)");
  private static final Pattern TABLE = Pattern.compile("table_name: (\\S+)");

  private final Store store;
  private final String database;

  SqlGuard(Store store, String database) {
    this.store = store;
    this.database = database;
  }

  /** Returns normally when {@code sql} may run; else throws a 400 (not SQL) or 403 (not allowed) saying why. */
  void check(String sql, Map<String, Object> params) {
    if (sql == null || sql.isBlank()) {
      throw ApiException.badRequest("sql is empty", "body sql");
    }
    if (sql.length() > MAX_SQL_CHARS) {
      throw ApiException.badRequest("sql is longer than " + MAX_SQL_CHARS + " characters", "body sql");
    }
    checkSyntax(explain("EXPLAIN AST " + sql, params));
    checkTables(explain("EXPLAIN QUERY TREE " + sql, params));
  }

  private List<String> explain(String sql, Map<String, Object> params) {
    try {
      List<String> lines = new ArrayList<>();
      store.query(sql, params, Map.of("readonly", "1")).rows().forEach(row -> lines.add(row.get(0).asText()));
      return lines;
    } catch (StoreException e) {
      throw ApiException.badRequest("ClickHouse cannot run this query: " + e.getMessage(), "body sql");
    }
  }

  private static void checkSyntax(List<String> ast) {
    String root = ast.isEmpty() ? "" : ast.get(0).strip();
    if (!root.startsWith("SelectWithUnionQuery")) {
      throw ApiException.forbidden("only one SELECT (or WITH ... SELECT) is allowed; this is a "
          + root.split(" ")[0], "body sql");
    }
    int topLevel = 0;
    List<String> path = new ArrayList<>(List.of(root)); // path.get(n): the last node seen at depth n
    for (int i = 1; i < ast.size(); i++) {
      String line = ast.get(i);
      String trimmed = line.strip();
      int indent = line.length() - line.stripLeading().length();
      if (indent == 1) {
        topLevel++;
      }
      String parent = indent >= 1 && indent - 1 < path.size() ? path.get(indent - 1) : "";
      while (path.size() > indent) {
        path.remove(path.size() - 1);
      }
      path.add(trimmed);
      if (trimmed.equals("Set") || trimmed.startsWith("Set ")) {
        throw ApiException.forbidden("SETTINGS are not allowed: the audit limits are fixed", "body sql");
      }
      Matcher function = FUNCTION.matcher(line);
      if (function.find()) {
        String name = function.group(1);
        if (parent.startsWith("TableExpression")) {
          throw ApiException.forbidden("table functions are not allowed (" + name + "): read Wake's tables "
              + TABLES, "body sql");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (DENIED_FUNCTIONS.contains(lower) || DENIED_PREFIXES.stream().anyMatch(lower::startsWith)) {
          throw ApiException.forbidden("function " + name + " is not allowed: it reaches outside Wake's tables",
              "body sql");
        }
      }
    }
    if (topLevel != 1) {
      throw ApiException.forbidden("FORMAT, INTO OUTFILE and SETTINGS are not allowed", "body sql");
    }
  }

  private void checkTables(List<String> tree) {
    for (String line : tree) {
      if (line.contains("TABLE_FUNCTION")) {
        throw ApiException.forbidden("table functions are not allowed", "body sql");
      }
      Matcher table = TABLE.matcher(line);
      while (table.find()) {
        String name = table.group(1).replaceAll("[,;]$", "");
        if (name.equals("system.one")) {
          continue; // what a SELECT without FROM reads: one constant row
        }
        int dot = name.indexOf('.');
        if (dot < 0 || !name.substring(0, dot).equals(database) || !TABLES.contains(name.substring(dot + 1))) {
          throw ApiException.forbidden("table " + name + " is not readable by audit SQL; readable: " + TABLES,
              "body sql");
        }
      }
    }
  }
}
