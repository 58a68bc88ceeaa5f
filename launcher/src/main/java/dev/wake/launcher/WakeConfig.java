package dev.wake.launcher;

import dev.wake.collector.CollectorConfig;
import dev.wake.query.QueryApiConfig;
import dev.wake.storage.Retention;
import dev.wake.writer.WriterConfig;
import dev.wake.core.Env;
import java.nio.file.Path;

/**
 * Everything {@code ./wake} reads from the environment, validated once. Defaults live here and in
 * the README's configuration table, nowhere else.
 *
 * @param kafkaBootstrap an external Kafka's bootstrap servers, or null to run the embedded one
 * @param clickHouseUrl an external ClickHouse's HTTP URL, or null to run the embedded one
 * @param collector the collector's settings; its Kafka is filled in once Kafka runs
 * @param writer the writer's settings; its Kafka and ClickHouse are filled in once they run
 * @param queryApi the query API's settings
 * @param retention how long each family of tables keeps its rows
 */
record WakeConfig(
    String host,
    Path dataDir,
    Path cacheDir,
    int httpPort,
    String kafkaBootstrap,
    int kafkaPort,
    int kafkaControllerPort,
    int kafkaHeapMb,
    String clickHouseUrl,
    String clickHouseUser,
    String clickHousePassword,
    int clickHousePort,
    int clickHouseConnections,
    int clickHouseHeapMb,
    CollectorConfig collector,
    WriterConfig writer,
    QueryApiConfig queryApi,
    Retention retention) {

  static WakeConfig from(Env env, Path home) {
    String xdgCache = env.raw("XDG_CACHE_HOME");
    Path defaultCache = (xdgCache != null ? Path.of(xdgCache) : Path.of(System.getProperty("user.home"), ".cache"))
        .resolve("wake");
    String clickHouseUrl = env.raw("WAKE_CLICKHOUSE_URL");
    if (clickHouseUrl != null && !clickHouseUrl.matches("https?://[^/]+/?")) {
      env.problem("WAKE_CLICKHOUSE_URL must be ClickHouse's HTTP endpoint like http://host:8123, got '"
          + clickHouseUrl + "'");
    }
    WakeConfig config = new WakeConfig(
        env.string("WAKE_BIND", "127.0.0.1"),
        env.path("WAKE_DATA_DIR", home.resolve(".wake").resolve("data")),
        env.path("WAKE_CACHE_DIR", defaultCache),
        env.port("WAKE_HTTP_PORT", 8080),
        env.raw("WAKE_KAFKA_BOOTSTRAP"),
        env.port("WAKE_KAFKA_PORT", 9092),
        env.port("WAKE_KAFKA_CONTROLLER_PORT", 9093),
        env.integer("WAKE_KAFKA_HEAP_MB", 512, 128, 65_536),
        clickHouseUrl,
        env.string("WAKE_CLICKHOUSE_USER", "default"),
        env.string("WAKE_CLICKHOUSE_PASSWORD", ""),
        env.port("WAKE_CLICKHOUSE_PORT", 8123),
        env.integer("WAKE_CLICKHOUSE_CONNECTIONS", 4, 1, 64),
        env.integer("WAKE_CLICKHOUSE_HEAP_MB", 256, 64, 65_536),
        CollectorConfig.from(env, env.string("WAKE_BIND", "127.0.0.1"), env.raw("WAKE_KAFKA_BOOTSTRAP")),
        WriterConfig.from(env, env.string("WAKE_BIND", "127.0.0.1"), env.raw("WAKE_KAFKA_BOOTSTRAP"), null),
        QueryApiConfig.from(env, env.string("WAKE_BIND", "127.0.0.1"), env.port("WAKE_HTTP_PORT", 8080)),
        Retention.from(env));
    if (config.kafkaPort() != 0 && config.kafkaPort() == config.kafkaControllerPort()) {
      env.problem("WAKE_KAFKA_PORT and WAKE_KAFKA_CONTROLLER_PORT must differ, both are " + config.kafkaPort());
    }
    env.validate();
    return config;
  }
}
