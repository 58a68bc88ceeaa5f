package dev.wake.writer;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The column types of the tables the writer inserts into, as ClickHouse itself reports them
 * ({@code system.columns}, read once at start-up by {@link ClickHouseStore#schema}), each parsed
 * into its {@code RowBinary} encoder. Nested columns are the flattened arrays ClickHouse lists,
 * e.g. {@code Events.Timestamp Array(DateTime64(9))}. Immutable; thread-safe.
 */
final class Schema {
  private final Map<String, Table> tables;

  private Schema(Map<String, Table> tables) {
    this.tables = Map.copyOf(tables);
  }

  /** One column: its name, its type as ClickHouse spells it, and its encoder. */
  record Column(String name, String type, ColumnType encoder) {}

  /** One table: its insertable columns by name, in the table's order. */
  record Table(String name, Map<String, Column> columns) {
    /**
     * The column named {@code name}.
     *
     * @throws SchemaMismatch when the table has no such column
     */
    Column column(String name) {
      Column column = columns.get(name);
      if (column == null) {
        throw new SchemaMismatch("table " + this.name + " has no column " + name
            + ": migrate the schema (./wake migrate) or run the writer built for it");
      }
      return column;
    }
  }

  /**
   * The schema of {@code tables}, from each table's columns (name to type, in table order).
   *
   * @throws IllegalStateException naming the database, table, column and type when one of {@code
   *     tables} is missing or has a column type the encoder does not support
   */
  static Schema of(String database, Collection<String> tables, Map<String, Map<String, String>> columnTypes) {
    Map<String, Table> parsed = new LinkedHashMap<>();
    for (String table : tables) {
      Map<String, String> types = columnTypes.get(table);
      if (types == null || types.isEmpty()) {
        throw new IllegalStateException("table " + database + "." + table + " does not exist: run ./wake migrate");
      }
      Map<String, Column> columns = new LinkedHashMap<>();
      types.forEach((name, type) -> {
        try {
          columns.put(name, new Column(name, type, ColumnTypes.parse(database + "." + table + "." + name, type)));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
      parsed.put(table, new Table(table, java.util.Collections.unmodifiableMap(columns)));
    }
    return new Schema(parsed);
  }

  /**
   * The table named {@code name}.
   *
   * @throws IllegalStateException when the schema was not read for that table
   */
  Table table(String name) {
    Table table = tables.get(name);
    if (table == null) {
      throw new IllegalStateException("no schema read for table " + name + ": read it at start-up");
    }
    return table;
  }
}
