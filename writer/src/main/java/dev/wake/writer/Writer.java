package dev.wake.writer;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer: consumes the OTLP topics and writes ClickHouse (see {@link WriterLoop} for the
 * exactly-once protocol), with {@code /metrics}, {@code /livez} and {@code /readyz} on its HTTP
 * port. {@link #start()} fails fast when ClickHouse or Kafka is unreachable, or when a table it
 * writes is missing or has a column type it cannot encode (it reads the column types once, so the
 * schema must be migrated before); after that, outages are waited out.
 */
public final class Writer implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(Writer.class);
  /** Every table the writer inserts into. */
  static final List<String> TABLES = List.of(SpanRows.TABLE, MetricRows.GAUGE, MetricRows.SUM, MetricRows.HISTOGRAM,
      MetricRows.EXPONENTIAL_HISTOGRAM, MetricRows.SUMMARY, LogRows.TABLE, Lineage.INSTANCES, Lineage.KEYS,
      Lineage.REFS, Lineage.EDGES, LineageRoots.TABLE, LineageChanges.TABLE);

  private final WriterConfig config;
  private final Runnable beforeCommit;
  private ClickHouseStore store;
  private KafkaProducer<byte[], byte[]> deadLetters;
  private WriterLoop loop;
  private Thread thread;
  private Javalin http;

  public Writer(WriterConfig config) {
    this(config, () -> { });
  }

  /** A writer that runs {@code beforeCommit} after each batch's inserts, before its commit (tests crash there). */
  Writer(WriterConfig config, Runnable beforeCommit) {
    this.config = config;
    this.beforeCommit = beforeCommit;
  }

  @Override
  public String name() {
    return "writer";
  }

  @Override
  public void start() throws Exception {
    store = new ClickHouseStore(config.clickHouse(), config.database());
    if (!store.ping(5_000)) {
      throw new IllegalStateException("ClickHouse at " + config.clickHouse().httpUrl()
          + " does not answer: check WAKE_CLICKHOUSE_URL");
    }
    Schema schema = store.schema(TABLES);
    createDeadLetterTopic();
    deadLetters = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    WriterMetrics metrics = new WriterMetrics(() -> loop.lag());
    loop = new WriterLoop(consumer, deadLetters, store, schema, config, metrics, beforeCommit);
    thread = new Thread(loop, "wake-writer");
    thread.setUncaughtExceptionHandler((t, e) -> LOG.error("The writer stopped: {}", e.toString(), e));
    thread.start();

    http = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.startupWatcherEnabled = false;
    });
    http.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.render()));
    http.get("/livez", ctx -> ctx.result("live"));
    http.get("/readyz", ctx -> {
      CheckResult result = check();
      ctx.status(result.ok() ? 200 : 503).result(result.detail());
    });
    http.start(config.host(), config.httpPort());
  }

  /** The writer's HTTP port; valid after {@link #start()}. */
  public int httpPort() {
    return http.port();
  }

  @Override
  public CheckResult check() {
    if (thread == null || !thread.isAlive()) {
      return CheckResult.failed("writer not running");
    }
    String error = loop.lastError();
    if (error != null) {
      return CheckResult.failed("retrying a ClickHouse write: " + error);
    }
    return CheckResult.OK;
  }

  private void createDeadLetterTopic() throws Exception {
    Properties props = new Properties();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    try (Admin admin = Admin.create(props)) {
      if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(config.deadLetterTopic())) {
        admin.createTopics(List.of(new NewTopic(config.deadLetterTopic(), 1, (short) -1)
            .configs(Map.of("max.message.bytes", Integer.toString(64 << 20))))).all().get(10, TimeUnit.SECONDS);
        LOG.info("Created Kafka topic {}", config.deadLetterTopic());
      }
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("Kafka at " + config.kafkaBootstrap() + ": cannot create "
            + config.deadLetterTopic() + " (" + e.getCause().getMessage() + "): check WAKE_KAFKA_BOOTSTRAP", e);
      }
    }
  }

  private Properties consumerProperties() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000); // topics the collector creates later
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "wake-writer");
    return props;
  }

  private Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "wake-writer-dlq");
    return props;
  }

  /** Stops consuming; batches not written stay uncommitted and are read again at the next start. */
  @Override
  public void close() {
    if (loop != null) {
      loop.stop();
    }
    if (thread != null) {
      try {
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    if (http != null) {
      http.stop();
      http = null;
    }
    if (deadLetters != null) {
      deadLetters.close();
      deadLetters = null;
    }
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
