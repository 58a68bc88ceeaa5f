package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wake.collector.Collector;
import dev.wake.collector.CollectorConfig;
import dev.wake.collector.Signal;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.writer.Writer;
import dev.wake.writer.WriterConfig;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One test class's Wake: the real collector (tokens {@code t-acme} -> acme, {@code t-globex} ->
 * globex, {@code t-initech} -> initech), writer and query API over the test Kafka and a fresh ClickHouse database; and an HTTP
 * client for the API.
 */
final class QueryStack implements AutoCloseable {
  static final String ACME = "t-acme";
  static final String GLOBEX = "t-globex";
  /** A third tenant, for tests whose agents must not show in the others' counts. */
  static final String INITECH = "t-initech";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  final String database;
  final ClickHouseTarget target;
  final Collector collector;
  final Writer writer;
  final QueryApi api;

  QueryStack(TestKafka kafka, TestClickHouse ch) throws Exception {
    database = ch.newDatabase();
    target = new ClickHouseTarget(ch.httpUrl(), ch.user(), ch.password());
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, database, line -> { });
    }
    Path tokens = Files.createTempFile("wake-tokens", ".txt");
    Files.writeString(tokens, ACME + "=acme\n" + GLOBEX + "=globex\n" + INITECH + "=initech\n");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    Map<Signal, String> topics = Map.of(Signal.TRACES, kafka.createTopic("spans", 3),
        Signal.METRICS, kafka.createTopic("metrics", 1), Signal.LOGS, kafka.createTopic("logs", 1));
    collector = new Collector(new CollectorConfig("127.0.0.1", 0, 0, 16 << 20, 64L << 20, kafka.bootstrapServers(),
        topics, 3, (short) 1, 5_000, tokens));
    collector.start();
    awaitCollectorReady();
    writer = new Writer(new WriterConfig(kafka.bootstrapServers(), "writer-" + suffix, topics.get(Signal.TRACES),
        topics.get(Signal.METRICS), topics.get(Signal.LOGS), kafka.topicName("dlq." + suffix), target, database,
        50_000, 32 << 20, 100, "127.0.0.1", 0));
    writer.start();
    // Every whole-chain lineage answer is kept, when asked for and once its tree is quiet for 2 s,
    // so that every test also checks that a kept answer is served only while it is still the answer.
    api = new QueryApi(new QueryApiConfig("127.0.0.1", 0).withTokensFile(tokens).withLineageKeeping(1, 2), Map::of);
    api.start();
    api.connect(target, database);
  }

  /**
   * Waits until the collector reaches Kafka, as a client would wait for its {@code /readyz}: right
   * after the test broker started, a loaded machine can take seconds, and a request sent meanwhile
   * is refused (MetricsApiIT's first export failed so, when it ran first).
   */
  private void awaitCollectorReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!collector.check().ok()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the collector never reached Kafka: " + collector.check().detail());
      }
      Thread.sleep(100);
    }
  }

  /** The collector's OTLP/gRPC endpoint. */
  String otlpGrpc() {
    return "http://127.0.0.1:" + collector.grpcPort();
  }

  /** A GET with {@code token}; returns status and parsed body. */
  Response get(String token, String pathAndQuery) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + pathAndQuery));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), JSON.readTree(response.body()),
        response.headers().firstValue(LineageHandler.SOURCE_HEADER).orElse(""));
  }

  /** A POST of a JSON body with {@code token}. */
  Response post(String token, String path, Object body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), JSON.readTree(response.body()), "");
  }

  /** GETs {@code path} as {@code token} every 250 ms until it answers 200 with a body {@code done} accepts; fails after {@code seconds}. */
  JsonNode await(String token, String path, Predicate<JsonNode> done, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Response last = null;
    while (System.nanoTime() < deadline) {
      last = get(token, path);
      if (last.status() == 200 && done.test(last.body())) {
        return last.body();
      }
      Thread.sleep(250);
    }
    throw new AssertionError(path + " never answered what was sent: " + (last == null ? null : last.body()));
  }

  /**
   * GETs a lineage {@code path} until its answer is served kept (the API keeps it in the
   * background), each answer, read or kept, being {@code expected} (nothing changes meanwhile).
   */
  JsonNode awaitKept(String token, String path, JsonNode expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      Response r = get(token, path);
      if (r.status() != 200 || !r.body().equals(expected) || !Set.of("kept", "read").contains(r.source())) {
        throw new AssertionError(path + " answered " + r.status() + " (" + r.source() + ") " + r.body()
            + " instead of " + expected);
      }
      if (r.source().equals("kept")) {
        return r.body();
      }
      Thread.sleep(100);
    }
    throw new AssertionError(path + " was never served kept");
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Runs one statement in this stack's database, as an operator would (bad data, generated data). */
  void execute(String sql) throws Exception {
    try (Connection c = target.connect(database); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The rows of {@code sql} in this stack's database, tab-separated, for failure messages. */
  String dump(String sql) throws Exception {
    StringBuilder out = new StringBuilder();
    try (Connection c = target.connect(database); Statement s = c.createStatement();
        java.sql.ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          out.append(i > 1 ? "\t" : "").append(rs.getString(i));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public void close() {
    api.close();
    writer.close();
    collector.close();
  }

  /** An HTTP answer. */
  /** A response: status, parsed body, and its {@link LineageHandler#SOURCE_HEADER} ("" when none). */
  record Response(int status, JsonNode body, String source) {}
}
