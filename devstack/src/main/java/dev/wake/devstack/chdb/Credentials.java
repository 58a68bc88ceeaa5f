package dev.wake.devstack.chdb;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * The one user the embedded ClickHouse accepts. Requests name it by HTTP Basic auth,
 * {@code X-ClickHouse-User} / {@code X-ClickHouse-Key}, or {@code user} / {@code password} URL
 * parameters, as with ClickHouse; none of them means user {@code default} with no password.
 */
record Credentials(String user, String password) {

  boolean accepts(String requestUser, String requestPassword) {
    return user.equals(requestUser)
        && MessageDigest.isEqual(
            password.getBytes(StandardCharsets.UTF_8),
            requestPassword.getBytes(StandardCharsets.UTF_8));
  }

  /** {user, password} as the request states them. */
  static String[] fromRequest(Map<String, String> url, Headers headers) {
    String authorization = headers.getFirst("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      return colon < 0
          ? new String[] {decoded, ""}
          : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }
    String user = headers.getFirst("X-ClickHouse-User");
    if (user != null) {
      String key = headers.getFirst("X-ClickHouse-Key");
      return new String[] {user, key == null ? "" : key};
    }
    return new String[] {
      url.getOrDefault("user", "default"), url.getOrDefault("password", "")
    };
  }
}
