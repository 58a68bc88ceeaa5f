package dev.wake.testing;

import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The Kafka a test class gets: the shared broker, and topics whose names are unique to the class
 * so classes never read each other's records.
 */
public final class TestKafka {
  private final TestStack stack;
  private final String prefix;

  TestKafka(TestStack stack, String prefix) {
    this.stack = stack;
    this.prefix = prefix;
  }

  public String bootstrapServers() {
    return stack.bootstrapServers();
  }

  /** A topic name unique to this class: {@code <class prefix>.<name>}; not created. */
  public String topicName(String name) {
    return prefix + "." + name;
  }

  /**
   * Creates a fresh topic unique to this class and returns its name. Blocks until the broker has
   * created it.
   */
  public String createTopic(String name, int partitions) throws Exception {
    String topic = topicName(name) + "." + UUID.randomUUID().toString().substring(0, 8);
    try (Admin admin = Admin.create(adminProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    return topic;
  }

  /** Client properties with only the bootstrap servers set. */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return props;
  }

  private Properties adminProperties() {
    Properties props = clientProperties();
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return props;
  }
}
