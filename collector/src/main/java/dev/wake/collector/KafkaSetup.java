package dev.wake.collector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The collector's Kafka clients and topics. */
final class KafkaSetup {
  private KafkaSetup() {}

  static Admin admin(CollectorConfig config) {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    return Admin.create(props);
  }

  /**
   * Durable by construction: acks=all and idempotence, so an acknowledged record is on every
   * in-sync replica exactly once. Records may be as large as the largest accepted request.
   */
  static Producer<byte[], byte[]> producer(CollectorConfig config) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes(config));
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(32L << 20, 2 * config.maxInFlightBytes()));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(5_000, config.sendTimeoutMs() - 100));
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, config.sendTimeoutMs());
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "wake-collector");
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  static int maxMessageBytes(CollectorConfig config) {
    return config.maxRequestBytes() + (1 << 20);
  }

  /**
   * Creates the signal topics that do not exist yet; existing ones are left as they are. A topic that
   * another client created meanwhile, or that the broker's topic list did not show yet (seen in
   * QueryStack's tests: created just before, listed as missing), counts as existing.
   */
  static List<String> createMissingTopics(Admin admin, CollectorConfig config) throws Exception {
    Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
    Collection<NewTopic> missing = new ArrayList<>();
    for (String topic : config.topics().values()) {
      if (!existing.contains(topic)) {
        missing.add(new NewTopic(topic, config.topicPartitions(), config.topicReplication())
            .configs(Map.of("max.message.bytes", Integer.toString(maxMessageBytes(config)))));
      }
    }
    List<String> created = new ArrayList<>();
    if (!missing.isEmpty()) {
      for (Map.Entry<String, KafkaFuture<Void>> topic : admin.createTopics(missing).values().entrySet()) {
        try {
          topic.getValue().get(30, TimeUnit.SECONDS);
          created.add(topic.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
    awaitLeaders(admin, config.topics().values());
    return created;
  }

  /**
   * Waits until every partition of {@code topics} has a leader: a topic just created answers
   * NOT_LEADER_OR_FOLLOWER for a while, and requests in that window would wait on retries.
   */
  private static void awaitLeaders(Admin admin, Collection<String> topics) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      boolean ready;
      try {
        ready = admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
            .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw e;
        }
        ready = false; // e.g. UnknownTopicOrPartition: a new topic's metadata is still spreading
      }
      if (ready) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Kafka topics " + topics + " have partitions without a leader after 30 s");
      }
      Thread.sleep(100);
    }
  }
}
