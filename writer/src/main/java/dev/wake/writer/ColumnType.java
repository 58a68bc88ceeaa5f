package dev.wake.writer;

import java.util.Map;

/**
 * How one column's ClickHouse type is written in {@code RowBinary}, from the Java values that
 * {@link Rows} takes; made by {@link ColumnTypes#parse}. A method a type has no use for throws
 * {@link IllegalArgumentException} naming the column: a row builder wrote the column with the
 * wrong method (a programming error). Immutable; thread-safe.
 */
abstract class ColumnType {
  /** {@code table.column}, for messages. */
  final String column;
  /** The type as ClickHouse spells it, e.g. {@code DateTime64(9)}. */
  final String type;

  ColumnType(String column, String type) {
    this.column = column;
    this.type = type;
  }

  /** A string: {@code String}, or an {@code Enum8}/{@code Enum16} value's name. */
  void string(RowBinaryBuffer out, String value) {
    throw refuse("a string");
  }

  /** A signed 64-bit integer; integer columns take its low bytes, as {@code CAST} does. */
  void integer(RowBinaryBuffer out, long value) {
    throw refuse("an integer");
  }

  /** An unsigned 64-bit integer (OTLP fixed64); integer columns take its low bytes. */
  void unsigned(RowBinaryBuffer out, long value) {
    integer(out, value);
  }

  void float64(RowBinaryBuffer out, double value) {
    throw refuse("a float");
  }

  /**
   * Unix nanoseconds. OTLP times are unsigned: one past 2^63 ns (year 2262), negative here, is
   * written as the epoch, as is an unset (0) time.
   */
  void nanos(RowBinaryBuffer out, long unixNanos) {
    throw refuse("a time");
  }

  /** A {@code Map(K, V)} of string keys and values. */
  void map(RowBinaryBuffer out, Map<String, String> value) {
    throw refuse("a map");
  }

  /** The element type of an {@code Array(T)}. */
  ColumnType element() {
    throw refuse("an array");
  }

  private IllegalArgumentException refuse(String what) {
    return new IllegalArgumentException(column + " is " + type + ": it cannot take " + what);
  }

  static final class StringType extends ColumnType {
    StringType(String column, String type) {
      super(column, type);
    }

    @Override
    void string(RowBinaryBuffer out, String value) {
      out.string(value);
    }
  }

  /** {@code (U)Int8} to {@code (U)Int64}, and {@code DateTime} (UInt32 seconds), by width in bytes. */
  static final class IntegerType extends ColumnType {
    private final int bytes;

    IntegerType(String column, String type, int bytes) {
      super(column, type);
      this.bytes = bytes;
    }

    @Override
    void integer(RowBinaryBuffer out, long value) {
      out.fixed(value, bytes);
    }
  }

  static final class BoolType extends ColumnType {
    BoolType(String column, String type) {
      super(column, type);
    }

    /** 0 is false, anything else true. */
    @Override
    void integer(RowBinaryBuffer out, long value) {
      out.fixed(value != 0 ? 1 : 0, 1);
    }
  }

  static final class FloatType extends ColumnType {
    private final boolean single;

    FloatType(String column, String type, boolean single) {
      super(column, type);
      this.single = single;
    }

    @Override
    void float64(RowBinaryBuffer out, double value) {
      if (single) {
        out.float32((float) value);
      } else {
        out.float64(value);
      }
    }

    @Override
    void integer(RowBinaryBuffer out, long value) {
      float64(out, value);
    }
  }

  /** {@code DateTime64(P)}: an Int64 count of 10^-P seconds. */
  static final class DateTime64Type extends ColumnType {
    private final long nanosPerUnit;

    DateTime64Type(String column, String type, int precision) {
      super(column, type);
      long divisor = 1;
      for (int i = precision; i < 9; i++) {
        divisor *= 10;
      }
      this.nanosPerUnit = divisor;
    }

    @Override
    void nanos(RowBinaryBuffer out, long unixNanos) {
      out.fixed(Math.max(0, unixNanos) / nanosPerUnit, 8);
    }
  }

  /** {@code Enum8}/{@code Enum16}, written from a value's name. */
  static final class EnumType extends ColumnType {
    private final int bytes;
    private final Map<String, Integer> codes;

    EnumType(String column, String type, int bytes, Map<String, Integer> codes) {
      super(column, type);
      this.bytes = bytes;
      this.codes = Map.copyOf(codes);
    }

    @Override
    void string(RowBinaryBuffer out, String value) {
      Integer code = codes.get(value);
      if (code == null) {
        throw new IllegalArgumentException(column + " is " + type + ", which has no value '" + value + "'");
      }
      out.fixed(code, bytes);
    }
  }

  static final class ArrayType extends ColumnType {
    private final ColumnType element;

    ArrayType(String column, String type, ColumnType element) {
      super(column, type);
      this.element = element;
    }

    @Override
    ColumnType element() {
      return element;
    }
  }

  static final class MapType extends ColumnType {
    private final ColumnType key;
    private final ColumnType value;

    MapType(String column, String type, ColumnType key, ColumnType value) {
      super(column, type);
      this.key = key;
      this.value = value;
    }

    @Override
    void map(RowBinaryBuffer out, Map<String, String> entries) {
      out.varint(entries.size());
      for (Map.Entry<String, String> e : entries.entrySet()) {
        key.string(out, e.getKey());
        value.string(out, e.getValue());
      }
    }
  }
}
