package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link Rows} back for unit tests: their {@code RowBinary} bytes, decoded by each column's
 * ClickHouse type name (not by the writer's encoders), into values per column: strings, {@code
 * Long} for integers, {@code DateTime} seconds and {@code DateTime64} units (UInt64 as its bits),
 * {@code Boolean}, {@code Double}, an enum's name, {@code List} for arrays, {@code Map} for maps.
 */
final class RowBinaryReader {
  private static final Pattern ENUM_VALUE = Pattern.compile("'((?:[^'\\\\]|\\\\.)*)'\\s*=\\s*(-?\\d+)");

  private RowBinaryReader() {}

  /** One decoded row; {@link #get} fails the test for a column the row does not have. */
  record Row(Map<String, Object> values) {
    Object get(String column) {
      assertThat(values).as("columns of the row").containsKey(column);
      return values.get(column);
    }

    String str(String column) {
      return (String) get(column);
    }

    long num(String column) {
      return (Long) get(column);
    }

    double dbl(String column) {
      return (Double) get(column);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String column) {
      return (Map<String, Object>) get(column);
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String column) {
      return (List<Object>) get(column);
    }
  }

  /** Every finished row of {@code rows}; fails when bytes are left over. */
  static List<Row> read(Rows rows) {
    ByteBuffer in = ByteBuffer.wrap(rows.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
    List<Row> decoded = new ArrayList<>();
    for (int r = 0; r < rows.rows(); r++) {
      Map<String, Object> values = new LinkedHashMap<>();
      for (String column : rows.columns()) {
        values.put(column, value(in, rows.table().column(column).type()));
      }
      decoded.add(new Row(values));
    }
    assertThat(in.remaining()).as("bytes after the last row").isZero();
    return decoded;
  }

  static Object value(ByteBuffer in, String type) {
    int open = type.indexOf('(');
    String name = open < 0 ? type : type.substring(0, open);
    List<String> args = open < 0 ? List.of() : ColumnTypes.arguments(type.substring(open + 1, type.length() - 1));
    return switch (name) {
      case "String" -> {
        byte[] bytes = new byte[(int) varint(in)];
        in.get(bytes);
        yield new String(bytes, StandardCharsets.UTF_8);
      }
      case "LowCardinality" -> value(in, args.get(0));
      case "Array" -> array(in, args.get(0));
      case "SimpleAggregateFunction" -> value(in, args.get(1));
      case "UInt8" -> (long) (in.get() & 0xFF);
      case "UInt16" -> (long) (in.getShort() & 0xFFFF);
      case "UInt32", "DateTime" -> in.getInt() & 0xFFFF_FFFFL;
      case "UInt64", "Int64", "DateTime64" -> in.getLong();
      case "Int8" -> (long) in.get();
      case "Int16" -> (long) in.getShort();
      case "Int32" -> (long) in.getInt();
      case "Bool" -> {
        byte b = in.get();
        assertThat(b).as("a Bool byte").isIn((byte) 0, (byte) 1);
        yield b == 1;
      }
      case "Float32" -> (double) in.getFloat();
      case "Float64" -> in.getDouble();
      case "Enum8", "Enum16" -> enumName(type, name.equals("Enum8") ? in.get() : in.getShort());
      case "Map" -> {
        long n = varint(in);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (long i = 0; i < n; i++) {
          map.put(value(in, args.get(0)), value(in, args.get(1)));
        }
        yield map;
      }
      default -> throw new AssertionError("the test reader cannot read " + type);
    };
  }

  private static List<Object> array(ByteBuffer in, String element) {
    long n = varint(in);
    List<Object> values = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      values.add(value(in, element));
    }
    return values;
  }

  private static String enumName(String type, int code) {
    Matcher m = ENUM_VALUE.matcher(type);
    while (m.find()) {
      if (Integer.parseInt(m.group(2)) == code) {
        return m.group(1);
      }
    }
    throw new AssertionError(type + " has no code " + code);
  }

  /** An unsigned LEB128 varint. */
  static long varint(ByteBuffer in) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = in.get();
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
