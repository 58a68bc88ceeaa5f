package dev.wake.collector;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.core.TenantAuth;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP collector: both receivers, the Kafka sink, and {@code /metrics}, {@code /livez},
 * {@code /readyz} on the HTTP port. {@link #start()} creates missing topics and binds the ports;
 * it fails fast when Kafka is unreachable or a port is taken.
 */
public final class Collector implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

  private final CollectorConfig config;
  private Admin admin;
  private KafkaSink sink;
  private Javalin http;
  private Server grpc;

  public Collector(CollectorConfig config) {
    this.config = config;
  }

  @Override
  public String name() {
    return "collector";
  }

  @Override
  public void start() throws Exception {
    TenantAuth auth = config.tokensFile() == null ? TenantAuth.open() : TenantAuth.fromFile(config.tokensFile());
    admin = KafkaSetup.admin(config);
    List<String> created = KafkaSetup.createMissingTopics(admin, config);
    if (!created.isEmpty()) {
      LOG.info("Created Kafka topics {} ({} partitions, replication {})", created, config.topicPartitions(),
          config.topicReplication());
    }
    sink = new KafkaSink(KafkaSetup.producer(config), config.maxInFlightBytes());
    Ingest ingest = new Ingest(sink, config.topics(), new CollectorMetrics(sink::inFlightBytes));
    OtlpHttpReceiver httpReceiver = new OtlpHttpReceiver(ingest, auth, config.maxRequestBytes());
    OtlpGrpcReceiver grpcReceiver = new OtlpGrpcReceiver(ingest, auth);

    http = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.startupWatcherEnabled = false;
      javalin.http.maxRequestSize = config.maxRequestBytes();
    });
    for (Signal signal : Signal.values()) {
      http.post(signal.httpPath, ctx -> httpReceiver.handle(ctx, signal));
    }
    http.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
        .result(ingest.metrics().render()));
    http.get("/livez", ctx -> ctx.result("live"));
    http.get("/readyz", ctx -> {
      CheckResult result = check();
      ctx.status(result.ok() ? 200 : 503).result(result.detail());
    });
    http.start(config.host(), config.httpPort());

    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.grpcPort()))
        .maxInboundMessageSize(config.maxRequestBytes());
    for (var service : grpcReceiver.services()) {
      builder.addService(ServerInterceptors.intercept(service, grpcReceiver.authInterceptor()));
    }
    try {
      grpc = builder.build().start();
    } catch (IOException e) {
      throw new IOException("OTLP/gRPC cannot listen on " + config.host() + ":" + config.grpcPort()
          + " (" + e.getMessage() + "): set WAKE_OTLP_GRPC_PORT to a free port", e);
    }
  }

  /** The OTLP/HTTP port; valid after {@link #start()}. */
  public int httpPort() {
    return http.port();
  }

  /** The OTLP/gRPC port; valid after {@link #start()}. */
  public int grpcPort() {
    return grpc.getPort();
  }

  @Override
  public CheckResult check() {
    Admin client = admin;
    if (client == null || grpc == null) {
      return CheckResult.failed("collector not started");
    }
    try {
      client.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
      return CheckResult.OK;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed("interrupted");
    } catch (Exception e) {
      return CheckResult.failed("Kafka at " + config.kafkaBootstrap() + " unreachable: " + e.getMessage());
    }
  }

  /** Stops taking requests, lets in-flight ones finish, then flushes and closes the producer. */
  @Override
  public void close() {
    if (grpc != null) {
      grpc.shutdown();
      try {
        grpc.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      grpc = null;
    }
    if (http != null) {
      http.stop();
      http = null;
    }
    if (sink != null) {
      sink.close();
      sink = null;
    }
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }
}
