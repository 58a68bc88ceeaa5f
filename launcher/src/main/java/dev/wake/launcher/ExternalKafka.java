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
  private volatile Admin admin;

  ExternalKafka(String bootstrap) {
    this.bootstrap = bootstrap;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public void start() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
    admin = Admin.create(props);
    CheckResult result = check();
    if (!result.ok()) {
      throw new IllegalStateException(result.detail() + ": check WAKE_KAFKA_BOOTSTRAP");
    }
  }

  @Override
  public CheckResult check() {
    Admin client = admin;
    if (client == null) {
      return CheckResult.failed("not started");
    }
    try {
      client.describeCluster(new DescribeClusterOptions().timeoutMs(3_000)).nodes().get(5, TimeUnit.SECONDS);
      return CheckResult.OK;
    } catch (Exception e) {
      return CheckResult.failed("Kafka at " + bootstrap + " unreachable (" + e.getClass().getSimpleName() + ")");
    }
  }

  @Override
  public void close() {
    Admin client = admin;
    admin = null;
    if (client != null) {
      client.close();
    }
  }
}
