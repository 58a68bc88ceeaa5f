package dev.wake.writer;

import dev.wake.writer.ClickHouseStore.StoreException;
import dev.wake.writer.RecordDecoder.Signal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The writer's consumer loop, on one thread. Per partition it gathers a batch, then:
 * <ol>
 *   <li>commits the batch's <em>plan</em> (its start offset again, with its end offset as commit
 *       metadata), so that after a crash the same batch is re-formed exactly;</li>
 *   <li>sends undecodable records to the dead-letter topic and waits for Kafka's acknowledgement;</li>
 *   <li>inserts one block per table with the deduplication token {@code topic:partition:start-end},
 *       so a replayed batch inserts nothing twice, then the lineage;</li>
 *   <li>commits the end offset.</li>
 * </ol>
 * ClickHouse failures are retried with backoff (1 s doubling to 30 s) with the partitions paused;
 * nothing is skipped and no offset is committed ahead of what is written.
 */
final class WriterLoop implements Runnable, ConsumerRebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(WriterLoop.class);
  static final String PLAN_PREFIX = "wake-plan:";

  private final Consumer<byte[], byte[]> consumer;
  private final Producer<byte[], byte[]> deadLetters;
  private final ClickHouseStore store;
  private final Lineage lineage;
  private final WriterConfig config;
  private final WriterMetrics metrics;
  private final Map<String, Signal> signals;
  private final Runnable beforeCommit;
  private final Map<TopicPartition, PartitionBatch> batches = new HashMap<>();
  private final Map<TopicPartition, Long> plans = new HashMap<>();
  private volatile boolean running = true;
  private volatile String lastError;
  private volatile long lag;
  private long lagReadNanos;

  WriterLoop(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters, ClickHouseStore store,
      WriterConfig config, WriterMetrics metrics, Runnable beforeCommit) {
    this.beforeCommit = beforeCommit;
    this.consumer = consumer;
    this.deadLetters = deadLetters;
    this.store = store;
    this.lineage = new Lineage(store);
    this.config = config;
    this.metrics = metrics;
    this.signals = Map.of(config.spansTopic(), Signal.TRACES, config.metricsTopic(), Signal.METRICS,
        config.logsTopic(), Signal.LOGS);
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
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          add(record);
        }
        flushReady();
        updateLag();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      consumer.close(Duration.ofSeconds(5));
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
      PartitionBatch batch = batches.get(tp);
      if (batch != null) {
        total += batch.records; // read, not yet written
      }
    }
    lag = total;
  }

  private void add(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
    PartitionBatch batch = batches.get(tp);
    if (batch != null && !batch.accepts(record.offset())) {
      write(tp, batch); // a replayed plan ended here
      batch = null;
    }
    if (batch == null) {
      Long planned = plans.remove(tp);
      batch = new PartitionBatch(record.offset(), planned == null ? -1 : planned);
      batches.put(tp, batch);
    }
    try {
      RecordDecoder.decode(signals.get(record.topic()), record, batch);
    } catch (IOException | RuntimeException e) {
      batch.poison.add(record);
      batch.poisonErrors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    batch.records++;
    batch.nextOffset = record.offset() + 1;
  }

  private void flushReady() throws InterruptedException {
    long delay = TimeUnit.MILLISECONDS.toNanos(config.batchDelayMs());
    for (Map.Entry<TopicPartition, PartitionBatch> entry : List.copyOf(batches.entrySet())) {
      if (entry.getValue().ready(config.batchRows(), config.batchBytes(), delay)) {
        write(entry.getKey(), entry.getValue());
      }
    }
  }

  /** Writes one partition's batch until it is written; returns only then (or when stopping). */
  private void write(TopicPartition tp, PartitionBatch batch) throws InterruptedException {
    long backoffMs = 1_000;
    while (running && batches.get(tp) == batch) { // a revoked partition's batch is its next owner's
      try {
        writeOnce(tp, batch);
        batches.remove(tp);
        if (lastError != null) {
          LOG.info("ClickHouse is back; writing resumed");
          lastError = null;
          consumer.resume(consumer.assignment());
        }
        return;
      } catch (WakeupException e) {
        if (running) {
          throw e;
        }
        return; // stopping: the batch stays uncommitted and is replayed by its plan
      } catch (StoreException | RuntimeException e) {
        lastError = e.getMessage();
        metrics.insertFailure();
        LOG.warn("Writing {} offsets {}-{} failed, retrying in {} ms (nothing committed past it): {}", tp,
            batch.startOffset, batch.nextOffset - 1, backoffMs, e.getMessage());
        consumer.pause(consumer.assignment());
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        while (running && System.nanoTime() < until) {
          consumer.poll(Duration.ofMillis(100)); // paused: keeps group membership, returns nothing
        }
        backoffMs = Math.min(30_000, backoffMs * 2);
      }
    }
  }

  private void writeOnce(TopicPartition tp, PartitionBatch batch) throws StoreException {
    long end = batch.nextOffset;
    if (batch.plannedEnd < 0) {
      consumer.commitSync(Map.of(tp, new OffsetAndMetadata(batch.startOffset, PLAN_PREFIX + end)));
    }
    String token = tp.topic() + ":" + tp.partition() + ":" + batch.startOffset + "-" + end;
    sendDeadLetters(tp, batch);
    long started = System.nanoTime();
    for (Map.Entry<String, JsonRows> table : batch.rows.nonEmpty().entrySet()) {
      long t0 = System.nanoTime();
      store.insert(table.getKey(), table.getValue().toByteArray(), token);
      metrics.inserted(table.getKey(), table.getValue().rows(), System.nanoTime() - t0);
    }
    int edges = lineage.write(batch.lineage, token);
    beforeCommit.run();
    consumer.commitSync(Map.of(tp, new OffsetAndMetadata(end, "")));
    metrics.batch(batch.records, batch.rows.rows(), System.nanoTime() - started);
    LOG.debug("Wrote {} offsets {}-{}: {} records, {} rows, {} lineage edges", tp, batch.startOffset, end - 1,
        batch.records, batch.rows.rows(), edges);
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
    Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
    committed.forEach((tp, offset) -> {
      if (offset != null && offset.metadata() != null && offset.metadata().startsWith(PLAN_PREFIX)) {
        long end = Long.parseLong(offset.metadata().substring(PLAN_PREFIX.length()));
        plans.put(tp, end);
        LOG.info("Replaying {} offsets {}-{} as planned before a restart (duplicates are dropped by token)", tp,
            offset.offset(), end - 1);
      }
    });
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    partitions.forEach(tp -> {
      batches.remove(tp); // unwritten: its records are read again by the partition's next owner
      plans.remove(tp);
    });
  }
}
