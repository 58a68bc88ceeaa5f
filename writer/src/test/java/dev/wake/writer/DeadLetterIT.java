package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Undecodable records go to the dead-letter topic with where they came from and why; the partition flows on. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class DeadLetterIT {

  @Test
  void poisonRecords_landInDeadLetterTopicWithHeaders_validRecordsAroundThemAreWritten(TestKafka kafka,
      TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    String topic = fx.config.logsTopic(); // one partition: poison sits between valid records
    String spans = fx.config.spansTopic();
    try (Writer writer = fx.start()) {
      long t0 = System.currentTimeMillis() * 1_000_000L;
      String trace = TestSpans.randomHex(16);
      fx.produce(spans, "k", TestSpans.request(TestSpans.resource("a", "a", "h", 1, 0),
          TestSpans.span(trace, TestSpans.randomHex(8), null, "before", t0).build()).toByteArray(), "acme");
      fx.produce(topic, "k", "not protobuf at all \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1), "acme");
      fx.produce(topic, "k", new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f}, null); // huge length
      fx.produce(spans, "k", TestSpans.request(TestSpans.resource("a", "a", "h", 1, 0),
          TestSpans.span(trace, TestSpans.randomHex(8), null, "after", t0 + 1).build()).toByteArray(), "acme");

      List<ConsumerRecord<byte[], byte[]>> letters = read(fx, 2);
      assertThat(letters).hasSize(2);
      ConsumerRecord<byte[], byte[]> first = letters.get(0);
      assertThat(header(first, "wake.dlq.topic")).isEqualTo(topic);
      assertThat(header(first, "wake.dlq.partition")).isEqualTo("0");
      assertThat(header(first, "wake.dlq.offset")).isEqualTo("0");
      assertThat(header(first, "wake.dlq.error")).isNotBlank();
      assertThat(header(first, "wake.tenant")).isEqualTo("acme");
      assertThat(header(letters.get(1), "wake.dlq.offset")).isEqualTo("1");
      assertThat(header(letters.get(1), "wake.tenant")).isEqualTo("default");

      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces WHERE TenantId = 'acme'", 2)).isEqualTo(2);
      assertThat(fx.awaitAtLeast("SELECT count() FROM otel_logs", 0)).isZero();
      assertThat(new String(new java.net.URL("http://127.0.0.1:" + writer.httpPort() + "/metrics").openStream()
          .readAllBytes(), StandardCharsets.UTF_8)).contains("wake_writer_dead_letters_total{topic=\"" + topic + "\"} 2");
    }
  }

  @Test
  void columnMissingFromTheTable_stopsTheWriter_nothingDeadLetteredOrCommitted(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    fx.execute("ALTER TABLE otel_traces DROP COLUMN Region"); // a schema the writer was not built for
    try (Writer writer = fx.start()) {
      fx.produce(fx.config.spansTopic(), "k", TestSpans.request(TestSpans.resource("a", "a", "h", 1, 0),
          TestSpans.span(TestSpans.randomHex(16), TestSpans.randomHex(8), null, "s",
              System.currentTimeMillis() * 1_000_000L).build()).toByteArray(), "acme");
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (writer.check().ok() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(writer.check().ok()).as("the writer stopped").isFalse();
      assertThat(writer.check().detail()).contains("writer not running");
    }
    assertThat(fx.awaitAtLeast("SELECT count() FROM otel_traces", 0)).isZero();
    assertThat(read(fx, 1, Duration.ofSeconds(3))).isEmpty();
    Properties props = fx.kafka.clientProperties();
    try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(props)) {
      assertThat(admin.listConsumerGroupOffsets(fx.config.groupId()).partitionsToOffsetAndMetadata().get().values()
          .stream().filter(java.util.Objects::nonNull).filter(o -> o.offset() > 0)).as("committed offsets").isEmpty();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(WriterFixture fx, int expected) {
    return read(fx, expected, Duration.ofSeconds(60));
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(WriterFixture fx, int expected, Duration wait) {
    Properties props = fx.kafka.clientProperties();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(fx.config.deadLetterTopic()));
      long deadline = System.nanoTime() + wait.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    var header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
