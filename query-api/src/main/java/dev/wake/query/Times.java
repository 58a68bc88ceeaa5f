package dev.wake.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** RFC 3339 timestamps, as the API reads and writes them: UTC with nanoseconds out, any offset in. */
final class Times {
  private static final DateTimeFormatter OUT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {}

  /** {@code 2026-11-23T14:00:00.000000001Z} for nanoseconds since the epoch. */
  static String format(long epochNanos) {
    return OUT.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
        Math.floorMod(epochNanos, 1_000_000_000L)));
  }

  /** Nanoseconds since the epoch of an RFC 3339 timestamp, or null when {@code text} is not one. */
  static Long parse(String text) {
    try {
      Instant at = OffsetDateTime.parse(text).toInstant();
      return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }
}
