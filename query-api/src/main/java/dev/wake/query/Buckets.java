package dev.wake.query;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The time buckets of a metrics request: the window ({@code start}, {@code end}, RFC 3339, default
 * the last hour) cut into {@code step}-second buckets. Buckets start at multiples of the step since
 * the epoch, so the first and last may reach outside the window (they count only what lies inside).
 * Immutable.
 *
 * @param startNs window start, ns since the epoch (inclusive)
 * @param endNs window end (inclusive)
 * @param stepSeconds bucket width, 1 to 86,400 s
 */
record Buckets(long startNs, long endNs, int stepSeconds) {
  static final int MAX_STEP = 86_400;
  static final long MAX_BUCKETS = 10_000;
  /** Points a default step aims at: about this many buckets per window. */
  static final long TARGET_POINTS = 300;
  private static final long SECOND_NS = 1_000_000_000L;
  private static final long MAX_DATETIME = 0xFFFF_FFFFL;

  /**
   * Reads {@code start}, {@code end} and {@code step}; the default step is
   * {@code max(10, ceil(window / 300))} seconds. More than {@value #MAX_BUCKETS} buckets is a 400.
   */
  static Buckets of(Params params) {
    long[] window = params.window();
    int step = params.integer("step", defaultStep(window[0], window[1]), 1, MAX_STEP);
    Buckets buckets = new Buckets(window[0], window[1], step);
    if (buckets.count() > MAX_BUCKETS) {
      throw ApiException.badRequest("the window holds " + buckets.count() + " buckets of " + step + " s, more than "
          + MAX_BUCKETS + ": raise step or narrow start..end", "query parameter step");
    }
    return buckets;
  }

  static int defaultStep(long startNs, long endNs) {
    long windowSeconds = Math.max(0, endNs - startNs) / SECOND_NS;
    long step = Math.max(10, (windowSeconds + TARGET_POINTS - 1) / TARGET_POINTS);
    return (int) Math.min(step, MAX_STEP);
  }

  /** How many buckets the window touches. */
  long count() {
    return Math.floorDiv(endSecond(), stepSeconds) - Math.floorDiv(startSecond(), stepSeconds) + 1;
  }

  /** The window's first second, within ClickHouse's {@code DateTime} range. */
  long startSecond() {
    return clamp(Math.floorDiv(startNs, SECOND_NS));
  }

  /** The window's last second (inclusive), within ClickHouse's {@code DateTime} range. */
  long endSecond() {
    return clamp(Math.floorDiv(endNs, SECOND_NS));
  }

  /**
   * The SQL expression of the bucket (its first second, {@code UInt32}) of {@code seconds}, a whole
   * number of seconds since the epoch: uses parameter {@code step}.
   */
  static String bucketOf(String seconds) {
    return "intDiv(" + seconds + ", {step:UInt32}) * {step:UInt32}";
  }

  /**
   * The SQL condition that {@code column}, a {@code DateTime} column, lies in the window: compared
   * with {@code DateTime} values (see {@link TraceBounds} on mixing types); parameters
   * {@code startSecond} and {@code endSecond}.
   */
  static String secondsWithin(String column) {
    return column + " >= toDateTime({startSecond:UInt32}) AND " + column + " <= toDateTime({endSecond:UInt32})";
  }

  /**
   * The SQL condition that {@code column}, a {@code DateTime64(9)} column, lies in the window:
   * compared with {@code DateTime64(9)} values; parameters {@code startNs} and {@code endNs}.
   */
  static String nanosWithin(String column) {
    return column + " >= fromUnixTimestamp64Nano({startNs:Int64}) AND " + column
        + " <= fromUnixTimestamp64Nano({endNs:Int64})";
  }

  /**
   * Statement parameters: {@code tenant}, {@code step}, {@code startSecond}, {@code endSecond},
   * {@code startNs} and {@code endNs}; more may be added.
   */
  Map<String, Object> sqlParams(String tenant) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenant);
    params.put("step", stepSeconds);
    params.put("startSecond", startSecond());
    params.put("endSecond", endSecond());
    params.put("startNs", startNs);
    params.put("endNs", endNs);
    return params;
  }

  private static long clamp(long seconds) {
    return Math.max(0, Math.min(MAX_DATETIME, seconds));
  }
}
