package dev.wake.query;

import java.util.Locale;
import java.util.regex.Pattern;

/** Checks ids that arrive in paths: a bad one is a 400 that says what an id looks like. */
final class Ids {
  private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
  static final int MAX_INSTANCE_ID = 512;

  private Ids() {}

  /** A trace id as stored: 32 lowercase hex digits (upper case accepted). */
  static String traceId(String raw) {
    String id = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!TRACE_ID.matcher(id).matches() || id.equals("0".repeat(32))) {
      throw ApiException.badRequest("a trace id is 32 hex digits, not all zero; got '" + raw + "'", "path traceId");
    }
    return id;
  }

  /** An agent instance id: any non-empty text up to 512 characters (service.instance.id or host/pid/time). */
  static String instanceId(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_INSTANCE_ID) {
      throw ApiException.badRequest("an instance id is 1 to " + MAX_INSTANCE_ID + " characters", "path instanceId");
    }
    return raw;
  }
}
