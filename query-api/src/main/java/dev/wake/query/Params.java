package dev.wake.query;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.Set;

/**
 * Query-string parameters of one request, checked: a bad value is a 400 naming the parameter and
 * what it accepts. Times are RFC 3339; a window defaults to the hour before {@code end}.
 */
final class Params {
  static final long HOUR_NS = 3_600_000_000_000L;
  private final Context ctx;
  private final Clock clock;

  Params(Context ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  String text(String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  int integer(String name, int defaultValue, int min, int max) {
    String value = text(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max + ", got '" + value + "'",
        "query parameter " + name);
  }

  String oneOf(String name, String defaultValue, Set<String> allowed) {
    String value = text(name);
    if (value == null) {
      return defaultValue;
    }
    if (!allowed.contains(value)) {
      throw ApiException.badRequest(name + " must be one of " + allowed + ", got '" + value + "'", "query parameter " + name);
    }
    return value;
  }

  /** A time in ns since the epoch, or {@code defaultNs}. */
  long time(String name, long defaultNs) {
    String value = text(name);
    if (value == null) {
      return defaultNs;
    }
    Long parsed = Times.parse(value);
    if (parsed == null) {
      throw ApiException.badRequest(name + " must be an RFC 3339 timestamp such as 2026-11-23T14:00:00Z, got '"
          + value + "'", "query parameter " + name);
    }
    return parsed;
  }

  /** {@code [start, end]} in ns: {@code end} defaults to now, {@code start} to the hour before end. */
  long[] window() {
    long now = clock.millis() * 1_000_000L;
    long end = time("end", now);
    long start = time("start", end - HOUR_NS);
    if (start > end) {
      throw ApiException.badRequest("start must not be after end", "query parameter start");
    }
    return new long[] {start, end};
  }
}
