package dev.wake.writer;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Rows for one ClickHouse table in {@code RowBinary}, encoded as they are appended field by field:
 * {@code begin(); str("TraceId", id); ...; end();}. Each value is written by its column's type
 * ({@link Schema.Table}): {@link #time} gives a {@code DateTime64(P)} from Unix nanoseconds, {@link
 * #num} an integer, {@code DateTime} (seconds) or {@code Bool} (0 is false), {@link #str} a string
 * or an {@code Enum8}/{@code Enum16} value by name.
 *
 * <p>RowBinary has no column names: the first row's fields, in order, are the column list the
 * rows are inserted with ({@link #columns()}), and every later row must write the same columns in
 * the same order. A row that does not, a column the table lacks, or a method the column's type
 * takes no value from throws (a programming error): {@link IllegalStateException} naming the
 * table, the row and the column, or {@link IllegalArgumentException} naming the column. Such a
 * row is left unfinished: the next {@link #begin()} drops it, and only finished rows are ever
 * inserted. Not thread-safe.
 */
final class Rows {
  private final Schema.Table table;
  private final RowBinaryBuffer out = new RowBinaryBuffer(64 * 1024);
  private final List<String> columns = new ArrayList<>();
  private final List<ColumnType> types = new ArrayList<>();
  private int rows;
  /** Bytes of the finished rows. */
  private int finished;
  /** Index of the next field of the row being written; -1 when no row is begun. */
  private int field = -1;

  Rows(Schema.Table table) {
    this.table = table;
  }

  /** Starts a row, dropping one begun and not ended. */
  Rows begin() {
    out.truncate(finished);
    if (rows == 0) {
      columns.clear();
      types.clear();
    }
    field = 0;
    return this;
  }

  /** Ends the row started by {@link #begin()}. */
  void end() {
    if (field < 0) {
      throw new IllegalStateException(table.name() + ": end() without begin()");
    }
    if (field < columns.size()) {
      throw new IllegalStateException(table.name() + " row " + (rows + 1) + " ends before column "
          + columns.get(field) + ", which the first row writes next");
    }
    rows++;
    finished = out.size();
    field = -1;
  }

  Rows str(String column, String value) {
    next(column).string(out, value);
    return this;
  }

  /** A signed integer: any integer column, a {@code DateTime} (Unix seconds), a {@code Bool}. */
  Rows num(String column, long value) {
    next(column).integer(out, value);
    return this;
  }

  /** An unsigned 64-bit value (OTLP fixed64 counts). */
  Rows unsigned(String column, long value) {
    next(column).unsigned(out, value);
    return this;
  }

  Rows dbl(String column, double value) {
    next(column).float64(out, value);
    return this;
  }

  /** A {@code DateTime64(P)} from Unix nanoseconds; one past 2^63 ns or unset is the epoch. */
  Rows time(String column, long unixNanos) {
    next(column).nanos(out, unixNanos);
    return this;
  }

  /** A {@code Map(String, String)}. */
  Rows map(String column, Map<String, String> value) {
    next(column).map(out, value);
    return this;
  }

  /** An {@code Array(String)}. */
  Rows strings(String column, List<String> values) {
    return array(column, values, ColumnType::string);
  }

  /** An {@code Array(DateTime64(P))} from Unix nanoseconds. */
  Rows times(String column, long[] unixNanos) {
    ColumnType element = next(column).element();
    out.varint(unixNanos.length);
    for (long t : unixNanos) {
      element.nanos(out, t);
    }
    return this;
  }

  /** An {@code Array(Float64)}. */
  Rows doubles(String column, List<Double> values) {
    return array(column, values, ColumnType::float64);
  }

  /** An array of unsigned 64-bit values: {@code Array(UInt64)}, or {@code Array(DateTime)} of seconds. */
  Rows unsignedArray(String column, List<Long> values) {
    return array(column, values, ColumnType::unsigned);
  }

  /** An {@code Array(Map(String, String))}. */
  Rows maps(String column, List<Map<String, String>> values) {
    return array(column, values, ColumnType::map);
  }

  /** The table these rows are for. */
  Schema.Table table() {
    return table;
  }

  /** The column list of the rows: the first row's fields, in order; empty before any row. */
  List<String> columns() {
    return rows == 0 ? List.of() : List.copyOf(columns);
  }

  int rows() {
    return rows;
  }

  /** Bytes of the finished rows. */
  int bytes() {
    return finished;
  }

  /** The finished rows, copied. */
  byte[] toByteArray() {
    return out.toByteArray(finished);
  }

  /** The finished rows, without copying; valid until the next append. */
  InputStream stream() {
    return out.stream(finished);
  }

  /** Writes one element of an array with the element's type. */
  private interface ElementWriter<T> {
    void write(ColumnType element, RowBinaryBuffer out, T value);
  }

  /** An {@code Array(T)}: its length, then each value written by {@code write} with the element type. */
  private <T> Rows array(String column, List<T> values, ElementWriter<T> write) {
    ColumnType element = next(column).element();
    out.varint(values.size());
    for (int i = 0; i < values.size(); i++) {
      write.write(element, out, values.get(i));
    }
    return this;
  }

  /** The type of the row's next field, which must be {@code column}. */
  private ColumnType next(String column) {
    if (field < 0) {
      throw new IllegalStateException(table.name() + ": column " + column + " written outside a row (begin() first)");
    }
    if (rows == 0) {
      if (columns.contains(column)) {
        throw new IllegalStateException(table.name() + " row 1 writes column " + column + " twice");
      }
      ColumnType type = table.column(column).encoder();
      columns.add(column);
      types.add(type);
      field++;
      return type;
    }
    if (field >= columns.size() || !columns.get(field).equals(column)) {
      throw new IllegalStateException(table.name() + " row " + (rows + 1) + " writes column " + column + " where the"
          + " first row wrote " + (field < columns.size() ? columns.get(field) : "no more columns"));
    }
    return types.get(field++);
  }
}
