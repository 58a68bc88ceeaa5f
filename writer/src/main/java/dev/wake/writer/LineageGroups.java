package dev.wake.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;

/**
 * Writes the lineage of batches whose rows are inserted, on the writer's lineage pool, several
 * batches at once when they queue up: a lineage write costs mostly its round trips (inserts and
 * look-ups), so when lineage falls behind (a slow host, a burst) each write takes all the batches
 * waiting, up to {@link #MAX_GROUP}, and the lineage catches up instead of holding back the
 * batches behind it. On a writer that keeps up, each batch is written alone, as soon as its rows
 * are in. Thread-safe.
 */
final class LineageGroups {
  /** The most batches one lineage write takes. */
  static final int MAX_GROUP = 16;

  private record Waiting(PartitionBatch batch, String token, CompletableFuture<Long> done) {}

  private final BatchWriter writer;
  private final ExecutorService pool;
  private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();

  LineageGroups(BatchWriter writer, ExecutorService pool) {
    this.writer = writer;
    this.pool = pool;
  }

  /**
   * Queues the lineage of {@code batch} (deduplication {@code token}); the future completes with the
   * nanoseconds of the write that took it, or with that write's failure (a {@code CompletionException}).
   */
  CompletableFuture<Long> submit(PartitionBatch batch, String token) {
    Waiting waiting = new Waiting(batch, token, new CompletableFuture<>());
    queue.add(waiting);
    pool.execute(this::writeWaiting); // finds nothing to do when an earlier task took this batch
    return waiting.done;
  }

  private void writeWaiting() {
    List<Waiting> group = new ArrayList<>();
    for (Waiting next; group.size() < MAX_GROUP && (next = queue.poll()) != null; ) {
      group.add(next);
    }
    if (group.isEmpty()) {
      return;
    }
    try {
      long nanos = writer.writeLineage(group.stream().map(Waiting::batch).toList(),
          group.stream().map(Waiting::token).toList());
      group.forEach(waiting -> waiting.done.complete(nanos));
    } catch (RuntimeException | Error e) {
      group.forEach(waiting -> waiting.done.completeExceptionally(e));
    }
  }
}
