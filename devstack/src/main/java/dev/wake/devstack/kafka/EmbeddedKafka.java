package dev.wake.devstack.kafka;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.devstack.Classpaths;
import dev.wake.devstack.JavaProcess;
import dev.wake.devstack.ParentWatch;
import dev.wake.devstack.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker (the Maven Central artifacts, KRaft mode, one node) in a child JVM:
 * {@code kafka.tools.StorageTool format} on first start, then {@code kafka.Kafka}. {@link #start()}
 * blocks until the broker answers a client; {@link #close()} stops it cleanly.
 */
public final class EmbeddedKafka implements Component {
  private static final String CLASSPATH_RESOURCE = "/dev/wake/kafka-broker.classpath";

  private final KafkaSettings settings;
  private JavaProcess process;
  private volatile Admin admin;
  private int port;

  public EmbeddedKafka(KafkaSettings settings) {
    this.settings = settings;
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public void start() throws IOException, InterruptedException {
    if (process != null) {
      throw new IllegalStateException("already started");
    }
    Ports.requireFree(settings.host(), settings.port(), "Kafka", "WAKE_KAFKA_PORT");
    Ports.requireFree(settings.host(), settings.controllerPort(), "Kafka's controller", "WAKE_KAFKA_CONTROLLER_PORT");
    port = settings.port() == 0 ? Ports.free(settings.host()) : settings.port();
    int controllerPort = settings.controllerPort();
    while (settings.controllerPort() == 0 && (controllerPort == 0 || controllerPort == port)) {
      controllerPort = Ports.free(settings.host()); // two picks of a free port can return the same one
    }
    Path dir = settings.dataDir().resolve("kafka");
    Path logDir = dir.resolve("log");
    Files.createDirectories(logDir);
    Path config = dir.resolve("server.properties");
    Files.writeString(config, serverProperties(port, controllerPort, logDir));
    Path logFile = settings.dataDir().resolve("logs").resolve("kafka.log");
    List<String> classpath = classpath();
    List<String> jvm = List.of("-Xmx" + settings.heapMb() + "m", "-Xms" + Math.min(256, settings.heapMb()) + "m",
        "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.slf4j.simpleLogger.showDateTime=true");
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      JavaProcess format = JavaProcess.start("kafka-format", classpath, jvm, "kafka.tools.StorageTool",
          List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", config.toString(),
              "--ignore-formatted"),
          Map.of(), logFile);
      int code = format.waitFor(Duration.ofMinutes(2));
      if (code != 0) {
        throw new IOException("Formatting Kafka's storage failed (exit " + code + ")\n" + format.describe());
      }
    }
    List<String> args = new ArrayList<>(List.of("kafka.Kafka", config.toString()));
    process = JavaProcess.start("kafka", classpath, jvm, ParentWatch.class.getName(), args, Map.of(), logFile);
    awaitReady(Duration.ofMinutes(2));
  }

  private String serverProperties(int port, int controllerPort, Path logDir) {
    String host = settings.host();
    return String.join("\n",
        "# Written by Wake at each start; edit KafkaSettings instead.",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@" + host + ":" + controllerPort,
        "listeners=PLAINTEXT://" + host + ":" + port + ",CONTROLLER://" + host + ":" + controllerPort,
        "advertised.listeners=PLAINTEXT://" + host + ":" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
        "log.dirs=" + logDir,
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "log.flush.interval.messages=9223372036854775807",
        "") ;
  }

  private void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    admin = Admin.create(adminProperties());
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("Kafka exited before it was ready\n" + process.describe());
      }
      try {
        admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(100);
      }
    }
    throw new IOException("Kafka was not ready within " + timeout.toSeconds() + " s (" + last + ")\n" + process.describe());
  }

  private Properties adminProperties() {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000);
    props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
    return props;
  }

  private static List<String> classpath() throws IOException {
    try (InputStream in = EmbeddedKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
      if (in == null) {
        throw new IOException("The Kafka broker's classpath (" + CLASSPATH_RESOURCE + ") is missing: build Wake with ./mvnw");
      }
      List<String> entries = new ArrayList<>(Arrays.asList(
          new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)));
      for (String entry : entries) {
        if (!Files.exists(Path.of(entry))) {
          throw new IOException("The Kafka broker jar " + entry + " is missing: rebuild Wake with ./mvnw");
        }
      }
      entries.add(Classpaths.of(ParentWatch.class));
      return entries;
    }
  }


  /** {@code host:port} for Kafka clients; valid after {@link #start()}. */
  public String bootstrapServers() {
    return settings.host() + ":" + port;
  }

  @Override
  public CheckResult check() {
    Admin client = admin;
    if (process == null || client == null || !process.isAlive()) {
      return CheckResult.failed("embedded Kafka is not running; see " + settings.dataDir().resolve("logs/kafka.log"));
    }
    try {
      client.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
      return CheckResult.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed("interrupted");
    } catch (Exception e) {
      return CheckResult.failed("Kafka at " + bootstrapServers() + " unreachable: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
    if (process != null) {
      process.close();
    }
  }
}
