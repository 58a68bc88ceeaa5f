package dev.wake.demo;

import dev.wake.collector.Collector;
import dev.wake.collector.CollectorConfig;
import dev.wake.collector.Signal;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.writer.Writer;
import dev.wake.writer.WriterConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Wake's ingest path for one test, in this JVM: a collector on free ports, a writer, the test's own
 * topics and a freshly migrated ClickHouse database; what the agents of a test send lands there.
 */
final class WakePipeline implements AutoCloseable {
  private final ClickHouseTarget target;
  private final String database;
  private final Collector collector;
  private final Writer writer;

  WakePipeline(TestKafka kafka, TestClickHouse ch) throws Exception {
    target = new ClickHouseTarget(ch.httpUrl(), ch.user(), ch.password());
    database = ch.newDatabase();
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, database, line -> { });
    }
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String spans = kafka.createTopic("spans", 3);
    String metrics = kafka.createTopic("metrics", 1);
    String logs = kafka.createTopic("logs", 1);
    collector = new Collector(new CollectorConfig("127.0.0.1", 0, 0, 16 << 20, 64L << 20, kafka.bootstrapServers(),
        Map.of(Signal.TRACES, spans, Signal.METRICS, metrics, Signal.LOGS, logs), 3, (short) 1, 5_000, null));
    writer = new Writer(new WriterConfig(kafka.bootstrapServers(), "writer-" + suffix, spans, metrics, logs,
        kafka.topicName("dlq." + suffix), target, database, 50_000, 32 << 20, 200, "127.0.0.1", 0));
    collector.start();
    writer.start();
  }

  /** The collector's OTLP/gRPC endpoint. */
  String otlpGrpc() {
    return "http://127.0.0.1:" + collector.grpcPort();
  }

  /** The single long value {@code sql} returns. */
  long scalar(String sql) throws SQLException {
    try (Connection c = target.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new SQLException("no row: " + sql);
      }
      return rs.getLong(1);
    }
  }

  /** Polls {@code sql} every 200 ms until it returns {@code expected} (up to 60 s); returns what it returned last. */
  long await(String sql, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long value = scalar(sql);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(200);
      value = scalar(sql);
    }
    return value;
  }

  /** Rows of {@code sql}, each as column label -> string value. */
  List<Map<String, String>> rows(String sql) throws SQLException {
    List<Map<String, String>> rows = new ArrayList<>();
    try (Connection c = target.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= columns; i++) {
          row.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  @Override
  public void close() {
    collector.close();
    writer.close();
  }
}
