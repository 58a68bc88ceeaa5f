package dev.wake.bench;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Drives a {@link Sender} with pre-built requests, closed-loop (as fast as it goes) or at a fixed rate. */
final class Load {
  /** Sends one request and blocks until it was acknowledged; throws when it was not. */
  interface Sender {
    void send(byte[] request) throws Exception;
  }

  /** What one run achieved. */
  record Result(long requests, long failures, double seconds, Latencies latencies) {
    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  /** Most requests {@link #fixedRate} has outstanding at once. */
  static final int MAX_SENDERS = 64;

  private Load() {}

  /** {@code threads} senders back to back for {@code seconds}. */
  static Result closedLoop(Sender sender, List<byte[]> requests, int threads, double seconds) throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long started = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        while (System.nanoTime() < end) {
          byte[] request = requests.get(Math.floorMod(next.getAndIncrement(), requests.size()));
          long t0 = System.nanoTime();
          try {
            sender.send(request);
            latencies.add(System.nanoTime() - t0);
          } catch (Exception e) {
            failures.incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    double elapsed = (System.nanoTime() - started) / 1e9;
    return new Result(latencies.count(), failures.get(), elapsed, latencies);
  }

  /**
   * Starts {@code ratePerSecond} requests a second for {@code seconds}; latency counts from the
   * scheduled start, so waiting for a free sender shows up as latency (no coordinated omission).
   */
  static Result fixedRate(Sender sender, List<byte[]> requests, double ratePerSecond, double seconds)
      throws InterruptedException {
    Latencies latencies = new Latencies();
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(MAX_SENDERS);
    long started = System.nanoTime();
    long total = (long) (ratePerSecond * seconds);
    for (long i = 0; i < total; i++) {
      long scheduled = started + (long) (i * 1e9 / ratePerSecond);
      long wait = scheduled - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      byte[] request = requests.get((int) (i % requests.size()));
      pool.execute(() -> {
        try {
          sender.send(request);
          latencies.add(System.nanoTime() - scheduled);
        } catch (Exception e) {
          failures.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(5, TimeUnit.MINUTES);
    return new Result(latencies.count(), failures.get(), (System.nanoTime() - started) / 1e9, latencies);
  }
}
