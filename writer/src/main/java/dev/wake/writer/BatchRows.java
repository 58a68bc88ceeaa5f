package dev.wake.writer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows one batch inserts, per ClickHouse table (unqualified names of {@code schemas/}), in the
 * order the tables were first written. Not thread-safe.
 */
final class BatchRows {
  private final Map<String, JsonRows> tables = new LinkedHashMap<>();

  /** The rows of {@code table}, created empty on first use. */
  JsonRows table(String table) {
    return tables.computeIfAbsent(table, t -> new JsonRows());
  }

  /** Tables with at least one row, in first-written order. */
  Map<String, JsonRows> nonEmpty() {
    Map<String, JsonRows> result = new LinkedHashMap<>();
    tables.forEach((name, rows) -> {
      if (rows.rows() > 0) {
        result.put(name, rows);
      }
    });
    return result;
  }

  int rows() {
    return tables.values().stream().mapToInt(JsonRows::rows).sum();
  }

  long bytes() {
    return tables.values().stream().mapToLong(JsonRows::bytes).sum();
  }
}
