package dev.wake.storage;

import dev.wake.core.Env;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How long each family of tables keeps its rows, in days: the tables' TTL. {@link #apply} sets a
 * table's TTL only when it differs from the configured one (ClickHouse then recomputes TTL
 * information of existing parts once; with {@code ttl_only_drop_parts} whole day parts are dropped).
 *
 * @param tracesDays {@code otel_traces}, its trace-id table and {@code trace_summaries}
 *     ({@code WAKE_RETENTION_TRACES_DAYS}, 30)
 * @param metricsDays the five {@code otel_metrics_*} tables ({@code WAKE_RETENTION_METRICS_DAYS}, 30)
 * @param logsDays {@code otel_logs} ({@code WAKE_RETENTION_LOGS_DAYS}, 30)
 * @param lineageDays {@code agent_instances} (counted from an instance's last span),
 *     {@code lineage_keys}, {@code lineage_refs}, {@code lineage_edges} and its hashed copy
 *     {@code lineage_walk}, {@code lineage_roots} ({@code WAKE_RETENTION_LINEAGE_DAYS}, 30)
 */
public record Retention(int tracesDays, int metricsDays, int logsDays, int lineageDays) {

  /** Reads {@code WAKE_RETENTION_*_DAYS}; problems are recorded in {@code env}. */
  public static Retention from(Env env) {
    return new Retention(
        env.integer("WAKE_RETENTION_TRACES_DAYS", 30, 1, 36_500),
        env.integer("WAKE_RETENTION_METRICS_DAYS", 30, 1, 36_500),
        env.integer("WAKE_RETENTION_LOGS_DAYS", 30, 1, 36_500),
        env.integer("WAKE_RETENTION_LINEAGE_DAYS", 30, 1, 36_500));
  }

  /** Table -> (the time expression its TTL counts from, days). */
  Map<String, Map.Entry<String, Integer>> ttls() {
    Map<String, Map.Entry<String, Integer>> ttls = new LinkedHashMap<>();
    ttls.put("otel_traces", Map.entry("toDateTime(Timestamp)", tracesDays));
    ttls.put("otel_traces_trace_id_ts", Map.entry("toDateTime(Start)", tracesDays));
    ttls.put("trace_summaries", Map.entry("toDateTime(Start)", tracesDays));
    for (String kind : List.of("gauge", "sum", "histogram", "exponential_histogram", "summary")) {
      ttls.put("otel_metrics_" + kind, Map.entry("TimeUnix", metricsDays));
    }
    ttls.put("otel_logs", Map.entry("TimestampTime", logsDays));
    ttls.put("agent_instances", Map.entry("toDateTime(LastSeen)", lineageDays));
    for (String table : List.of("lineage_keys", "lineage_refs", "lineage_edges", "lineage_walk",
        "lineage_roots")) {
      ttls.put(table, Map.entry("toDateTime(Seen)", lineageDays));
    }
    return ttls;
  }

  /**
   * Brings every table's TTL in {@code database} to this retention and returns the statements it
   * ran (none when all match). Tables missing from the database are skipped.
   */
  public List<String> apply(Connection connection, String database) throws SQLException {
    Map<String, String> engines = new HashMap<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT name, engine_full FROM system.tables WHERE database = ?")) {
      query.setString(1, database);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          engines.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    List<String> ran = new ArrayList<>();
    for (Map.Entry<String, Map.Entry<String, Integer>> ttl : ttls().entrySet()) {
      String engine = engines.get(ttl.getKey());
      String wanted = "TTL " + ttl.getValue().getKey() + " + toIntervalDay(" + ttl.getValue().getValue() + ")";
      if (engine == null || engine.contains(wanted + " ") || engine.endsWith(wanted)) {
        continue;
      }
      String sql = "ALTER TABLE " + database + "." + ttl.getKey() + " MODIFY " + wanted;
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
      ran.add(sql);
    }
    return ran;
  }
}
