package dev.wake.collector;

import dev.wake.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** A collector on free ports writing to topics of its own, and a way to read them back. */
final class CollectorFixture implements AutoCloseable {
  final Collector collector;
  final CollectorConfig config;
  private final TestKafka kafka;

  private CollectorFixture(TestKafka kafka, CollectorConfig config) throws Exception {
    this.kafka = kafka;
    this.config = config;
    this.collector = new Collector(config);
    collector.start();
  }

  static CollectorFixture start(TestKafka kafka) throws Exception {
    return start(kafka, 16, null);
  }

  static CollectorFixture start(TestKafka kafka, int maxRequestMb, Path tokensFile) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    return start(kafka.bootstrapServers(), Map.of(
        Signal.TRACES, kafka.topicName("spans." + suffix),
        Signal.METRICS, kafka.topicName("metrics." + suffix),
        Signal.LOGS, kafka.topicName("logs." + suffix)), maxRequestMb, tokensFile, kafka);
  }

  static CollectorFixture start(String bootstrap, Map<Signal, String> topics, int maxRequestMb, Path tokensFile,
      TestKafka kafka) throws Exception {
    return new CollectorFixture(kafka, new CollectorConfig("127.0.0.1", 0, 0, maxRequestMb << 20, 64L << 20,
        bootstrap, topics, 3, (short) 1, 5_000, tokensFile));
  }

  String httpUrl(Signal signal) {
    return "http://127.0.0.1:" + collector.httpPort() + signal.httpPath;
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + collector.grpcPort();
  }

  /** Reads the signal's topic from the start until {@code expected} records arrived or 30 s passed. */
  List<ConsumerRecord<byte[], byte[]>> read(Signal signal, int expected) {
    return read(signal, expected, record -> true);
  }

  /** Like {@link #read(Signal, int)}, counting and returning only records that match {@code filter}. */
  List<ConsumerRecord<byte[], byte[]>> read(Signal signal, int expected,
      java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> filter) {
    return read(config.kafkaBootstrap(), config.topics().get(signal), expected, filter);
  }

  /** Reads {@code topic} from the start until {@code expected} records arrived or 30 s passed. */
  static List<ConsumerRecord<byte[], byte[]>> readAll(String bootstrap, String topic, int expected) {
    return read(bootstrap, topic, expected, record -> true);
  }

  private static List<ConsumerRecord<byte[], byte[]>> read(String bootstrap, String topic, int expected,
      java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> filter) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (filter.test(r)) {
            records.add(r);
          }
        });
      }
      // One more short poll: anything beyond `expected` is a failure the caller should see.
      consumer.poll(Duration.ofMillis(500)).forEach(r -> {
        if (filter.test(r)) {
          records.add(r);
        }
      });
    }
    return records;
  }

  /** Matches records whose key is {@code key}. */
  static java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> keyed(String key) {
    return record -> record.key() != null && new String(record.key(), StandardCharsets.UTF_8).equals(key);
  }

  @Override
  public void close() {
    collector.close();
  }
}
