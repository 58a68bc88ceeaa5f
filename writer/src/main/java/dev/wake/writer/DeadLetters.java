package dev.wake.writer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of {@link WriterLoop}: a batch's undecodable records, sent to the dead-letter topic as they
 * came (key and value) with headers naming their source topic, partition and offset, the error and
 * the tenant, each acknowledged by Kafka before the batch is written. Used by the consumer thread only.
 */
final class DeadLetters {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final WriterMetrics metrics;

  DeadLetters(Producer<byte[], byte[]> producer, String topic, WriterMetrics metrics) {
    this.producer = producer;
    this.topic = topic;
    this.metrics = metrics;
  }

  /**
   * Sends {@code batch}'s poison records (of {@code tp}) and forgets them once Kafka has them all.
   *
   * @throws IllegalStateException when Kafka did not acknowledge one within 30 s (the batch is retried)
   */
  void send(TopicPartition tp, PartitionBatch batch) {
    for (int i = 0; i < batch.poison.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = batch.poison.get(i);
      ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(topic, null, record.key(), record.value(), List.of(
          header("wake.dlq.topic", record.topic()),
          header("wake.dlq.partition", Integer.toString(record.partition())),
          header("wake.dlq.offset", Long.toString(record.offset())),
          header("wake.dlq.error", batch.poisonErrors.get(i)),
          header(RecordDecoder.TENANT_HEADER, RecordDecoder.tenant(record))));
      try {
        producer.send(letter).get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while sending to " + topic, e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot send a dead letter to " + topic + ": " + e, e);
      }
      metrics.deadLetter(record.topic());
      LOG.warn("Record {} offset {} is not a valid OTLP request; sent to {} ({})", tp, record.offset(), topic,
          batch.poisonErrors.get(i));
    }
    batch.poison.clear();
    batch.poisonErrors.clear();
  }

  private static RecordHeader header(String key, String value) {
    return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
