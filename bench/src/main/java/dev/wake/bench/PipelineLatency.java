package dev.wake.bench;

import dev.wake.collector.Collector;
import dev.wake.collector.CollectorConfig;
import dev.wake.collector.Signal;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.writer.Writer;
import dev.wake.writer.WriterConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Ingest-to-queryable latency through the whole pipeline (OTLP/gRPC -> collector -> Kafka -> writer
 * -> ClickHouse) under a steady load: canary spans, each in its own trace, are sent every 100 ms
 * beside the load and ClickHouse is polled every 50 ms until each is visible. Latency counts from
 * the canary's send to the poll that first saw it (so it is over-stated by up to one poll). The run
 * starts once the earlier throughput run's merges are done. Its first {@link #WARM_UP_SECONDS} of
 * load, printed apart from the measured {@link #SECONDS}, ramp up as a load test does: half the
 * rate for the first half, then the full rate. The collector, started for this run, compiles its
 * request path (JIT) in those seconds: sampled per thread, the JIT compilers took 38% of both cores
 * in the first 15 s of load and 9% 40-55 s in; at the full rate from the first second, canaries
 * took 3-6 s then, and the backlog that left took another 20 s to drain.
 */
final class PipelineLatency {
  static final double SPANS_PER_SECOND = 10_000;
  static final int SECONDS = 60;
  /**
   * Load before the measured seconds, reported apart: the first seconds after the collector and the
   * writer start are slower than the steady state (cold JIT on the request path, first fetches).
   * The first half of it runs at half the rate.
   */
  static final int WARM_UP_SECONDS = 30;
  static final String CANARY_SERVICE = "wake-bench-canary";

  private PipelineLatency() {}

  static void run(String bootstrap, ClickHouseTarget target, List<byte[]> load, int spansPerRequest) throws Exception {
    // The writer's default (1 s); WAKE_WRITER_BATCH_DELAY_MS measures another.
    int batchDelayMs = dev.wake.core.Env.system().integer("WAKE_WRITER_BATCH_DELAY_MS", 1_000, 1, 600_000);
    CollectorConfig collectorConfig = new CollectorConfig("127.0.0.1", 0, 0, 16 << 20, 64L << 20, bootstrap,
        Map.of(Signal.TRACES, "lat_spans", Signal.METRICS, "lat_metrics", Signal.LOGS, "lat_logs"), 3, (short) 1,
        10_000, null);
    WriterConfig writerConfig = new WriterConfig(bootstrap, "bench-latency", "lat_spans", "lat_metrics", "lat_logs",
        "bench_dlq", target, SchemaMigrator.DATABASE, 50_000, 32 << 20, batchDelayMs, "127.0.0.1", 0);
    try (Collector collector = new Collector(collectorConfig); Writer writer = new Writer(writerConfig)) {
      collector.start();
      writer.start();
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", collector.grpcPort()).usePlaintext()
          .maxInboundMessageSize(16 << 20).build();
      try {
        Load.Sender grpc = CollectorBench.grpcSender(channel);
        long warmUp = awaitFirstCanary(grpc, target);
        System.out.printf("  pipeline warm (consumer group joined): first canary visible after %d ms%n", warmUp);
        // The throughput run before this one leaves parts to merge; they would count as this run's latency.
        new ClickHouseHttp(java.net.URI.create(target.httpUrl())).awaitMergesDone(java.time.Duration.ofSeconds(60));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Latencies warmUpLatencies = new Latencies();
        Latencies latencies = new Latencies();
        Latencies acks = new Latencies();
        long loadStarted = System.nanoTime();
        long measureFrom = loadStarted + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(SECONDS);
        long[] worstPerSecond = new long[WARM_UP_SECONDS + SECONDS];
        long[] worstAckPerSecond = new long[WARM_UP_SECONDS + SECONDS];
        Thread loadThread = new Thread(() -> {
          try {
            Load.Sender fresh = request -> grpc.send(SpanPayloads.fresh(request));
            Load.fixedRate(fresh, load, SPANS_PER_SECOND / 2 / spansPerRequest, WARM_UP_SECONDS / 2.0);
            Load.fixedRate(fresh, load, SPANS_PER_SECOND / spansPerRequest, WARM_UP_SECONDS / 2.0 + SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "bench-load");
        loadThread.start();
        long nextCanary = System.nanoTime();
        try (Connection c = target.connect(SchemaMigrator.DATABASE); Statement s = c.createStatement()) {
          while (System.nanoTime() < end || (!sent.isEmpty() && System.nanoTime() < end + TimeUnit.SECONDS.toNanos(30))) {
            if (System.nanoTime() >= nextCanary && System.nanoTime() < end) {
              String traceId = hex(16);
              long t0 = System.nanoTime();
              grpc.send(canary(traceId));
              long ack = System.nanoTime() - t0;
              if (t0 >= measureFrom) {
                acks.add(ack);
              }
              int second = (int) ((t0 - loadStarted) / 1_000_000_000L);
              worstAckPerSecond[second] = Math.max(worstAckPerSecond[second], ack);
              sent.put(traceId, t0);
              nextCanary += TimeUnit.MILLISECONDS.toNanos(100);
            }
            try (ResultSet rs = s.executeQuery("SELECT TraceId FROM otel_traces WHERE ServiceName = '" + CANARY_SERVICE
                + "' AND Timestamp > now64(9) - INTERVAL 5 MINUTE")) {
              long seen = System.nanoTime();
              while (rs.next()) {
                Long t0 = sent.remove(rs.getString(1));
                if (t0 != null) {
                  (t0 < measureFrom ? warmUpLatencies : latencies).add(seen - t0);
                  int second = (int) ((t0 - loadStarted) / 1_000_000_000L);
                  worstPerSecond[second] = Math.max(worstPerSecond[second], seen - t0);
                }
              }
            }
            Thread.sleep(50);
          }
        }
        loadThread.join();
        System.out.println(timeline("slowest canary per second of load, ms (warm-up | measured):", worstPerSecond));
        System.out.println(timeline("of that, the collector's acknowledgement, ms:", worstAckPerSecond));
        System.out.printf("  of which the collector's acknowledgement (durable in Kafka): p50 %.0f ms  p99 %.0f ms%n",
            acks.percentileMs(50), acks.percentileMs(99));
        System.out.printf("  warm-up (first %d s of load, the first half at half the rate; not counted): p50 %.0f ms"
            + "  p99 %.0f ms  max %.0f ms over %d canaries%n", WARM_UP_SECONDS, warmUpLatencies.percentileMs(50),
            warmUpLatencies.percentileMs(99), warmUpLatencies.percentileMs(100), warmUpLatencies.count());
        WriterBench.printInsertTimes(WriterBench.scrape(writer.httpPort()));
        System.out.printf("pipeline at %,.0f spans/s (OTLP/gRPC -> collector -> Kafka -> writer -> ClickHouse, writer"
            + " batch delay %,d ms): ingest-to-queryable p50 %.0f ms  p99 %.0f ms  max %.0f ms over %d canaries,"
            + " %d never seen  (goal p99 < 2,000 ms)%n", SPANS_PER_SECOND, batchDelayMs, latencies.percentileMs(50),
            latencies.percentileMs(99), latencies.percentileMs(100), latencies.count(), sent.size());
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** {@code label}, then each second's worst nanoseconds in ms, a bar between warm-up and measured seconds. */
  private static String timeline(String label, long[] worstPerSecond) {
    StringBuilder line = new StringBuilder("  ").append(label);
    for (int second = 0; second < worstPerSecond.length; second++) {
      line.append(second == WARM_UP_SECONDS ? " |" : "").append(' ').append(worstPerSecond[second] / 1_000_000);
    }
    return line.toString();
  }

  /** Sends canaries until one is visible: the writer's consumer has joined its group and written. */
  private static long awaitFirstCanary(Load.Sender grpc, ClickHouseTarget target) throws Exception {
    long started = System.nanoTime();
    String traceId = hex(16);
    grpc.send(canary(traceId));
    try (Connection c = target.connect(SchemaMigrator.DATABASE); Statement s = c.createStatement()) {
      while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
        try (ResultSet rs = s.executeQuery("SELECT count() FROM otel_traces WHERE ServiceName = '" + CANARY_SERVICE
            + "' AND TraceId = '" + traceId + "'")) {
          if (rs.next() && rs.getLong(1) > 0) {
            return (System.nanoTime() - started) / 1_000_000;
          }
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("the first canary was not visible within 60 s");
  }

  private static byte[] canary(String traceId) {
    long now = System.currentTimeMillis() * 1_000_000L;
    Span span = Span.newBuilder().setTraceId(bytes(traceId)).setSpanId(bytes(hex(8))).setName("canary")
        .setStartTimeUnixNano(now).setEndTimeUnixNano(now + 1_000).build();
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
            .setValue(AnyValue.newBuilder().setStringValue(CANARY_SERVICE))))
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
  }

  private static String hex(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  private static com.google.protobuf.ByteString bytes(String hex) {
    return com.google.protobuf.ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }
}
