package dev.wake.writer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses ClickHouse type names, as {@code system.columns} spells them, into {@link ColumnType}s.
 * Supported: {@code String}, {@code LowCardinality(T)} and {@code SimpleAggregateFunction(f, T)}
 * (both written as {@code T}), {@code UInt8/16/32/64}, {@code Int8/16/32/64}, {@code Bool},
 * {@code Float32/64}, {@code DateTime} (UInt32 seconds), {@code DateTime64(P)} (Int64 of 10^-P s),
 * {@code Enum8/16}, {@code Array(T)} and {@code Map(K, V)} (string keys and values), with or
 * without a time zone argument on the times. Stateless.
 */
final class ColumnTypes {
  private ColumnTypes() {}

  /**
   * The encoder of {@code type} for {@code column} ({@code table.column}, for messages).
   *
   * @throws IllegalArgumentException when the type, or a type inside it, is not supported
   */
  static ColumnType parse(String column, String type) {
    try {
      return type(column, type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(column + ": ClickHouse type " + type + " is not supported by the writer's"
          + " RowBinary encoder (at " + e.getMessage() + "; supported: String, LowCardinality, SimpleAggregateFunction,"
          + " (U)Int8-64, Bool, Float32/64, DateTime, DateTime64, Enum8/16, Array, Map of strings)", e);
    }
  }

  private static ColumnType type(String column, String type) {
    String t = type.strip();
    int open = t.indexOf('(');
    if (open >= 0 && !t.endsWith(")")) {
      throw unsupported(type);
    }
    String name = open < 0 ? t : t.substring(0, open).strip();
    List<String> args = open < 0 ? List.of() : arguments(t.substring(open + 1, t.length() - 1));
    return switch (name) {
      case "String" -> new ColumnType.StringType(column, only(args, 0, t));
      case "LowCardinality" -> type(column, arg(args, 1, 0, t));
      case "SimpleAggregateFunction" -> type(column, arg(args, 2, 1, t));
      case "UInt8", "Int8" -> new ColumnType.IntegerType(column, only(args, 0, t), 1);
      case "UInt16", "Int16" -> new ColumnType.IntegerType(column, only(args, 0, t), 2);
      case "UInt32", "Int32" -> new ColumnType.IntegerType(column, only(args, 0, t), 4);
      case "UInt64", "Int64" -> new ColumnType.IntegerType(column, only(args, 0, t), 8);
      case "Bool", "Boolean" -> new ColumnType.BoolType(column, only(args, 0, t));
      case "Float32" -> new ColumnType.FloatType(column, only(args, 0, t), true);
      case "Float64" -> new ColumnType.FloatType(column, only(args, 0, t), false);
      case "DateTime" -> new ColumnType.IntegerType(column, atMost(args, 1, t), 4); // DateTime('zone') too
      case "DateTime64" -> new ColumnType.DateTime64Type(column, t, precision(t, args));
      case "Enum8" -> new ColumnType.EnumType(column, t, 1, codes(t, args));
      case "Enum16" -> new ColumnType.EnumType(column, t, 2, codes(t, args));
      case "Array" -> new ColumnType.ArrayType(column, t, type(column, arg(args, 1, 0, t)));
      case "Map" -> new ColumnType.MapType(column, t, text(type(column, arg(args, 2, 0, t)), type),
          text(type(column, arg(args, 2, 1, t)), type));
      default -> throw unsupported(type);
    };
  }

  private static int precision(String type, List<String> args) {
    if (args.isEmpty() || args.size() > 2) {
      throw unsupported(type);
    }
    try {
      int precision = Integer.parseInt(args.get(0));
      if (precision < 0 || precision > 9) {
        throw unsupported(type);
      }
      return precision;
    } catch (NumberFormatException e) {
      throw unsupported(type);
    }
  }

  /** {@code 'up' = 1, 'down' = 2}: each name and its code. */
  private static Map<String, Integer> codes(String type, List<String> args) {
    Map<String, Integer> codes = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.lastIndexOf('=');
      String quoted = eq < 0 ? "" : arg.substring(0, eq).strip();
      if (quoted.length() < 2 || quoted.charAt(0) != '\'' || quoted.charAt(quoted.length() - 1) != '\'') {
        throw unsupported(type);
      }
      try {
        codes.put(unquote(quoted), Integer.parseInt(arg.substring(eq + 1).strip()));
      } catch (NumberFormatException e) {
        throw unsupported(type);
      }
    }
    if (codes.isEmpty()) {
      throw unsupported(type);
    }
    return codes;
  }

  /** The text of a single-quoted literal, backslash escapes resolved. */
  private static String unquote(String quoted) {
    StringBuilder out = new StringBuilder(quoted.length());
    for (int i = 1; i < quoted.length() - 1; i++) {
      char c = quoted.charAt(i);
      if (c == '\\' && i + 1 < quoted.length() - 1) {
        c = quoted.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }

  /**
   * A type's arguments, split at the commas outside parentheses and quotes: {@code
   * LowCardinality(String), String} gives two.
   */
  static List<String> arguments(String inside) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '\'') {
          quoted = false;
        }
      } else if (c == '\'') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        args.add(inside.substring(start, i).strip());
        start = i + 1;
      }
    }
    String last = inside.substring(start).strip();
    if (!last.isEmpty() || !args.isEmpty()) {
      args.add(last);
    }
    return args;
  }

  /** {@code inner} when it is written from a string (a map's keys and values are strings). */
  private static ColumnType text(ColumnType inner, String type) {
    if (!(inner instanceof ColumnType.StringType) && !(inner instanceof ColumnType.EnumType)) {
      throw unsupported(type);
    }
    return inner;
  }

  /** {@code type} when it has exactly {@code count} arguments. */
  private static String only(List<String> args, int count, String type) {
    if (args.size() != count) {
      throw unsupported(type);
    }
    return type;
  }

  /** {@code type} when it has at most {@code count} arguments. */
  private static String atMost(List<String> args, int count, String type) {
    if (args.size() > count) {
      throw unsupported(type);
    }
    return type;
  }

  /** Argument {@code index} of a type that must have {@code count}. */
  private static String arg(List<String> args, int count, int index, String type) {
    only(args, count, type);
    return args.get(index);
  }

  /** The part of a type that is not supported; {@link #parse} names the column and the whole type. */
  private static IllegalArgumentException unsupported(String type) {
    return new IllegalArgumentException(type);
  }
}
