package dev.wake.testing;

import dev.wake.core.Env;
import dev.wake.devstack.clickhouse.ClickHouseSettings;
import dev.wake.devstack.clickhouse.EmbeddedClickHouse;
import dev.wake.devstack.kafka.EmbeddedKafka;
import dev.wake.devstack.kafka.KafkaSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * The Kafka and ClickHouse one test run shares: external ones when {@code WAKE_KAFKA_BOOTSTRAP} /
 * {@code WAKE_CLICKHOUSE_URL} are set, otherwise the embedded ones on free ports with a throwaway
 * data dir. Started once per JVM by {@link WakeStackExtension}, stopped when the run ends.
 */
final class TestStack implements AutoCloseable {
  private final EmbeddedKafka kafka;
  private final EmbeddedClickHouse clickHouse;
  private final String bootstrapServers;
  private final String clickHouseUrl;
  private final String user;
  private final String password;
  private final Path dataDir;

  private TestStack(EmbeddedKafka kafka, EmbeddedClickHouse clickHouse, String bootstrapServers,
      String clickHouseUrl, String user, String password, Path dataDir) {
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.bootstrapServers = bootstrapServers;
    this.clickHouseUrl = clickHouseUrl;
    this.user = user;
    this.password = password;
    this.dataDir = dataDir;
  }

  static TestStack start(Env env) throws Exception {
    String externalKafka = env.raw("WAKE_KAFKA_BOOTSTRAP");
    String externalClickHouse = env.raw("WAKE_CLICKHOUSE_URL");
    String user = env.string("WAKE_CLICKHOUSE_USER", "default");
    String password = env.string("WAKE_CLICKHOUSE_PASSWORD", "");
    Path cache = env.path("WAKE_CACHE_DIR", defaultCacheDir(env));
    env.validate();
    Path dataDir = Files.createTempDirectory("wake-test-");
    EmbeddedKafka kafka = null;
    EmbeddedClickHouse clickHouse = null;
    try {
      if (externalClickHouse == null) {
        clickHouse = new EmbeddedClickHouse(
            new ClickHouseSettings("127.0.0.1", 0, dataDir, cache, user, password, 4, 256),
            line -> System.out.println("[wake-testing] " + line));
        clickHouse.start();
      }
      if (externalKafka == null) {
        kafka = new EmbeddedKafka(new KafkaSettings("127.0.0.1", 0, 0, dataDir, 512));
        kafka.start();
      }
    } catch (Exception e) {
      if (kafka != null) {
        kafka.close();
      }
      if (clickHouse != null) {
        clickHouse.close();
      }
      throw e;
    }
    return new TestStack(kafka, clickHouse,
        kafka == null ? externalKafka : kafka.bootstrapServers(),
        clickHouse == null ? externalClickHouse : clickHouse.httpUri().toString(),
        user, password, dataDir);
  }

  static Path defaultCacheDir(Env env) {
    String xdg = env.raw("XDG_CACHE_HOME");
    Path base = xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("wake");
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  String clickHouseUrl() {
    return clickHouseUrl;
  }

  String user() {
    return user;
  }

  String password() {
    return password;
  }

  /** The embedded ClickHouse, or null when the run uses an external one. */
  EmbeddedClickHouse embeddedClickHouse() {
    return clickHouse;
  }

  @Override
  public void close() throws IOException {
    if (kafka != null) {
      kafka.close();
    }
    if (clickHouse != null) {
      clickHouse.close();
    }
    try (var paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
