package dev.wake.launcher;

import dev.wake.collector.Collector;
import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.devstack.Ports;
import dev.wake.devstack.clickhouse.ClickHouseSettings;
import dev.wake.devstack.clickhouse.EmbeddedClickHouse;
import dev.wake.devstack.kafka.EmbeddedKafka;
import dev.wake.devstack.kafka.KafkaSettings;
import dev.wake.query.QueryApi;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.writer.Writer;
import java.sql.Connection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./wake up}: the HTTP port first (so {@code /livez} answers and {@code /readyz} says what
 * is still starting), then Kafka and ClickHouse side by side, the schema, and every Wake service
 * that exists; then one summary. Runs until interrupted; stops the parts in reverse order.
 */
final class Up {
  private static final Logger LOG = LoggerFactory.getLogger("dev.wake");

  private final WakeConfig config;
  private final PartsHealth health = new PartsHealth();
  private final Deque<Component> running = new ArrayDeque<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile int apiPort;

  Up(WakeConfig config) {
    this.config = config;
  }

  void run() throws Exception {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "wake-shutdown"));
    Ports.requireFree(config.host(), config.httpPort(), "The query API", "WAKE_HTTP_PORT");
    Ports.requireFree(config.host(), config.collector().grpcPort(), "OTLP/gRPC", "WAKE_OTLP_GRPC_PORT");
    Ports.requireFree(config.host(), config.collector().httpPort(), "OTLP/HTTP", "WAKE_OTLP_HTTP_PORT");
    QueryApi api = new QueryApi(config.queryApi(), health);
    api.start();
    apiPort = api.port();
    running.push(api);
    health.started(api);

    Component kafka = kafka();
    Component clickHouse = clickHouse();
    health.expect(kafka.name());
    health.expect(clickHouse.name());
    health.expect("schema");
    health.expect("collector");
    health.expect("writer");
    CompletableFuture<Void> kafkaStarted = startAsync(kafka, "Kafka");
    CompletableFuture<Void> clickHouseStarted = startAsync(clickHouse, "ClickHouse");
    await(clickHouseStarted);
    ClickHouseTarget target = clickHouseTarget(clickHouse);
    SchemaMigrator migrator = SchemaMigrator.bundled();
    try (Connection connection = target.connect("default")) {
      int applied = migrator.migrate(connection, SchemaMigrator.DATABASE, LOG::info);
      LOG.info("Schema at version {} ({} migration(s) applied now)", migrator.latestVersion(), applied);
      for (String change : config.retention().apply(connection, SchemaMigrator.DATABASE)) {
        LOG.info("Retention changed: {}", change);
      }
    }
    health.started(new Milestone("schema"));
    api.connect(target, SchemaMigrator.DATABASE);
    await(kafkaStarted);
    Collector collector = new Collector(config.collector().withKafkaBootstrap(bootstrap(kafka)));
    await(startAsync(collector, "The OTLP collector"));
    Writer writer = new Writer(config.writer().with(bootstrap(kafka), target));
    await(startAsync(writer, "The writer"));

    String endpoint = (config.clickHouseUrl() == null ? "embedded chDB " + ((EmbeddedClickHouse) clickHouse).version()
        : "external");
    List<String> lines = new ArrayList<>();
    lines.add(String.format("Wake is ready in %.1f s", (System.nanoTime() - started) / 1e9));
    lines.add("  API + UI      http://" + config.host() + ":" + api.port() + "   (/readyz, /livez)");
    lines.add("  ClickHouse    " + target.httpUrl() + "   (" + endpoint + ")");
    lines.add("  Kafka         " + bootstrap(kafka) + "   (" + (config.kafkaBootstrap() == null ? "embedded" : "external") + ")");
    lines.add("  OTLP gRPC     " + config.host() + ":" + collector.grpcPort());
    lines.add("  OTLP HTTP     http://" + config.host() + ":" + collector.httpPort() + "   (/v1/traces, /v1/metrics,"
        + " /v1/logs; /metrics)");
    lines.add("  Writer        http://" + config.host() + ":" + writer.httpPort() + "   (/metrics, /readyz; Kafka -> ClickHouse"
        + " database " + SchemaMigrator.DATABASE + ")");
    lines.add("  Data dir      " + config.dataDir() + "   (logs in " + config.dataDir().resolve("logs") + ")");
    lines.add("Press Ctrl-C to stop.");
    System.out.println(String.join(System.lineSeparator(), lines));
    stopped.await();
  }

  /** The query API's port once it listens, else 0. */
  int apiPort() {
    return apiPort;
  }

  private Component kafka() {
    if (config.kafkaBootstrap() != null) {
      return new ExternalKafka(config.kafkaBootstrap());
    }
    return new EmbeddedKafka(new KafkaSettings(config.host(), config.kafkaPort(), config.kafkaControllerPort(),
        config.dataDir(), config.kafkaHeapMb()));
  }

  private String bootstrap(Component kafka) {
    return kafka instanceof EmbeddedKafka embedded ? embedded.bootstrapServers() : config.kafkaBootstrap();
  }

  /** Where ClickHouse answers; for the embedded one, known only once it started (port 0). */
  private ClickHouseTarget clickHouseTarget(Component clickHouse) {
    String url = clickHouse instanceof EmbeddedClickHouse embedded ? embedded.httpUri().toString()
        : config.clickHouseUrl();
    return new ClickHouseTarget(url, config.clickHouseUser(), config.clickHousePassword());
  }

  private Component clickHouse() {
    if (config.clickHouseUrl() != null) {
      return new ExternalClickHouse(new ClickHouseTarget(config.clickHouseUrl(), config.clickHouseUser(),
          config.clickHousePassword()));
    }
    return new EmbeddedClickHouse(new ClickHouseSettings(config.host(), config.clickHousePort(), config.dataDir(),
        config.cacheDir(), config.clickHouseUser(), config.clickHousePassword(), config.clickHouseConnections(),
        config.clickHouseHeapMb()), LOG::info);
  }

  private CompletableFuture<Void> startAsync(Component component, String label) {
    return CompletableFuture.runAsync(() -> {
      long t0 = System.nanoTime();
      LOG.info("Starting {}...", label);
      try {
        synchronized (running) {
          running.push(component); // stop it even if it dies half-way through start
        }
        component.start();
      } catch (Exception e) {
        health.failed(component.name(), e.getMessage());
        throw new IllegalStateException(e.getMessage(), e);
      }
      health.started(component);
      LOG.info("{} is up ({} ms)", label, (System.nanoTime() - t0) / 1_000_000);
    });
  }

  private static void await(CompletableFuture<Void> future) throws Exception {
    try {
      future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Stops every part, newest first; runs once, from the shutdown hook or after a failed start. */
  void stop() {
    synchronized (running) {
      if (!running.isEmpty()) {
        LOG.info("Stopping Wake...");
      }
      while (!running.isEmpty()) {
        Component component = running.pop();
        try {
          component.close();
        } catch (RuntimeException e) {
          LOG.warn("Stopping {} failed: {}", component.name(), e.getMessage());
        }
      }
    }
    stopped.countDown();
  }

  /** A step that has no process of its own, e.g. the schema, shown as ready once done. */
  private record Milestone(String name) implements Component {
    @Override
    public void start() {}

    @Override
    public CheckResult check() {
      return CheckResult.OK;
    }

    @Override
    public void close() {}
  }
}
