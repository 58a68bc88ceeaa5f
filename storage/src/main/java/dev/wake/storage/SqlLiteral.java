package dev.wake.storage;

import java.util.Collection;

/**
 * ClickHouse string literals, for the sets of ids and host names lineage looks up (thousands of
 * values, too many for URL query parameters). Every byte is safe inside the quotes once backslash
 * and quote are escaped, which is all ClickHouse's lexer treats specially.
 */
public final class SqlLiteral {
  private SqlLiteral() {}

  public static String quote(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '\'') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append('\'').toString();
  }

  /** {@code ('a','b')} for an {@code IN}; {@code ('')} for an empty collection, which matches nothing real. */
  public static String tuple(Collection<String> values) {
    return list(values, '(', ')');
  }

  /** {@code ['a','b']}, an {@code Array(String)}; {@code ['']} for an empty collection, as {@link #tuple}. */
  public static String array(Collection<String> values) {
    return list(values, '[', ']');
  }

  /** Sets with more values than this are written by {@link #in} as {@link #set}, smaller ones as {@link #tuple}. */
  public static final int SET_ABOVE = 5_000;

  /**
   * The right-hand side of an {@code IN} over {@code values}: {@link #tuple} up to
   * {@value #SET_ABOVE} values, {@link #set} above. ClickHouse parses a literal tuple of 10,000 ids
   * as 10,000 expressions, which took longer than the read it served (10,000 instance ids among a
   * million: 160-230 ms with a tuple, 110-130 ms as a set); but with a subquery set the primary
   * key selected more granules for small sets (51 instance ids: 736k rows read instead of 336k,
   * and 2,000 span keys took 83 ms instead of 54).
   */
  public static String in(Collection<String> values) {
    return values.size() > SET_ABOVE ? set(values) : tuple(values);
  }

  /**
   * {@code (SELECT arrayJoin(JSONExtract('["a","b"]', 'Array(String)')))}: the same set as
   * {@link #tuple} for an {@code IN}, as one string literal that ClickHouse parses in one piece
   * (see {@link #in}). Empty: {@code ('')}, as {@link #tuple}.
   */
  public static String set(Collection<String> values) {
    return values.isEmpty() ? "('')" : "(SELECT arrayJoin(" + jsonArray(values) + "))";
  }

  /**
   * An {@code Array(String)} expression of {@code values}: {@link #array} up to {@value #SET_ABOVE}
   * values, above that one string literal ClickHouse parses at run time, as {@link #set}.
   */
  public static String strings(Collection<String> values) {
    return values.size() > SET_ABOVE ? jsonArray(values) : array(values);
  }

  private static String jsonArray(Collection<String> values) {
    StringBuilder json = new StringBuilder().append('[');
    for (String value : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      jsonString(json, value);
    }
    return "JSONExtract(" + quote(json.append(']').toString()) + ", 'Array(String)')";
  }

  /** Appends {@code value} as a JSON string: quote, backslash and control characters escaped. */
  private static void jsonString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static String list(Collection<String> values, char open, char close) {
    if (values.isEmpty()) {
      return open + "''" + close;
    }
    StringBuilder out = new StringBuilder().append(open);
    for (String value : values) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(value));
    }
    return out.append(close).toString();
  }
}
