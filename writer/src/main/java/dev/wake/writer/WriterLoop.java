package dev.wake.writer;

import dev.wake.writer.RecordDecoder.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's consumer loop. Per partition it gathers a batch; writing a batch:
 * <ol>
 *   <li>commits the batch's <em>plan</em> (its start offset again, with its end offset as commit
 *       metadata), so that after a crash the same batch is re-formed exactly;</li>
 *   <li>sends undecodable records to the dead-letter topic and waits for Kafka's acknowledgement;</li>
 *   <li>inserts one block per table with the deduplication token {@code topic:partition:start-end},
 *       so a replayed batch inserts nothing twice, then the lineage;</li>
 *   <li>commits the end offset.</li>
 * </ol>
 * Step 3 runs on a pool of {@link #INSERT_THREADS} insert threads (one batch per partition at a
 * time, partitions in parallel) while the consumer thread goes on reading and decoding the next
 * batches; a partition's next batch is written only after the previous one is committed, so no
 * offset is ever committed ahead of what is written. ClickHouse failures are retried with
 * backoff (1 s doubling to 30 s); a partition whose next batch is full meanwhile is paused. A
 * record whose rows name a column missing from its table ({@link SchemaMismatch}) stops the loop
 * (and so {@code /readyz}) with nothing committed past what was written: it is the schema's fault,
 * not the record's, so it is not dead-lettered.
 */
