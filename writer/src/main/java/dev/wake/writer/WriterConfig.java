package dev.wake.writer;

import dev.wake.core.Env;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;

/**
 * The writer's settings, read from the environment once (defaults here and in the README).
 *
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param groupId Kafka consumer group ({@code wake-writer})
 * @param spansTopic topic of OTLP trace requests ({@code otlp_spans})
 * @param metricsTopic topic of OTLP metric requests ({@code otlp_metrics})
 * @param logsTopic topic of OTLP log requests ({@code otlp_logs})
 * @param deadLetterTopic where undecodable records go ({@code wake_dlq})
 * @param clickHouse where to write
 * @param database the ClickHouse database ({@code wake})
 * @param batchRows a partition's batch is written once it holds this many rows (50,000)
 * @param batchBytes ... or this many bytes of encoded (RowBinary) rows (32 MiB)
 * @param batchDelayMs ... or once its first record waited this long (1,000 ms)
 * @param host address of the writer's HTTP port
 * @param httpPort {@code /metrics}, {@code /livez}, {@code /readyz} (8081; 0 picks a free one)
 */
public record WriterConfig(
    String kafkaBootstrap,
    String groupId,
    String spansTopic,
    String metricsTopic,
    String logsTopic,
    String deadLetterTopic,
    ClickHouseTarget clickHouse,
    String database,
    int batchRows,
    int batchBytes,
    int batchDelayMs,
    String host,
    int httpPort) {

  /** Reads {@code WAKE_WRITER_*} and the shared topic variables; problems are recorded in {@code env}. */
  public static WriterConfig from(Env env, String host, String kafkaBootstrap, ClickHouseTarget clickHouse) {
    return new WriterConfig(
        kafkaBootstrap,
        env.string("WAKE_WRITER_GROUP", "wake-writer"),
        env.string("WAKE_TOPIC_SPANS", "otlp_spans"),
        env.string("WAKE_TOPIC_METRICS", "otlp_metrics"),
        env.string("WAKE_TOPIC_LOGS", "otlp_logs"),
        env.string("WAKE_TOPIC_DLQ", "wake_dlq"),
        clickHouse,
        SchemaMigrator.DATABASE,
        env.integer("WAKE_WRITER_BATCH_ROWS", 50_000, 1, 10_000_000),
        env.integer("WAKE_WRITER_BATCH_MB", 32, 1, 1024) * 1024 * 1024,
        env.integer("WAKE_WRITER_BATCH_DELAY_MS", 1_000, 1, 600_000),
        host,
        env.port("WAKE_WRITER_HTTP_PORT", 8081));
  }

  /** The same settings with other endpoints, e.g. once embedded parts picked their ports. */
  public WriterConfig with(String bootstrap, ClickHouseTarget target) {
    return new WriterConfig(bootstrap, groupId, spansTopic, metricsTopic, logsTopic, deadLetterTopic, target, database,
        batchRows, batchBytes, batchDelayMs, host, httpPort);
  }

  /** The same settings writing into another database (tests use one per class). */
  public WriterConfig withDatabase(String otherDatabase) {
    return new WriterConfig(kafkaBootstrap, groupId, spansTopic, metricsTopic, logsTopic, deadLetterTopic, clickHouse,
        otherDatabase, batchRows, batchBytes, batchDelayMs, host, httpPort);
  }
}
