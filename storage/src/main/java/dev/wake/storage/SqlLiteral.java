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
