package dev.wake.bench;

import java.util.Arrays;

/** Request latencies of one run, in nanoseconds; percentiles by sorting (runs are short). */
final class Latencies {
  private long[] values = new long[1 << 16];
  private int size;

  synchronized void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  synchronized int count() {
    return size;
  }

  /** The {@code p}-th percentile (0-100) in milliseconds. */
  synchronized double percentileMs(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int index = (int) Math.min(size - 1, Math.ceil(p / 100.0 * size) - 1);
    return sorted[Math.max(0, index)] / 1e6;
  }
}
