package dev.wake.writer;

import dev.wake.writer.RecordDecoder.Signal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's consumer loop. Per partition it gathers a batch; writing a batch:
 * <ol>
 *   <li>commits the <em>plan</em> of the partition's batches being written (the first one's start
 *       offset again, with every one's end offset as commit metadata), so that after a crash the
 *       same batches are re-formed exactly;</li>
 *   <li>sends undecodable records to the dead-letter topic and waits for Kafka's acknowledgement;</li>
 *   <li>inserts one block per table with the deduplication token {@code topic:partition:start-end},
 *       so a replayed batch inserts nothing twice (the batch is then queryable), then its lineage;</li>
 *   <li>commits the end offset (with the plan of the partition's next batch, if it is being written).</li>
 * </ol>
 * Step 3's inserts run on a pool of {@link #INSERT_THREADS} insert threads and its lineage on a
 * pool of {@link #LINEAGE_THREADS}, several batches' lineage at once when they queue up
 * ({@link LineageGroups}), while the consumer thread goes on reading and decoding the next
 * batches. Batches of different partitions are written at once; within a partition, up to
 * {@link #IN_FLIGHT} batches: the next batch's rows are inserted as soon as the previous batch's
 * are, while the lineage of the ones before is still being written, so spans become queryable
 * without waiting for the lineage before them. Batches are committed in offset order, each once
 * its rows and lineage are written, so no offset is ever committed ahead of what is written.
 * ClickHouse failures are retried with backoff (1 s doubling to 30 s; a retry writes the whole
 * batch again, which its token makes harmless); a partition whose next batch is full meanwhile is
 * paused. A record whose rows name a column missing from its table ({@link SchemaMismatch}) stops
 * the loop (and so {@code /readyz}) with nothing committed past what was written: it is the
 * schema's fault, not the record's, so it is not dead-lettered.
 */
final class WriterLoop implements Runnable, ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
  /** Batches of different partitions whose rows are inserted at once; a batch's cost is mostly round trips. */
  static final int INSERT_THREADS = 2;
  /** Lineage writes at once (each of one or more batches), beside the inserts. */
  static final int LINEAGE_THREADS = 2;
  /**
   * The most batches of one partition being written at once (the plan in Kafka names them all):
   * enough that a partition's spans go on becoming queryable while the lineage of its last few
   * batches catches up; their bytes are bounded too ({@link #startWrites}).
   */
  static final int IN_FLIGHT = 4;

  private final Consumer<byte[], byte[]> consumer;
  private final DeadLetters deadLetters;
  private final BatchWriter batchWriter;
  private final Schema schema;
  private final WriterConfig config;
  private final WriterMetrics metrics;
  private final Map<String, Signal> signals;
  private final Runnable beforeCommit;
  /** Per partition, its batches in offset order; the head is the one written next (or now). */
  private final Map<TopicPartition, ArrayDeque<PartitionBatch>> batches = new HashMap<>();
  /** Per partition, the batches being written (or waiting to be retried), oldest first: the head of {@link #batches}. */
  private final Map<TopicPartition, ArrayDeque<BatchWrite>> writes = new HashMap<>();
  /** Per partition, the batch ends of a plan committed before a restart, not yet re-formed. */
  private final Map<TopicPartition, ArrayDeque<Long>> plans = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final ExecutorService inserts;
  private final ExecutorService lineages;
  private final LineageGroups lineageGroups;
  private volatile boolean running = true;
  private volatile String lastError;
  private volatile long lag;
  private long lagReadNanos;

  /** A loop that encodes rows for {@code schema} (read at start-up from {@code store}) and writes them to it. */
  WriterLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters, ClickHouseStore store,
      Schema schema, WriterConfig config, WriterMetrics metrics, Runnable beforeCommit) {
    this.consumer = consumer;
    this.deadLetters = new DeadLetters(deadLetters, config.deadLetterTopic(), metrics);
    this.schema = schema;
    this.batchWriter = new BatchWriter(store, schema, metrics);
    this.config = config;
    this.metrics = metrics;
    this.beforeCommit = beforeCommit;
    this.signals = Map.of(config.spansTopic(), Signal.TRACES, config.metricsTopic(), Signal.METRICS,
        config.logsTopic(), Signal.LOGS);
    this.inserts = pool(INSERT_THREADS, "wake-writer-insert-");
    this.lineages = pool(LINEAGE_THREADS, "wake-writer-lineage-");
    this.lineageGroups = new LineageGroups(batchWriter, lineages);
  }

  private static ExecutorService pool(int threads, String name) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(threads, r -> {
      Thread thread = new Thread(r, name + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The last ClickHouse error while it is being retried, else null. */
  String lastError() {
    return lastError;
  }

  /** Records in the assigned partitions not yet read or not yet written, as of the last poll. */
  long lag() {
    return lag;
  }

  /** Makes {@link #run()} return soon; what is not written stays uncommitted. */
  void stop() {
    running = false;
    consumer.wakeup();
  }

  @Override
  public void run() {
    consumer.subscribe(List.copyOf(signals.keySet()), this);
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(writes.isEmpty() ? 100 : 5))) {
          add(record);
        }
        finishWrites();
        startWrites();
        applyBackpressure();
        updateLag();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } finally {
      inserts.shutdownNow(); // an unfinished write stays uncommitted: its plan replays it
      lineages.shutdownNow();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void add(ConsumerRecord<byte[], byte[]> record) {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    ArrayDeque<PartitionBatch> queue = batches.computeIfAbsent(tp, k -> new ArrayDeque<>());
    PartitionBatch batch = queue.peekLast();
    if (batch == null || !batch.accepts(record.offset())) {
      if (batch != null) {
        batch.sealed = true; // a replayed plan ended here
      }
      ArrayDeque<Long> planned = plans.get(tp);
      Long end = planned == null ? null : planned.poll();
      if (planned != null && planned.isEmpty()) {
        plans.remove(tp);
      }
      batch = new PartitionBatch(record.offset(), end == null ? -1 : end, schema);
      queue.addLast(batch);
    }
    try {
      RecordDecoder.decode(signals.get(record.topic()), record, batch);
    } catch (SchemaMismatch e) {
      LOG.error("The writer stops without committing {} offset {}: {}", tp, record.offset(), e.getMessage());
      throw e;
    } catch (IOException | RuntimeException e) {
      batch.poison.add(record);
      batch.poisonErrors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    batch.records++;
    batch.nextOffset = record.offset() + 1;
  }

  /**
   * Starts writing each partition's next batch once it is ready, fewer than {@link #IN_FLIGHT} of
   * the partition's batches are being written and the rows of the one before it are inserted;
   * resubmits failed writes whose backoff is over. Another batch starts only while all together
   * hold no more than one batch's bytes ({@link WriterConfig#batchBytes()}): a backlog of full
   * batches is written one at a time per partition, as before pipelining, so the writer's memory
   * stays about two full batches per partition (the one written and the next one gathered).
   */
  private void startWrites() {
    long delay = TimeUnit.MILLISECONDS.toNanos(config.batchDelayMs());
    for (Map.Entry<TopicPartition, ArrayDeque<PartitionBatch>> entry : batches.entrySet()) {
      TopicPartition tp = entry.getKey();
      ArrayDeque<BatchWrite> inFlight = writes.computeIfAbsent(tp, k -> new ArrayDeque<>());
      for (BatchWrite write : inFlight) {
        if (write.dueForRetry()) {
          submit(tp, write); // a retry
        }
      }
      BatchWrite last = inFlight.peekLast();
      boolean previousInserted = last == null || last.inserted();
      if (inFlight.size() >= IN_FLIGHT || !previousInserted) {
        continue;
      }
      PartitionBatch next = entry.getValue().stream().skip(inFlight.size()).findFirst().orElse(null);
      long inFlightBytes = inFlight.stream().mapToLong(write -> write.batch.rows.bytes()).sum();
      if (next != null && next.ready(config.batchRows(), config.batchBytes(), delay)
          && (inFlight.isEmpty() || inFlightBytes + next.rows.bytes() <= config.batchBytes())) {
        next.sealed = true;
        BatchWrite write = new BatchWrite(next);
        inFlight.addLast(write);
        submit(tp, write);
      }
    }
  }

  private void submit(TopicPartition tp, BatchWrite write) {
    PartitionBatch batch = write.batch;
    try {
      if (!batch.planCommitted) {
        if (batch.plannedEnd < 0) {
          ArrayDeque<BatchWrite> inFlight = writes.get(tp);
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(inFlight.peekFirst().batch.startOffset,
              plan(inFlight, null))));
        }
        batch.planCommitted = true;
      }
      deadLetters.send(tp, batch);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      write.rows = CompletableFuture.failedFuture(e);
      write.done = write.rows;
      return;
    }
    String token = tp.topic() + ":" + tp.partition() + ":" + batch.startOffset + "-" + batch.end();
    write.rows = CompletableFuture.supplyAsync(() -> batchWriter.writeRows(batch, token), inserts);
    write.done = write.rows.thenCompose(rowsNanos -> lineageGroups.submit(batch, token).thenApply(n -> rowsNanos + n));
  }

  /** The {@link BatchPlan} of {@code inFlight}'s batches but {@code except}, or empty when none is left. */
  private static String plan(ArrayDeque<BatchWrite> inFlight, BatchWrite except) {
    List<Long> ends = new ArrayList<>();
    for (BatchWrite write : inFlight) {
      if (write != except) {
        ends.add(write.batch.end());
      }
    }
    return BatchPlan.format(ends);
  }

  /**
   * Commits each partition's written batches in offset order; schedules failed ones (and ones
   * whose commit failed) for a retry. Runs on the consumer thread.
   */
  private void finishWrites() {
    for (Map.Entry<TopicPartition, ArrayDeque<BatchWrite>> entry : List.copyOf(writes.entrySet())) {
      TopicPartition tp = entry.getKey();
      ArrayDeque<BatchWrite> inFlight = entry.getValue();
      for (BatchWrite write : inFlight) {
        if (write.failed()) {
          retryLater(tp, write, write.failure());
        }
      }
      BatchWrite head = inFlight.peekFirst();
      while (head != null && head.done != null && head.done.isDone()) {
        if (head.failed()) { // failed since the loop above
          retryLater(tp, head, head.failure());
          break;
        }
        PartitionBatch batch = head.batch;
        long nanos = head.done.join();
        beforeCommit.run();
        try {
          // The next batch, if already being written, stays planned: a replay re-forms it exactly.
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(batch.end(), plan(inFlight, head))));
        } catch (WakeupException e) {
          throw e;
        } catch (RuntimeException e) {
          retryLater(tp, head, e);
          break;
        }
        metrics.batch(batch.records, batch.rows.rows(), nanos);
        inFlight.pollFirst();
        batches.get(tp).pollFirst();
        if (lastError != null && writes.values().stream().flatMap(ArrayDeque::stream)
            .noneMatch(BatchWrite::everFailed)) {
          LOG.info("ClickHouse is back; writing resumed");
          lastError = null;
        }
        head = inFlight.peekFirst();
      }
    }
  }

  /** Schedules a write that failed with {@code cause} to be written again after its backoff. */
  private void retryLater(TopicPartition tp, BatchWrite write, Throwable cause) {
    PartitionBatch batch = write.batch;
    lastError = cause.getMessage();
    metrics.insertFailure();
    LOG.warn("Writing {} offsets {}-{} failed, retrying in {} ms (nothing committed past it): {}", tp,
        batch.startOffset, batch.end() - 1, write.scheduleRetry(), lastError);
  }

  /**
   * Pauses a partition whose next batch is ready but cannot start yet (earlier ones are still
   * being written), so that no further batch is gathered meanwhile.
   */
  private void applyBackpressure() {
    long delay = TimeUnit.MILLISECONDS.toNanos(config.batchDelayMs());
    for (Map.Entry<TopicPartition, ArrayDeque<PartitionBatch>> entry : batches.entrySet()) {
      TopicPartition tp = entry.getKey();
      ArrayDeque<PartitionBatch> queue = entry.getValue();
      PartitionBatch last = queue.peekLast();
      boolean full = last != null && !last.sealed && queue.size() >= 2
          && last.ready(config.batchRows(), config.batchBytes(), delay);
      if (full && paused.add(tp)) {
        consumer.pause(List.of(tp));
      } else if (!full && paused.remove(tp)) {
        consumer.resume(List.of(tp));
      }
    }
  }

  private void updateLag() {
    if (System.nanoTime() - lagReadNanos < TimeUnit.SECONDS.toNanos(1)) {
      return;
    }
    lagReadNanos = System.nanoTime();
    long total = 0;
    for (TopicPartition tp : consumer.assignment()) {
      total += consumer.currentLag(tp).orElse(0);
      for (PartitionBatch batch : batches.getOrDefault(tp, new ArrayDeque<>())) {
        total += batch.records; // read, not yet written
      }
    }
    lag = total;
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
    committed.forEach((tp, offset) -> {
      ArrayDeque<Long> ends;
      try {
        ends = offset == null ? new ArrayDeque<>() : BatchPlan.parse(offset.metadata());
      } catch (IllegalArgumentException e) {
        // Not ours to guess: re-forming other batches than were written would insert them twice.
        throw new IllegalStateException("The committed offset of " + tp + " in group " + config.groupId()
            + " carries " + e.getMessage() + "; the writer stops rather than re-form other batches", e);
      }
      if (!ends.isEmpty()) {
        plans.put(tp, ends);
        LOG.info("Replaying {} offsets {}-{} as planned before a restart, in batches ending at {} (duplicates are"
            + " dropped by token)", tp, offset.offset(), ends.peekLast() - 1, ends);
      }
    });
  }

  /**
   * Forgets the revoked partitions' unwritten batches (their next owner reads them again, by plan
   * where one was committed). A write in progress is left to finish uncommitted: its plan replays
   * it, and its token makes the replay insert nothing.
   */
  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      batches.remove(tp);
      writes.remove(tp);
      plans.remove(tp);
      paused.remove(tp);
    });
  }
}
