package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records through Wake's Kafka with the settings the collector produces with. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class KafkaRoundTripIT {
  private static final int RECORDS = 1_000;
  private static final int PARTITIONS = 3;

  /** What a record carries, comparable across produce and consume. */
  private record Sent(long offset, String key, String value, List<String> headers) {}

  @Test
  void idempotentProducer_thousandRecords_consumedExactlyInOrderPerPartition(TestKafka kafka) throws Exception {
    String topic = kafka.createTopic("round-trip", PARTITIONS);
    Map<Integer, List<Sent>> produced = produce(kafka, topic);
    assertThat(produced.keySet()).as("keys spread over every partition").hasSize(PARTITIONS);
    assertThat(produced.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);

    Map<Integer, List<Sent>> consumed = consume(kafka, topic);

    assertThat(consumed).isEqualTo(produced);
    consumed.values().forEach(records -> {
      for (int i = 0; i < records.size(); i++) {
        assertThat(records.get(i).offset()).isEqualTo(i); // no gaps, no duplicates
      }
    });
  }

  private static Map<Integer, List<Sent>> produce(TestKafka kafka, String topic) throws Exception {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < RECORDS; i++) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, "trace-" + (i % 37),
            ("span " + i + " \u00e9\u6f22").getBytes(StandardCharsets.UTF_8));
        record.headers().add("seq", Integer.toString(i).getBytes(StandardCharsets.UTF_8));
        record.headers().add("tenant", ("tenant-" + (i % 3)).getBytes(StandardCharsets.UTF_8));
        records.add(record);
        acks.add(producer.send(record));
      }
      producer.flush();
    }
    Map<Integer, List<Sent>> byPartition = new HashMap<>();
    for (int i = 0; i < RECORDS; i++) {
      RecordMetadata ack = acks.get(i).get(30, TimeUnit.SECONDS);
      ProducerRecord<String, byte[]> record = records.get(i);
      byPartition.computeIfAbsent(ack.partition(), p -> new ArrayList<>())
          .add(new Sent(ack.offset(), record.key(), new String(record.value(), StandardCharsets.UTF_8),
              headers(record.headers())));
    }
    // Acks arrive in send order per partition, so each list is already in offset order.
    byPartition.values().forEach(list -> assertThat(list).isSortedAccordingTo(
        (a, b) -> Long.compare(a.offset(), b.offset())));
    return byPartition;
  }

  private static Map<Integer, List<Sent>> consume(TestKafka kafka, String topic) {
    Properties props = kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "round-trip-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<Integer, List<Sent>> byPartition = new HashMap<>();
    int received = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      while (received < RECORDS && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>())
              .add(new Sent(record.offset(), record.key(), new String(record.value(), StandardCharsets.UTF_8),
                  headers(record.headers())));
          received++;
        }
      }
      // Nothing beyond what was produced: one more poll returns no further record.
      assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
      consumer.commitSync();
    }
    assertThat(received).isEqualTo(RECORDS);
    return byPartition;
  }

  private static List<String> headers(Iterable<Header> headers) {
    List<String> out = new ArrayList<>();
    for (Header header : headers) {
      out.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
    }
    return out;
  }
}
