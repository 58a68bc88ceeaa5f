package dev.wake.devstack.chdb;

/** Quoting of identifiers and string literals in ClickHouse SQL that Wake generates itself. */
final class SqlText {
  private SqlText() {}

  /** A back-quoted identifier, e.g. {@code `my db`}. */
  static String identifier(String name) {
    return '`' + escape(name, '`') + '`';
  }

  /** A single-quoted string literal; ClickHouse converts it to a setting's own type. */
  static String literal(String value) {
    return '\'' + escape(value, '\'') + '\'';
  }

  private static String escape(String text, char quote) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == quote) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
