package dev.wake.query;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Go writes them and Jaeger's API takes them: decimal numbers each with a unit,
 * {@code ns}, {@code us} (or {@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}, summed
 * ({@code 1.5s}, {@code 100ms}, {@code 1h30m}); {@code 0} alone. The Jaeger UI's lookbacks add days
 * ({@code 2d}), accepted where asked for.
 */
final class GoDuration {
  private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h|d)");
  private static final Map<String, Long> UNIT_NS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L,
      "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L, "d", 86_400_000_000_000L);

  private GoDuration() {}

  /** Nanoseconds of {@code text} (fractions of a nanosecond dropped), or null when it is not a duration. */
  static Long nanos(String text, boolean days) {
    if (text.equals("0")) {
      return 0L;
    }
    Matcher part = PART.matcher(text);
    BigDecimal total = BigDecimal.ZERO;
    int at = 0;
    while (at < text.length()) {
      part.region(at, text.length());
      if (!part.lookingAt() || (!days && part.group(2).equals("d"))) {
        return null;
      }
      total = total.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(UNIT_NS.get(part.group(2)))));
      at = part.end();
    }
    return at == 0 || total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? null : total.longValue();
  }
}
