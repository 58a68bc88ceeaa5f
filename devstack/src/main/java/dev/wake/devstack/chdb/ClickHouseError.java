package dev.wake.devstack.chdb;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error in ClickHouse's HTTP shape: the numeric code goes in {@code X-ClickHouse-Exception-Code},
 * the text {@code Code: N. DB::Exception: ... (NAME)} in the body, so ClickHouse clients (the JDBC
 * driver among them) raise it with the code.
 */
record ClickHouseError(int httpStatus, int code, String text) {
  private static final Pattern CODE = Pattern.compile("Code: (\\d+)\\.");

  static final int SYNTAX_ERROR = 62;
  static final int UNKNOWN_FORMAT = 73;
  static final int CANNOT_DECOMPRESS = 271;
  static final int AUTHENTICATION_FAILED = 516;

  /** Wraps chDB's own exception text, keeping its code. */
  static ClickHouseError fromEngine(String message) {
    Matcher m = CODE.matcher(message);
    int code = m.find() ? Integer.parseInt(m.group(1)) : 1001;
    String text = message.startsWith("Code: ") ? message : "Code: 1001. DB::Exception: " + message;
    return new ClickHouseError(500, code, text);
  }

  /** An error Wake's server raises itself, worded like ClickHouse's. */
  static ClickHouseError of(int httpStatus, int code, String name, String message) {
    return new ClickHouseError(
        httpStatus, code, "Code: " + code + ". DB::Exception: " + message + ". (" + name + ")");
  }
}
