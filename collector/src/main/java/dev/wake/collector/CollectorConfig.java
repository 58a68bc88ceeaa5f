package dev.wake.collector;

import dev.wake.core.Env;
import java.nio.file.Path;
import java.util.Map;

/**
 * The collector's settings, read from the environment once (defaults here and in the README).
 *
 * @param host address both receivers listen on
 * @param grpcPort OTLP/gRPC port (4317; 0 picks a free one)
 * @param httpPort OTLP/HTTP port (4318; 0 picks a free one); also serves /metrics, /livez, /readyz
 * @param maxRequestBytes largest request accepted, after decompression (16 MiB)
 * @param maxInFlightBytes bytes sent to Kafka and not yet acknowledged before requests get 429 (64 MiB)
 * @param kafkaBootstrap Kafka bootstrap servers
 * @param topics Kafka topic per signal
 * @param topicPartitions partitions of topics the collector creates
 * @param topicReplication replication factor of topics the collector creates
 * @param sendTimeoutMs how long Kafka may take to acknowledge a request before it gets 503
 * @param tokensFile token=tenant file, or null for the single tenant "default"
 */
public record CollectorConfig(
    String host,
    int grpcPort,
    int httpPort,
    int maxRequestBytes,
    long maxInFlightBytes,
    String kafkaBootstrap,
    Map<Signal, String> topics,
    int topicPartitions,
    short topicReplication,
    int sendTimeoutMs,
    Path tokensFile) {

  /** The same settings with another Kafka, e.g. once an embedded broker picked its port. */
  public CollectorConfig withKafkaBootstrap(String bootstrap) {
    return new CollectorConfig(host, grpcPort, httpPort, maxRequestBytes, maxInFlightBytes, bootstrap, topics,
        topicPartitions, topicReplication, sendTimeoutMs, tokensFile);
  }

  /** Reads {@code WAKE_COLLECTOR_*} and {@code WAKE_OTLP_*} variables; problems are recorded in {@code env}. */
  public static CollectorConfig from(Env env, String host, String kafkaBootstrap) {
    return new CollectorConfig(
        host,
        env.port("WAKE_OTLP_GRPC_PORT", 4317),
        env.port("WAKE_OTLP_HTTP_PORT", 4318),
        env.integer("WAKE_COLLECTOR_MAX_REQUEST_MB", 16, 1, 1024) * 1024 * 1024,
        env.integer("WAKE_COLLECTOR_MAX_INFLIGHT_MB", 64, 1, 16_384) * 1024L * 1024L,
        kafkaBootstrap,
        Map.of(
            Signal.TRACES, env.string("WAKE_TOPIC_SPANS", "otlp_spans"),
            Signal.METRICS, env.string("WAKE_TOPIC_METRICS", "otlp_metrics"),
            Signal.LOGS, env.string("WAKE_TOPIC_LOGS", "otlp_logs")),
        env.integer("WAKE_TOPIC_PARTITIONS", 3, 1, 10_000),
        (short) env.integer("WAKE_TOPIC_REPLICATION", 1, 1, 32),
        env.integer("WAKE_COLLECTOR_SEND_TIMEOUT_MS", 10_000, 1_000, 600_000),
        env.path("WAKE_COLLECTOR_TOKENS_FILE", null));
  }
}
