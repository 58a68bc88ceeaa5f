package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wake.core.Env;
import dev.wake.devstack.clickhouse.ClickHouseSettings;
import dev.wake.devstack.clickhouse.EmbeddedClickHouse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded ClickHouse keeps its data across restarts. Each test runs its own server on its
 * own data dir: chDB lets one process at a time use a data dir, so the shared one is off limits.
 */
@Timeout(300)
class ClickHousePersistenceIT {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Path dataDir;

  @BeforeEach
  void createDataDir() throws IOException {
    dataDir = Files.createTempDirectory("wake-persistence-");
  }

  @AfterEach
  void deleteDataDir() throws IOException {
    try (var paths = Files.walk(dataDir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Test
  void mergeTreeRows_afterRestartOnSameDataDir_areStillThere() throws Exception {
    try (EmbeddedClickHouse first = started()) {
      query(first, "CREATE TABLE spans (trace String, span UInt64, name LowCardinality(String))"
          + " ENGINE = MergeTree ORDER BY (trace, span)");
      query(first, "INSERT INTO spans SELECT concat('trace-', toString(number % 100)), number,"
          + " if(number % 2 = 0, 'llm', 'tool') FROM numbers(10000)");
      query(first, "INSERT INTO spans VALUES ('last', 10000, 'it''s kept')");
      assertThat(query(first, "SELECT count() FROM spans")).isEqualTo("10001\n");
    }
    try (EmbeddedClickHouse second = started()) {
      assertThat(query(second, "SELECT count(), sum(span), uniqExact(trace) FROM spans"))
          .isEqualTo("10001\t50005000\t101\n");
      assertThat(query(second, "SELECT name FROM spans WHERE trace = 'last'")).isEqualTo("it\\'s kept\n");
      assertThat(query(second, "SELECT engine FROM system.tables WHERE database = 'default' AND name = 'spans'"))
          .isEqualTo("MergeTree\n");
      query(second, "INSERT INTO spans VALUES ('after-restart', 1, 'tool')");
    }
    try (EmbeddedClickHouse third = started()) {
      assertThat(query(third, "SELECT count() FROM spans")).isEqualTo("10002\n");
    }
  }

  @Test
  void secondServer_onDataDirInUse_failsToStartAndFirstKeepsServing() throws Exception {
    try (EmbeddedClickHouse first = started()) {
      query(first, "CREATE TABLE kept (x UInt8) ENGINE = MergeTree ORDER BY x");
      query(first, "INSERT INTO kept VALUES (7)");
      EmbeddedClickHouse second = new EmbeddedClickHouse(settings(), line -> { });
      try {
        assertThatThrownBy(second::start).isInstanceOf(IOException.class)
            .hasMessageContaining("is another Wake ClickHouse using this data dir?");
      } finally {
        second.close();
      }
      assertThat(query(first, "SELECT x FROM kept")).isEqualTo("7\n");
    }
  }

  @Test
  void close_calledTwice_isHarmless() throws Exception {
    EmbeddedClickHouse server = started();
    assertThat(server.check().ok()).isTrue();
    server.close();
    server.close();
    assertThat(server.check().ok()).isFalse();
  }

  private EmbeddedClickHouse started() throws Exception {
    EmbeddedClickHouse server = new EmbeddedClickHouse(settings(), line -> System.out.println("[wake-testing] " + line));
    try {
      server.start();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  private ClickHouseSettings settings() {
    Env env = Env.system();
    Path cache = env.path("WAKE_CACHE_DIR", TestStack.defaultCacheDir(env));
    return new ClickHouseSettings("127.0.0.1", 0, dataDir, cache, "default", "", 2, 128);
  }

  /** Runs {@code sql} in the default database over HTTP and returns its TabSeparated result. */
  private String query(EmbeddedClickHouse server, String sql) throws Exception {
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(server.httpUri().resolve("/")).POST(BodyPublishers.ofString(sql)).build(),
        BodyHandlers.ofString());
    assertThat(response.statusCode()).as("%s -> %s", sql, response.body()).isEqualTo(200);
    return response.body();
  }
}
