package dev.wake.writer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Rows for one ClickHouse table in {@code JSONEachRow}, appended field by field:
 * {@code begin(); str("TraceId", id); ...; end();}. Timestamps are written as Unix seconds with
 * nine decimals, which ClickHouse parses into {@code DateTime64(9)} without loss. Not thread-safe.
 */
final class JsonRows {
  private byte[] buf = new byte[64 * 1024];
  private int size;
  private final StringBuilder row = new StringBuilder(1024);
  private int rows;
  private boolean first;

  /** Starts a row. */
  JsonRows begin() {
    row.setLength(0);
    row.append('{');
    first = true;
    return this;
  }

  /** Ends the row started by {@link #begin()}. */
  void end() {
    row.append("}\n");
    int length = row.length();
    ensure(length);
    for (int i = 0; i < length; i++) {
      char c = row.charAt(i);
      if (c >= 0x80) { // not ASCII: encode the rest of the row properly
        byte[] rest = row.substring(i).getBytes(StandardCharsets.UTF_8);
        ensure(rest.length);
        System.arraycopy(rest, 0, buf, size, rest.length);
        size += rest.length;
        rows++;
        return;
      }
      buf[size++] = (byte) c;
    }
    rows++;
  }

  JsonRows str(String column, String value) {
    key(column);
    quote(row, value);
    return this;
  }

  JsonRows num(String column, long value) {
    key(column).append(value);
    return this;
  }

  /** An unsigned 64-bit value (OTLP fixed64 counts), written as its unsigned decimal. */
  JsonRows unsigned(String column, long value) {
    key(column).append(Long.toUnsignedString(value));
    return this;
  }

  JsonRows dbl(String column, double value) {
    key(column);
    number(value);
    return this;
  }

  /** A {@code DateTime64(9)} from Unix nanoseconds. */
  JsonRows time(String column, long unixNanos) {
    key(column);
    nanos(unixNanos);
    return this;
  }

  /** A {@code Map(String, String)}. */
  JsonRows map(String column, Map<String, String> value) {
    key(column);
    object(value);
    return this;
  }

  /** An {@code Array(String)}. */
  JsonRows strings(String column, List<String> values) {
    key(column).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      quote(row, values.get(i));
    }
    row.append(']');
    return this;
  }

  /** An {@code Array(DateTime64(9))} from Unix nanoseconds. */
  JsonRows times(String column, long[] unixNanos) {
    key(column).append('[');
    for (int i = 0; i < unixNanos.length; i++) {
      if (i > 0) {
        row.append(',');
      }
      nanos(unixNanos[i]);
    }
    row.append(']');
    return this;
  }

  /** An {@code Array(Float64)}. */
  JsonRows doubles(String column, List<Double> values) {
    key(column).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      number(values.get(i));
    }
    row.append(']');
    return this;
  }

  /** An {@code Array(UInt64)} of unsigned values. */
  JsonRows unsignedArray(String column, List<Long> values) {
    key(column).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      row.append(Long.toUnsignedString(values.get(i)));
    }
    row.append(']');
    return this;
  }

  /** An {@code Array(Map(String, String))}. */
  JsonRows maps(String column, List<Map<String, String>> values) {
    key(column).append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        row.append(',');
      }
      object(values.get(i));
    }
    row.append(']');
    return this;
  }

  private void object(Map<String, String> value) {
    row.append('{');
    boolean firstEntry = true;
    for (Map.Entry<String, String> e : value.entrySet()) {
      if (!firstEntry) {
        row.append(',');
      }
      firstEntry = false;
      quote(row, e.getKey());
      row.append(':');
      quote(row, e.getValue());
    }
    row.append('}');
  }

  int rows() {
    return rows;
  }

  int bytes() {
    return size;
  }

  /** Everything appended so far, copied. */
  byte[] toByteArray() {
    return java.util.Arrays.copyOf(buf, size);
  }

  /** Everything appended so far, without copying; valid until the next append. */
  java.io.InputStream stream() {
    return new java.io.ByteArrayInputStream(buf, 0, size);
  }

  private void ensure(int more) {
    if (size + more > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }

  private StringBuilder key(String column) {
    if (!first) {
      row.append(',');
    }
    first = false;
    return row.append('"').append(column).append("\":");
  }

  /** OTLP times are unsigned; one past 2^63 ns (year 2262) or unset is written as the epoch. */
  private void nanos(long unixNanos) {
    long clamped = Math.max(0, unixNanos);
    long seconds = clamped / 1_000_000_000L;
    long fraction = clamped % 1_000_000_000L;
    String digits = Long.toString(fraction);
    row.append('"').append(seconds).append('.');
    for (int i = digits.length(); i < 9; i++) {
      row.append('0');
    }
    row.append(digits).append('"');
  }

  private void number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      row.append('"').append(Double.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf").append('"');
    } else {
      row.append(value);
    }
  }

  /** Appends {@code value} as a JSON string. */
  static void quote(StringBuilder to, String value) {
    to.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> to.append("\\\"");
        case '\\' -> to.append("\\\\");
        case '\n' -> to.append("\\n");
        case '\r' -> to.append("\\r");
        case '\t' -> to.append("\\t");
        default -> {
          if (c < 0x20) {
            to.append(String.format("\\u%04x", (int) c));
          } else {
            to.append(c);
          }
        }
      }
    }
    to.append('"');
  }
}
