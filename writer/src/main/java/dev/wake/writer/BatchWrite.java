package dev.wake.writer;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One batch being written by {@link WriterLoop}, or waiting to be written again: its two stages
 * (rows, then lineage) and its retry backoff (1 s doubling to 30 s). Read and changed by the
 * consumer thread only; its futures complete on the writer's pools.
 */
final class BatchWrite {
  static final long FIRST_BACKOFF_MS = 1_000;
  static final long MAX_BACKOFF_MS = 30_000;

  final PartitionBatch batch;
  /** Its rows inserted (then the partition's next batch may start); null while waiting to be retried. */
  CompletableFuture<Long> rows;
  /** Its rows and lineage written (the nanoseconds both took); null while waiting to be retried. */
  CompletableFuture<Long> done;
  /** When a failed write may be submitted again; 0 while it never failed. */
  private long retryAtNanos;
  private long backoffMs = FIRST_BACKOFF_MS;

  BatchWrite(PartitionBatch batch) {
    this.batch = batch;
  }

  /** Whether its rows are inserted (its lineage may still be being written). */
  boolean inserted() {
    return rows != null && rows.isDone() && !rows.isCompletedExceptionally();
  }

  /** Whether the last attempt failed (and is not yet scheduled again). */
  boolean failed() {
    return done != null && done.isCompletedExceptionally();
  }

  /** Whether it waits to be written again and its backoff is over. */
  boolean dueForRetry() {
    return done == null && System.nanoTime() >= retryAtNanos;
  }

  /** Whether it ever failed. */
  boolean everFailed() {
    return retryAtNanos != 0;
  }

  /** What the last attempt threw. */
  Throwable failure() {
    try {
      done.join();
      throw new IllegalStateException("not a failed write");
    } catch (CompletionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (CancellationException e) {
      return e;
    }
  }

  /** Forgets the failed attempt and returns the backoff (ms) before the next one; the one after waits twice as long. */
  long scheduleRetry() {
    long wait = backoffMs;
    rows = null;
    done = null;
    retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    return wait;
  }
}
