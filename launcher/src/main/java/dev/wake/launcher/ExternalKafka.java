package dev.wake.launcher;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** A Kafka cluster Wake does not run ({@code WAKE_KAFKA_BOOTSTRAP}): start and check only reach it. */
final class ExternalKafka implements Component {
  private final String bootstrap;

  ExternalKafka(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public void start() throws Exception {
    CheckResult result = check();
    if (!result.ok()) {
      throw new IllegalStateException(result.detail() + ": check WAKE_KAFKA_BOOTSTRAP");
    }
  }

  @Override
  public CheckResult check() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes().get(5, TimeUnit.SECONDS);
      return CheckResult.OK;
    } catch (Exception e) {
      return CheckResult.failed("Kafka at " + bootstrap + " unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void close() {}
}
