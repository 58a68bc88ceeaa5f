package dev.wake.devstack.chdb;

/**
 * Finds statement boundaries in ClickHouse SQL without parsing it: skips string literals, quoted
 * identifiers and comments, and stops at inline INSERT data ({@code FORMAT name} in an INSERT).
 * The HTTP interface runs one statement per request, as ClickHouse's own does.
 */
final class Statements {
  private Statements() {}

  /**
   * True when {@code sql} holds more than one statement, i.e. something other than white space
   * and comments follows a top-level {@code ;}.
   */
  static boolean isMultiStatement(CharSequence sql) {
    boolean insert = startsWithWord(sql, skipSpaceAndComments(sql, 0), "INSERT");
    int i = insert ? scan(sql, "FORMAT") : scan(sql); // an INSERT's FORMAT: the rest is data
    return i < sql.length() && sql.charAt(i) == ';' && skipSpaceAndComments(sql, i + 1) < sql.length()
        && !onlySemicolons(sql, i + 1);
  }

  /**
   * Where the inline data of an INSERT begins: {@code [format, data]}, the index of its top-level
   * {@code FORMAT} keyword and of the data's first byte, or null when {@code sql} is no INSERT with
   * {@code FORMAT name} followed by data (or reads {@code FROM INFILE} already). As in ClickHouse,
   * the data starts after the first line feed following the format name, or, with none, after the
   * white space that follows it.
   */
  static int[] inlineInsertData(CharSequence sql) {
    int n = sql.length();
    if (!startsWithWord(sql, skipSpaceAndComments(sql, 0), "INSERT")) {
      return null;
    }
    int format = scan(sql, "FORMAT", "INFILE");
    if (format >= n || !isWordAt(sql, format, "FORMAT")) {
      return null;
    }
    int name = format + "FORMAT".length();
    while (name < n && (sql.charAt(name) == ' ' || sql.charAt(name) == '\t')) {
      name++;
    }
    int end = name;
    while (end < n && isWordChar(sql.charAt(end))) {
      end++;
    }
    if (end == name || (end < n && !Character.isWhitespace(sql.charAt(end)))) {
      return null; // format(...) the table function, or no name
    }
    int data = end;
    while (data < n && (sql.charAt(data) == ' ' || sql.charAt(data) == '\t' || sql.charAt(data) == '\r')) {
      data++;
    }
    if (data < n && sql.charAt(data) == '\n') {
      data++;
    } else {
      while (data < n && Character.isWhitespace(sql.charAt(data))) {
        data++;
      }
    }
    return data < n ? new int[] {format, data} : null;
  }

  /**
   * The index of the first top-level {@code ;} or of one of {@code words} (outside literals,
   * quoted identifiers and comments), or {@code sql.length()} when there is none.
   */
  private static int scan(CharSequence sql, String... words) {
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(sql, i, c);
      } else if (startsComment(sql, i)) {
        i = skipSpaceAndComments(sql, i);
      } else if (c == ';' || isAnyWordAt(sql, i, words)) {
        return i;
      } else {
        i++;
      }
    }
    return n;
  }

  private static boolean isAnyWordAt(CharSequence sql, int i, String[] words) {
    for (String word : words) {
      if (isWordAt(sql, i, word)) {
        return true;
      }
    }
    return false;
  }

  private static boolean onlySemicolons(CharSequence sql, int from) {
    int i = skipSpaceAndComments(sql, from);
    while (i < sql.length() && sql.charAt(i) == ';') {
      i = skipSpaceAndComments(sql, i + 1);
    }
    return i >= sql.length();
  }

  private static int skipQuoted(CharSequence sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2; // doubled quote
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return i;
  }

  private static boolean startsComment(CharSequence sql, int i) {
    return i + 1 < sql.length()
        && ((sql.charAt(i) == '-' && sql.charAt(i + 1) == '-')
            || (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*'));
  }

  static int skipSpaceAndComments(CharSequence sql, int from) {
    int i = from;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = indexOf(sql, "*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        return i;
      }
    }
    return n;
  }

  private static int indexOf(CharSequence text, String needle, int from) {
    outer:
    for (int i = from; i + needle.length() <= text.length(); i++) {
      for (int j = 0; j < needle.length(); j++) {
        if (text.charAt(i + j) != needle.charAt(j)) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean startsWithWord(CharSequence sql, int i, String word) {
    return isWordAt(sql, i, word);
  }

  private static boolean isWordAt(CharSequence sql, int i, String word) {
    int end = i + word.length();
    if (end > sql.length() || (i > 0 && isWordChar(sql.charAt(i - 1)))) {
      return false;
    }
    for (int j = 0; j < word.length(); j++) {
      if (Character.toUpperCase(sql.charAt(i + j)) != word.charAt(j)) {
        return false;
      }
    }
    return end == sql.length() || !isWordChar(sql.charAt(end));
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
