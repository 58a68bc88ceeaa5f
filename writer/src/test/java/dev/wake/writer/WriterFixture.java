package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics, a migrated database and writer settings of one test (the database is the test's own,
 * made by {@link TestClickHouse#newDatabase()} and dropped with the class's); writers are started by the test.
 */
final class WriterFixture {
  final TestKafka kafka;
  final TestClickHouse ch;
  final WriterConfig config;
  private final ClickHouseTarget target;
  private final String database;

  WriterFixture(TestKafka kafka, TestClickHouse ch) throws Exception {
    this(kafka, ch, 3, 50_000);
  }

  /** Spans in a topic of {@code spanPartitions}, written in batches of at least {@code batchRows} rows (or 200 ms). */
  WriterFixture(TestKafka kafka, TestClickHouse ch, int spanPartitions, int batchRows) throws Exception {
    this.kafka = kafka;
    this.ch = ch;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.target = new ClickHouseTarget(ch.httpUrl(), ch.user(), ch.password());
    this.database = ch.newDatabase();
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, database, line -> { });
    }
    config = new WriterConfig(kafka.bootstrapServers(), "writer-" + suffix, kafka.createTopic("spans", spanPartitions),
        kafka.createTopic("metrics", 1), kafka.createTopic("logs", 1), kafka.topicName("dlq." + suffix),
        target, database, batchRows, 32 << 20, 200, "127.0.0.1", 0);
  }

  /** This test's database. */
  String database() {
    return database;
  }

  /** A JDBC connection to this test's database. */
  Connection connect() throws java.sql.SQLException {
    return target.connect(database);
  }

  /** Runs one statement in this test's database. */
  void execute(String sql) throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  Writer start() throws Exception {
    return start(() -> { });
  }

  Writer start(Runnable beforeCommit) throws Exception {
    Writer writer = new Writer(config, beforeCommit);
    writer.start();
    return writer;
  }

  /** Sends records (value, tenant header when not null) and waits for Kafka's acknowledgement. */
  void produce(String topic, String key, byte[] value, String tenant) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(),
          value, tenant == null ? List.of() : List.of(new RecordHeader(RecordDecoder.TENANT_HEADER, tenant.getBytes())));
      producer.send(record).get();
    }
  }

  KafkaProducer<byte[], byte[]> producer() {
    Properties props = kafka.clientProperties();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** The single long value {@code sql} returns. */
  long scalar(String sql) throws Exception {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getLong(1);
    }
  }

  /** Waits until {@code sql} returns at least {@code expected}, then returns what it returns (up to 60 s). */
  long awaitAtLeast(String sql, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long value = scalar(sql);
    while (value < expected && System.nanoTime() < deadline) {
      Thread.sleep(200);
      value = scalar(sql);
    }
    return value;
  }

  /**
   * Waits until the writer has committed {@code records} records of the spans topic (its offsets
   * summed over the partitions; the topic is this test's own): their rows and their lineage are
   * written. Fails after 60 s.
   */
  void awaitCommitted(long records) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long committed = 0;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      while (System.nanoTime() < deadline) {
        committed = 0;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> offset : admin.listConsumerGroupOffsets(config.groupId())
            .partitionsToOffsetAndMetadata().get().entrySet()) {
          if (offset.getKey().topic().equals(config.spansTopic()) && offset.getValue() != null) {
            committed += offset.getValue().offset();
          }
        }
        if (committed >= records) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the writer committed " + committed + " of " + records + " records in 60 s");
  }

  /** Rows of {@code sql}, each as column name -> string value. */
  List<Map<String, String>> rows(String sql) throws Exception {
    List<Map<String, String>> rows = new java.util.ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
