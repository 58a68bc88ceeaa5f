package dev.wake.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps bearer tokens to tenants. With no tokens file every request is tenant {@code default};
 * with one, a request must carry {@code Authorization: Bearer <token>} with a listed token.
 *
 * <p>File format: one {@code token=tenant} per line; blank lines and {@code #} comments ignored.
 * Immutable and thread-safe.
 */
public final class TenantAuth {
  public static final String DEFAULT_TENANT = "default";

  private final Map<String, String> tenantsByToken;

  private TenantAuth(Map<String, String> tenantsByToken) {
    this.tenantsByToken = Map.copyOf(tenantsByToken);
  }

  public static TenantAuth open() {
    return new TenantAuth(Map.of());
  }

  public static TenantAuth fromFile(Path file) throws IOException {
    Map<String, String> tokens = new HashMap<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0 || eq == trimmed.length() - 1) {
        throw new IOException(file + " line " + lineNumber + ": expected token=tenant");
      }
      tokens.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
    }
    if (tokens.isEmpty()) {
      throw new IOException(file + " lists no token=tenant line");
    }
    return new TenantAuth(tokens);
  }

  public boolean required() {
    return !tenantsByToken.isEmpty();
  }

  /** The tenant for an {@code Authorization} header value (may be null), or null when refused. */
  public String tenant(String authorization) {
    if (!required()) {
      return DEFAULT_TENANT;
    }
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return tenantsByToken.get(authorization.substring(7).strip());
  }
}
