package dev.wake.writer;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The plan a writer commits to Kafka as offset metadata before it writes a partition's batches:
 * the end offsets of the batches being written, oldest first ({@code wake-plan:120,245}), so that
 * a writer that takes the partition over after a crash re-forms exactly those batches and their
 * deduplication tokens match. A plan of one end is what writers before pipelined batches wrote.
 * Immutable helpers.
 */
final class BatchPlan {
  static final String PREFIX = "wake-plan:";

  private BatchPlan() {}

  /** The metadata naming {@code ends} (oldest first), or empty when there is none. */
  static String format(List<Long> ends) {
    StringBuilder plan = new StringBuilder();
    for (long end : ends) {
      plan.append(plan.length() == 0 ? PREFIX : ",").append(end);
    }
    return plan.toString();
  }

  /**
   * The batch ends {@code metadata} plans, oldest first; none when it is not a plan (null, empty,
   * another tool's metadata).
   *
   * @throws IllegalArgumentException when it is a plan whose ends are not increasing offsets
   */
  static ArrayDeque<Long> parse(String metadata) {
    ArrayDeque<Long> ends = new ArrayDeque<>();
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return ends;
    }
    long previous = -1;
    for (String part : metadata.substring(PREFIX.length()).split(",", -1)) {
      long end;
      try {
        end = Long.parseLong(part);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a batch plan: " + metadata, e);
      }
      if (end <= previous || end < 0) {
        throw new IllegalArgumentException("not a batch plan (ends must increase): " + metadata);
      }
      ends.add(end);
      previous = end;
    }
    return ends;
  }
}
