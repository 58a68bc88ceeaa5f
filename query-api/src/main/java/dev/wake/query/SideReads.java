package dev.wake.query;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Independent ClickHouse reads of one request run side by side, so that one read's network wait
 * and JSON parsing overlap another's execution: a 10,000-agent lineage reads its instances, their
 * GPU samples and their references at once. A fixed pool of {@value #THREADS} daemon threads
 * shared by all requests; its tasks never wait on each other, so a full pool only queues.
 * Thread-safe.
 */
final class SideReads {
  static final int THREADS = 8;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, new ThreadFactory());

  private SideReads() {}

  /** Starts {@code read} on the pool. */
  static <T> CompletableFuture<T> start(Supplier<T> read) {
    return CompletableFuture.supplyAsync(read, POOL);
  }

  /** Starts {@code read} on the pool with what {@code before} returned, once it did. */
  static <T, U> CompletableFuture<U> then(CompletableFuture<T> before, Function<T, U> read) {
    return before.thenApplyAsync(read, POOL);
  }

  /** What {@code read} returned; what it threw is thrown here as it was (an {@link ApiException} stays one). */
  static <T> T join(CompletableFuture<T> read) {
    try {
      return read.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private static final class ThreadFactory implements java.util.concurrent.ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "wake-query-read-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
