package dev.wake.collector;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * Writes the records of one request to Kafka and completes only when Kafka acknowledged every one
 * of them (the producer runs with acks=all and idempotence), so a receiver that answers success on
 * completion never acknowledges data that is not durable.
 *
 * <p>Thread-safe and non-blocking, except that the Kafka producer may block up to its
 * {@code max.block.ms} while it has no metadata (Kafka down). Bytes in flight are bounded: a
 * request that would exceed the bound is refused at once ({@link RefusedException.Reason#OVERLOADED}).
 */
final class KafkaSink implements AutoCloseable {
  static final String TENANT_HEADER = "wake.tenant";

  private final Producer<byte[], byte[]> producer;
  private final long maxInFlightBytes;
  private final AtomicLong inFlight = new AtomicLong();
  /**
   * Runs what depends on a request's completion (writing its response) off Kafka's network
   * thread, which would otherwise stall every other request's acknowledgement while it writes.
   */
  private final ExecutorService acknowledgements;

  KafkaSink(Producer<byte[], byte[]> producer, long maxInFlightBytes) {
    this.producer = producer;
    this.maxInFlightBytes = maxInFlightBytes;
    AtomicInteger threads = new AtomicInteger();
    this.acknowledgements = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
      Thread thread = new Thread(r, "collector-ack-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Bytes accepted by {@link #send} and not yet acknowledged by Kafka. */
  long inFlightBytes() {
    return inFlight.get();
  }

  /**
   * Sends {@code records} to {@code topic} with the tenant as a header. The future completes when
   * Kafka acknowledged all of them, or exceptionally with a {@link RefusedException}.
   */
  CompletableFuture<Void> send(String topic, List<OtlpRecord> records, String tenant) {
    if (records.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long bytes = 0;
    for (OtlpRecord record : records) {
      bytes += record.value().length;
    }
    if (!reserve(bytes)) {
      return CompletableFuture.failedFuture(new RefusedException(RefusedException.Reason.OVERLOADED,
          "collector has " + inFlight.get() + " bytes in flight to Kafka (limit " + maxInFlightBytes
              + "); retry later", 1, null));
    }
    long reserved = bytes;
    CompletableFuture<Void> done = new CompletableFuture<>();
    done.whenComplete((ok, error) -> inFlight.addAndGet(-reserved));
    AtomicInteger pending = new AtomicInteger(records.size());
    byte[] tenantBytes = tenant.getBytes(StandardCharsets.UTF_8);
    for (OtlpRecord record : records) {
      ProducerRecord<byte[], byte[]> message = new ProducerRecord<>(topic, null,
          record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(),
          List.of(new RecordHeader(TENANT_HEADER, tenantBytes)));
      try {
        producer.send(message, (metadata, error) -> {
          if (error != null) {
            done.completeExceptionally(unavailable(error));
          } else if (pending.decrementAndGet() == 0) {
            done.complete(null);
          }
        });
      } catch (RuntimeException e) {
        done.completeExceptionally(unavailable(e));
        break;
      }
    }
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    done.whenCompleteAsync((ok, error) -> {
      if (error == null) {
        acknowledged.complete(null);
      } else {
        acknowledged.completeExceptionally(error);
      }
    }, acknowledgements);
    return acknowledged;
  }

  private boolean reserve(long bytes) {
    while (true) {
      long current = inFlight.get();
      // A single request larger than the whole bound still passes when nothing else is in flight.
      if (current > 0 && current + bytes > maxInFlightBytes) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  private static RefusedException unavailable(Throwable error) {
    return new RefusedException(RefusedException.Reason.UNAVAILABLE,
        "Kafka did not acknowledge the data (" + error.getClass().getSimpleName() + ": " + error.getMessage()
            + "); nothing was acknowledged, retry later", 5, error);
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(10));
    acknowledgements.shutdown();
  }
}
