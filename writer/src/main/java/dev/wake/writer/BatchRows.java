package dev.wake.writer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rows one batch inserts, per ClickHouse table (unqualified names of {@code schemas/}), in the
 * order the tables were first written, each encoded for its table's columns in {@code schema}.
 * Not thread-safe.
 */
final class BatchRows {
  private final Schema schema;
  private final Map<String, Rows> tables = new LinkedHashMap<>();

  BatchRows(Schema schema) {
    this.schema = schema;
  }

  /**
   * The rows of {@code table}, created empty on first use.
   *
   * @throws IllegalStateException when {@code schema} was not read for {@code table}
   */
  Rows table(String table) {
    return tables.computeIfAbsent(table, t -> new Rows(schema.table(t)));
  }

  /** Tables with at least one row, in first-written order. */
  Map<String, Rows> nonEmpty() {
    Map<String, Rows> result = new LinkedHashMap<>();
    tables.forEach((name, rows) -> {
      if (rows.rows() > 0) {
        result.put(name, rows);
      }
    });
    return result;
  }

  int rows() {
    return tables.values().stream().mapToInt(Rows::rows).sum();
  }

  long bytes() {
    return tables.values().stream().mapToLong(Rows::bytes).sum();
  }
}