final class WriterLoop implements Runnable, ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
  static final String PLAN_PREFIX = "wake-plan:";
  /** Batches of different partitions written at once; a batch's cost is mostly round trips, not CPU. */
  static final int INSERT_THREADS = 2;

  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetters;
  private final BatchWriter batchWriter;
  private final Schema schema;
  private final WriterConfig config;
  private final WriterMetrics metrics;
  private final Map<String, Signal> signals;
  private final Runnable beforeCommit;
  /** Per partition, its batches in offset order; the head is the one written next (or now). */
  private final Map<TopicPartition, ArrayDeque<PartitionBatch>> batches = new HashMap<>();
  private final Map<TopicPartition, Write> writes = new HashMap<>();
  private final Map<TopicPartition, Long> plans = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private final ExecutorService writer;
  private volatile boolean running = true;
  private volatile String lastError;
  private volatile long lag;
  private long lagReadNanos;

  /** A batch being written, or waiting to be retried. */
  private static final class Write {
    final PartitionBatch batch;
    CompletableFuture<Long> done;
    long retryAtNanos;
    long backoffMs = 1_000;

    Write(PartitionBatch batch) {
      this.batch = batch;
    }
  }

  /** A loop that encodes rows for {@code schema} (read at start-up from {@code store}) and writes them to it. */
  WriterLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters, ClickHouseStore store,
      Schema schema, WriterConfig config, WriterMetrics metrics, Runnable beforeCommit) {
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.schema = schema;
    this.batchWriter = new BatchWriter(store, schema, metrics);
    this.config = config;
    this.metrics = metrics;
    this.beforeCommit = beforeCommit;
    this.signals = Map.of(config.spansTopic(), Signal.TRACES, config.metricsTopic(), Signal.METRICS,
        config.logsTopic(), Signal.LOGS);
    java.util.concurrent.atomic.AtomicInteger threads = new java.util.concurrent.atomic.AtomicInteger();
    this.writer = Executors.newFixedThreadPool(INSERT_THREADS, r -> {
      Thread thread = new Thread(r, "wake-writer-insert-" + threads.incrementAndGet());
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
      writer.shutdownNow(); // an unfinished write stays uncommitted: its plan replays it
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
      Long planned = plans.remove(tp);
      batch = new PartitionBatch(record.offset(), planned == null ? -1 : planned, schema);
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

  /** Starts writing each partition's head batch once it is ready and nothing of the partition is being written. */
  private void startWrites() {
    long delay = TimeUnit.MILLISECONDS.toNanos(config.batchDelayMs());
    for (Map.Entry<TopicPartition, ArrayDeque<PartitionBatch>> entry : batches.entrySet()) {
      TopicPartition tp = entry.getKey();
      PartitionBatch head = entry.getValue().peekFirst();
      Write write = writes.get(tp);
      if (write == null && head != null && head.ready(config.batchRows(), config.batchBytes(), delay)) {
        head.sealed = true;
        write = new Write(head);
        writes.put(tp, write);
        submit(tp, write);
      } else if (write != null && write.done == null && System.nanoTime() >= write.retryAtNanos) {
        submit(tp, write); // a retry
      }
    }
  }

  private void submit(TopicPartition tp, Write write) {
    PartitionBatch batch = write.batch;
    try {
      if (!batch.planCommitted) {
        if (batch.plannedEnd < 0) {
          consumer.commitSync(Map.of(tp, new OffsetAndMetadata(batch.startOffset, PLAN_PREFIX + batch.end())));
        }
        batch.planCommitted = true;
      }
      sendDeadLetters(tp, batch);
    } catch (WakeupException e) {
      throw e;
    } catch (RuntimeException e) {
      write.done = CompletableFuture.failedFuture(e);
      return;
    }
    String token = tp.topic() + ":" + tp.partition() + ":" + batch.startOffset + "-" + batch.end();
    write.done = CompletableFuture.supplyAsync(() -> batchWriter.write(batch, token), writer);
  }

  /** Commits written batches; schedules failed ones for a retry. Runs on the consumer thread. */
  private void finishWrites() {
    for (Map.Entry<TopicPartition, Write> entry : List.copyOf(writes.entrySet())) {
      TopicPartition tp = entry.getKey();
      Write write = entry.getValue();
      if (write.done == null || !write.done.isDone()) {
        continue;
      }
      PartitionBatch batch = write.batch;
      try {
        long nanos = write.done.join();
        beforeCommit.run();
        consumer.commitSync(Map.of(tp, new OffsetAndMetadata(batch.end(), "")));
        metrics.batch(batch.records, batch.rows.rows(), nanos);
        writes.remove(tp);
        batches.get(tp).pollFirst();
        if (lastError != null && writes.values().stream().allMatch(w -> w.retryAtNanos == 0)) {
          LOG.info("ClickHouse is back; writing resumed");
          lastError = null;
        }
      } catch (WakeupException e) {
        throw e;
      } catch (RuntimeException e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause() : e;
        lastError = cause.getMessage();
        metrics.insertFailure();
        LOG.warn("Writing {} offsets {}-{} failed, retrying in {} ms (nothing committed past it): {}", tp,
            batch.startOffset, batch.end() - 1, write.backoffMs, lastError);
        write.done = null;
        write.retryAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(write.backoffMs);
        write.backoffMs = Math.min(30_000, write.backoffMs * 2);
      }
    }
  }

  /** Pauses a partition whose next batch is full while an earlier one is still being written. */
  private void applyBackpressure() {
    long delay = TimeUnit.MILLISECONDS.toNanos(config.batchDelayMs());
    for (Map.Entry<TopicPartition, ArrayDeque<PartitionBatch>> entry : batches.entrySet()) {
      TopicPartition tp = entry.getKey();
      ArrayDeque<PartitionBatch> queue = entry.getValue();
      boolean full = queue.size() >= 2 && queue.peekLast().ready(config.batchRows(), config.batchBytes(), delay);
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

  private void sendDeadLetters(TopicPartition tp, PartitionBatch batch) {
    for (int i = 0; i < batch.poison.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = batch.poison.get(i);
      ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(config.deadLetterTopic(), null, record.key(),
          record.value(), List.of(
              header("wake.dlq.topic", record.topic()),
              header("wake.dlq.partition", Integer.toString(record.partition())),
              header("wake.dlq.offset", Long.toString(record.offset())),
              header("wake.dlq.error", batch.poisonErrors.get(i)),
              header(RecordDecoder.TENANT_HEADER, RecordDecoder.tenant(record))));
      try {
        deadLetters.send(letter).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending to " + config.deadLetterTopic(), e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot send a dead letter to " + config.deadLetterTopic() + ": " + e, e);
      }
      metrics.deadLetter(record.topic());
      LOG.warn("Record {} offset {} is not a valid OTLP request; sent to {} ({})", tp, record.offset(),
          config.deadLetterTopic(), batch.poisonErrors.get(i));
    }
    batch.poison.clear();
    batch.poisonErrors.clear();
  }

  private static RecordHeader header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
    committed.forEach((tp, offset) -> {
      if (offset != null && offset.metadata() != null && offset.metadata().startsWith(PLAN_PREFIX)) {
        long end = Long.parseLong(offset.metadata().substring(PLAN_PREFIX.length()));
        plans.put(tp, end);
        LOG.info("Replaying {} offsets {}-{} as planned before a restart (duplicates are dropped by token)", tp,
            offset.offset(), end - 1);
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
