package dev.wake.bench;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.data.ClickHouseFormat;
import dev.wake.devstack.clickhouse.ClickHouseSettings;
import dev.wake.devstack.clickhouse.EmbeddedClickHouse;
import dev.wake.devstack.kafka.EmbeddedKafka;
import dev.wake.devstack.kafka.KafkaSettings;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.writer.Writer;
import dev.wake.writer.WriterConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./wake bench writer}: a backlog of realistic span requests (spans chained within their
 * trace, each trace's first span the child of another agent's span) in the embedded Kafka, written
 * into the embedded ClickHouse by the writer (rows/s of {@code otel_traces}, lineage included), then
 * the same rows inserted raw in blocks of the writer's batch size into a copy of the table, in the
 * same run; then ingest-to-queryable latency at 10k spans/s ({@link PipelineLatency}). Goals: the
 * writer reaches at least 70% of the raw insert rate; latency p99 under 2 s.
 *
 * <p>Both sides are measured warm, as a long-running writer runs: a first writer (its own consumer
 * group and topic) writes {@link #WARM_UP_RECORDS} records into the same tables before the measured
 * one starts, so the JIT has compiled the decoding, row-building and lineage code; the raw side
 * inserts one untimed block first.
 */
final class WriterBench {
  static final int RECORDS = 18_000;
  static final int WARM_UP_RECORDS = 1_000;
  static final int SPANS_PER_REQUEST = 50;
  static final int BATCH_ROWS = 50_000;
  private static final String LINEAGE_ROWS = "SELECT (SELECT count() FROM wake.lineage_keys) + (SELECT count() FROM"
      + " wake.agent_instances) + (SELECT count() FROM wake.lineage_refs) + (SELECT count() FROM wake.lineage_edges)";

  private WriterBench() {}

  static void run() throws Exception {
    ScratchDir scratch = new ScratchDir("wake-bench-writer-");
    Path dir = scratch.path();
    List<byte[]> requests = SpanPayloads.requests(400, SPANS_PER_REQUEST, 5, 7, true);
    long spans = (long) RECORDS * SPANS_PER_REQUEST;
    System.out.printf("Writer benchmark: %d cores, %,d spans in %,d Kafka records (3 partitions), batches of %,d rows%n",
        Runtime.getRuntime().availableProcessors(), spans, RECORDS, BATCH_ROWS);
    try (scratch;
        EmbeddedKafka kafka = new EmbeddedKafka(new KafkaSettings("127.0.0.1", 0, 0, dir, 1024));
        EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(new ClickHouseSettings("127.0.0.1", 0, dir,
            cacheDir(), "default", "", 4, 256), line -> System.out.println("  " + line))) {
      kafka.start();
      clickHouse.start();
      ClickHouseTarget target = new ClickHouseTarget(clickHouse.httpUri().toString(), "default", "");
      try (Connection c = target.connect("default")) {
        SchemaMigrator.bundled().migrate(c, SchemaMigrator.DATABASE, line -> { });
      }
      createTopics(kafka.bootstrapServers());
      preload(kafka.bootstrapServers(), "bench_warm", WARM_UP_RECORDS, requests);
      preload(kafka.bootstrapServers(), "bench_spans", RECORDS, requests);
      System.out.printf("Kafka holds the backlog (%,d records, and %,d to warm up on); ClickHouse %s%n", RECORDS,
          WARM_UP_RECORDS, clickHouse.version());
      long warmRows = warmUp(kafka.bootstrapServers(), target, (long) WARM_UP_RECORDS * SPANS_PER_REQUEST);
      long warmLineageRows = count(target, LINEAGE_ROWS);

      WriterConfig config = new WriterConfig(kafka.bootstrapServers(), "bench-writer", "bench_spans", "bench_metrics",
          "bench_logs", "bench_dlq", target, SchemaMigrator.DATABASE, BATCH_ROWS, 64 << 20, 1_000, "127.0.0.1", 0);
      long started = System.nanoTime();
      long firstRowsAt = 0;
      long firstRows = 0;
      String writerMetrics;
      try (Writer writer = new Writer(config)) {
        writer.start();
        long written = 0;
        long lastPrint = System.nanoTime();
        while (written < spans) {
          Thread.sleep(50);
          written = count(target, "SELECT count() FROM wake.otel_traces") - warmRows;
          if (firstRowsAt == 0 && written > 0) {
            firstRowsAt = System.nanoTime();
            firstRows = written;
          }
          if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(2)) {
            System.out.printf("  writer: %,d / %,d rows%n", written, spans);
            lastPrint = System.nanoTime();
          }
        }
        writerMetrics = scrape(writer.httpPort());
      }
      long done = System.nanoTime();
      // Steady state: from the first batch visible to the last row (consumer group join excluded).
      double writerSeconds = (done - firstRowsAt) / 1e9;
      long measuredRows = spans - firstRows;
      System.out.printf("  (consumer start and first batch took %.1f s)%n", (firstRowsAt - started) / 1e9);
      printInsertTimes(writerMetrics);
      long lineageRows = count(target, LINEAGE_ROWS) - warmLineageRows;

      double rawSeconds = rawInsert(target, spans);
      double writerRate = measuredRows / writerSeconds;
      double rawRate = spans / rawSeconds;
      System.out.printf("baseline: raw insert of the same rows   %,10.0f rows/s  (%,d rows in blocks of %,d, %.1f s of"
          + " inserts, RowBinary, same table and views, no lineage)%n", rawRate, spans, BATCH_ROWS, rawSeconds);
      System.out.printf("writer: Kafka -> otel_traces            %,10.0f rows/s  (%,d rows in %.1f s after the first"
          + " batch; +%,d lineage rows, the table's views)  = %.0f%% of raw (goal 70%%)%n",
          writerRate, measuredRows, writerSeconds, lineageRows, 100 * writerRate / rawRate);
      PipelineLatency.run(kafka.bootstrapServers(), target, requests, SPANS_PER_REQUEST);
    }
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic("bench_spans", 3, (short) 1), new NewTopic("bench_warm", 3, (short) 1),
          new NewTopic("bench_metrics", 1, (short) 1), new NewTopic("bench_logs", 1, (short) 1))).all().get();
    }
  }

  /**
   * Writes the warm-up topic with a writer of its own, untimed, waits for ClickHouse's merges of it,
   * and returns the span rows it wrote.
   */
  private static long warmUp(String bootstrap, ClickHouseTarget target, long spans) throws Exception {
    WriterConfig config = new WriterConfig(bootstrap, "bench-warm", "bench_warm", "bench_metrics", "bench_logs",
        "bench_dlq", target, SchemaMigrator.DATABASE, BATCH_ROWS, 64 << 20, 1_000, "127.0.0.1", 0);
    long started = System.nanoTime();
    long written = 0;
    try (Writer writer = new Writer(config)) {
      writer.start();
      while (written < spans) {
        Thread.sleep(50);
        written = count(target, "SELECT count() FROM wake.otel_traces");
      }
    }
    new ClickHouseHttp(java.net.URI.create(target.httpUrl())).awaitMergesDone(java.time.Duration.ofSeconds(60));
    System.out.printf("  warm-up: a first writer wrote %,d spans in %.1f s (not timed)%n", written,
        (System.nanoTime() - started) / 1e9);
    return written;
  }

  private static void preload(String bootstrap, String topic, int records, List<byte[]> requests) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(new ProducerRecord<>(topic, Integer.toString(i).getBytes(),
            SpanPayloads.fresh(requests.get(i % requests.size()))));
      }
      producer.flush();
    }
  }

  /**
   * Reads the written rows back in blocks and times only their inserts into an empty copy of the
   * table with copies of every materialized view reading it (the trace-id table, the trace
   * summaries), as the writer's rows go through: in {@code RowBinary} with an explicit column
   * list, as the writer inserts them.
   */
  private static double rawInsert(ClickHouseTarget target, long rows) throws Exception {
    try (Client client = new Client.Builder().addEndpoint(target.httpUrl()).setUsername(target.user())
        .setPassword(target.password()).compressServerResponse(false).compressClientRequest(false)
        .useHttpCompression(false).build()) {
      client.execute("CREATE TABLE wake.bench_raw AS wake.otel_traces").get().close();
      List<String> views = new ArrayList<>();
      try (QueryResponse response = client.query("SELECT create_table_query FROM system.tables WHERE database = 'wake'"
          + " AND engine = 'MaterializedView' FORMAT TSVRaw").get()) {
        for (String line : new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.contains(" FROM wake.otel_traces ")) {
            views.add(line);
          }
        }
      }
      for (String view : views) {
        // CREATE MATERIALIZED VIEW wake.<view> TO wake.<table> (...) AS SELECT ... FROM wake.otel_traces ...
        String table = view.substring(view.indexOf(" TO wake.") + 9, view.indexOf(' ', view.indexOf(" TO wake.") + 9));
        client.execute("CREATE TABLE wake.bench_raw_" + table + " AS wake." + table).get().close();
        client.execute(view.replaceFirst("VIEW wake\\.(\\w+) TO wake\\.(\\w+)", "VIEW wake.bench_raw_$1 TO wake.bench_raw_$2")
            .replace(" FROM wake.otel_traces ", " FROM wake.bench_raw ")).get().close();
      }
      System.out.printf("  raw insert: into a copy of otel_traces with copies of its %d view(s)%n", views.size());
      // The writer's column list: every insertable column of otel_traces, in table order (SpanRows).
      List<String> columns = new ArrayList<>();
      try (QueryResponse response = client.query("SELECT name FROM system.columns WHERE database = 'wake'"
          + " AND table = 'otel_traces' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY position"
          + " FORMAT TSVRaw").get()) {
        for (String name : new String(response.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (!name.isEmpty()) {
            columns.add('`' + name + '`');
          }
        }
      }
      long insertNanos = 0;
      for (long offset = -BATCH_ROWS; offset < rows; offset += BATCH_ROWS) { // the first block warms up, untimed
        byte[] block;
        try (QueryResponse response = client.query("SELECT " + String.join(", ", columns) + " FROM wake.otel_traces"
            + " ORDER BY SpanId, Timestamp LIMIT " + BATCH_ROWS + " OFFSET " + Math.max(0, offset) + " FORMAT RowBinary").get()) {
          block = response.getInputStream().readAllBytes();
        }
        long t0 = System.nanoTime();
        client.insert("wake.bench_raw", columns, new ByteArrayInputStream(block), ClickHouseFormat.RowBinary,
            new InsertSettings().setDeduplicationToken("raw-" + offset)).get().close();
        if (offset >= 0) {
          insertNanos += System.nanoTime() - t0;
        }
      }
      return insertNanos / 1e9;
    }
  }

  static String scrape(int port) throws Exception {
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Where the writer's time went: seconds spent inserting, per table, from its own histogram. */
  static void printInsertTimes(String metrics) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("wake_writer_insert_seconds_sum\\{table=\"([^\"]+)\"} ([0-9.eE-]+)").matcher(metrics);
    StringBuilder line = new StringBuilder("  writer's time by table and step:");
    while (m.find()) {
      line.append(String.format(" %s %.1f s;", m.group(1), Double.parseDouble(m.group(2))));
    }
    java.util.regex.Matcher lookups = java.util.regex.Pattern
        .compile("wake_writer_lineage_lookup_seconds_sum\\{step=\"([^\"]+)\"} ([0-9.eE-]+)").matcher(metrics);
    while (lookups.find()) {
      line.append(String.format(" lineage look-ups %s %.1f s;", lookups.group(1), Double.parseDouble(lookups.group(2))));
    }
    java.util.regex.Matcher batches = java.util.regex.Pattern
        .compile("wake_writer_batch_seconds_sum ([0-9.eE-]+)").matcher(metrics);
    java.util.regex.Matcher count = java.util.regex.Pattern
        .compile("wake_writer_batches_total ([0-9]+)").matcher(metrics);
    if (batches.find() && count.find()) {
      line.append(String.format(" whole batches %.1f s (%s batches)", Double.parseDouble(batches.group(1)),
          count.group(1)));
    }
    System.out.println(line);
  }

  private static long count(ClickHouseTarget target, String sql) throws Exception {
    try (Connection c = target.connect("default"); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Path cacheDir() {
    String configured = System.getenv("WAKE_CACHE_DIR");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    return (xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg)).resolve("wake");
  }
}
