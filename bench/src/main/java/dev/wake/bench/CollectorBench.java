package dev.wake.bench;

import dev.wake.collector.CollectorMain;
import dev.wake.collector.RawBytes;
import dev.wake.devstack.JavaProcess;
import dev.wake.devstack.kafka.EmbeddedKafka;
import dev.wake.devstack.kafka.KafkaSettings;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code ./wake bench collector}: realistic spans over OTLP/HTTP protobuf and OTLP/gRPC into the
 * collector (its own process) and the embedded Kafka; spans/s and the collector's CPU per span,
 * printed beside a raw Kafka producer sending the same bytes in the same run; then p99 latency at
 * half the measured load.
 */
final class CollectorBench {
  static final int SPANS_PER_REQUEST = 50;
  static final int SENDERS = 8;
  static final double SECONDS = 15;
  static final double GOAL_SPANS_PER_SECOND = 30_000;

  private CollectorBench() {}

  static void run() throws Exception {
    ScratchDir scratch = new ScratchDir("wake-bench-");
    Path dir = scratch.path();
    List<byte[]> requests = SpanPayloads.requests(400, SPANS_PER_REQUEST, 5, 42);
    double avgSpanBytes = requests.stream().mapToInt(r -> r.length).average().orElse(0) / SPANS_PER_REQUEST;
    System.out.printf("Collector benchmark: %d cores, %d spans/request (5 traces), %.0f B/span, 20 attributes,"
        + " %d senders, %.0f s per run%n", Runtime.getRuntime().availableProcessors(), SPANS_PER_REQUEST, avgSpanBytes,
        SENDERS, SECONDS);
    try (scratch;
        EmbeddedKafka kafka = new EmbeddedKafka(new KafkaSettings("127.0.0.1", 0, 0, dir, 1024))) {
      kafka.start();
      System.out.println("Kafka up at " + kafka.bootstrapServers());
      createTopic(kafka.bootstrapServers(), "bench_raw");
      try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
        Load.Sender raw = request -> producer.send(new ProducerRecord<>("bench_raw", Arrays.copyOf(request, 16), request)).get();
        Load.closedLoop(raw, requests, SENDERS, 3); // warm-up
        long[] ticks = ProcessCpu.hostTicks();
        Load.Result baseline = Load.closedLoop(raw, requests, SENDERS, SECONDS);
        report("baseline: raw Kafka producer", baseline, Double.NaN, ProcessCpu.stealPercent(ticks, ProcessCpu.hostTicks()));
      }
      try (JavaProcess collector = startCollector(kafka.bootstrapServers(), dir)) {
        String[] ports = collector.awaitLine(l -> l.startsWith("READY "), l -> l.startsWith("ERROR"), Duration.ofMinutes(1))
            .substring(6).split(" ");
        int grpcPort = Integer.parseInt(ports[0].substring(5));
        int httpPort = Integer.parseInt(ports[1].substring(5));
        Load.Sender http = httpSender(httpPort);
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
            .maxInboundMessageSize(16 << 20).build();
        Load.Sender grpc = grpcSender(channel);
        try {
          Load.Result httpMax = measure("collector: OTLP/HTTP protobuf", http, requests, collector.pid());
          Load.Result grpcMax = measure("collector: OTLP/gRPC", grpc, requests, collector.pid());
          ServerLatency server = new ServerLatency(httpPort);
          halfLoad("half load, OTLP/HTTP", http, requests, httpMax.requestsPerSecond() / 2, server, "http");
          halfLoad("half load, OTLP/gRPC", grpc, requests, grpcMax.requestsPerSecond() / 2, server, "grpc");
          // Half of the goal's load (30k spans/s per core), the other reading of the latency goal.
          double goalHalf = GOAL_SPANS_PER_SECOND / 2 / SPANS_PER_REQUEST;
          halfLoad("15k spans/s, OTLP/HTTP", http, requests, goalHalf, server, "http");
          halfLoad("15k spans/s, OTLP/gRPC", grpc, requests, goalHalf, server, "grpc");
        } finally {
          channel.shutdownNow();
        }
      }
    }
  }

  private static Load.Result measure(String label, Load.Sender sender, List<byte[]> requests, long pid) throws Exception {
    Load.closedLoop(sender, requests, SENDERS, 5); // warm-up: JIT, connections, topic metadata
    double cpu0 = ProcessCpu.seconds(pid);
    long[] ticks = ProcessCpu.hostTicks();
    Load.Result result = Load.closedLoop(sender, requests, SENDERS, SECONDS);
    double cores = (ProcessCpu.seconds(pid) - cpu0) / result.seconds();
    report(label, result, cores, ProcessCpu.stealPercent(ticks, ProcessCpu.hostTicks()));
    return result;
  }

  private static void halfLoad(String label, Load.Sender sender, List<byte[]> requests, double rate,
      ServerLatency server, String protocol) throws Exception {
    Map<Double, Long> before = server.snapshot(protocol);
    long[] ticks = ProcessCpu.hostTicks();
    Load.Result result = Load.fixedRate(sender, requests, rate, 10);
    Map<Double, Long> after = server.snapshot(protocol);
    System.out.printf("%-34s %,9.0f spans/s offered   p50 %6.1f ms  p99 %6.1f ms  failures %d"
            + "  (collector's own p99 <= %.0f ms)  [host steal %.0f%%]%n",
        label, rate * SPANS_PER_REQUEST, result.latencies().percentileMs(50),
        result.latencies().percentileMs(99), result.failures(), ServerLatency.percentileMs(before, after, 99),
        ProcessCpu.stealPercent(ticks, ProcessCpu.hostTicks()));
  }

  private static void report(String label, Load.Result result, double collectorCores, double stealPercent) {
    double spans = result.requestsPerSecond() * SPANS_PER_REQUEST;
    String cpu = Double.isNaN(collectorCores) ? ""
        : String.format("  collector CPU %.2f cores = %,.0f spans/s per core, %.1f us/span", collectorCores,
            spans / collectorCores, collectorCores * 1e6 / spans);
    System.out.printf("%-34s %,9.0f spans/s   p50 %6.1f ms  p99 %6.1f ms  failures %d%s  [host steal %.0f%%]%n", label,
        spans, result.latencies().percentileMs(50), result.latencies().percentileMs(99), result.failures(), cpu,
        stealPercent);
  }

  private static JavaProcess startCollector(String bootstrap, Path dir) throws IOException {
    return JavaProcess.start("collector", List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)),
        jvmArgs(), CollectorMain.class.getName(), List.of(),
        Map.of("WAKE_KAFKA_BOOTSTRAP", bootstrap, "WAKE_OTLP_GRPC_PORT", "0", "WAKE_OTLP_HTTP_PORT", "0",
            "WAKE_EXIT_ON_STDIN_EOF", "1", "WAKE_TOPIC_SPANS", "bench_spans"),
        dir.resolve("logs/collector.log"));
  }

  /** The collector's JVM options; {@code WAKE_BENCH_COLLECTOR_JVM_ARGS} adds some (e.g. a JFR recording). */
  private static List<String> jvmArgs() {
    List<String> args = new java.util.ArrayList<>(List.of("-Xmx512m", "-Xms512m"));
    String extra = System.getenv("WAKE_BENCH_COLLECTOR_JVM_ARGS");
    if (extra != null && !extra.isBlank()) {
      args.addAll(List.of(extra.trim().split("\\s+")));
    }
    return args;
  }

  /**
   * OTLP/HTTP through OkHttp, the client of the OpenTelemetry SDK's OTLP/HTTP exporter, with
   * keep-alive connections and enough of them for every sender thread of {@link Load}. Nagle's
   * algorithm is off: OkHttp leaves it on, and a body written in several segments then waits for
   * the server's delayed ACK (40 ms on Linux) before its last segment leaves; README says so for
   * agents too.
   */
  private static Load.Sender httpSender(int port) {
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Load.MAX_SENDERS);
    dispatcher.setMaxRequestsPerHost(Load.MAX_SENDERS);
    OkHttpClient client = new OkHttpClient.Builder().dispatcher(dispatcher)
        .connectionPool(new ConnectionPool(Load.MAX_SENDERS, 5, TimeUnit.MINUTES))
        .socketFactory(new NoDelaySocketFactory()).build();
    String url = "http://127.0.0.1:" + port + "/v1/traces";
    MediaType protobuf = MediaType.get("application/x-protobuf");
    return request -> {
      Request call = new Request.Builder().url(url).post(RequestBody.create(request, protobuf)).build();
      try (Response response = client.newCall(call).execute()) {
        if (response.code() != 200) {
          throw new IOException("HTTP " + response.code());
        }
      }
    };
  }

  static Load.Sender grpcSender(ManagedChannel channel) {
    MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
        .setRequestMarshaller(RawBytes.INSTANCE).setResponseMarshaller(RawBytes.INSTANCE).build();
    return request -> ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT, request);
  }

  /** The same producer settings the collector uses. */
  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 2);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 17 << 20);
    return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void createTopic(String bootstrap, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
    }
  }
}
