package dev.wake.collector;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every OTLP request takes after its receiver decoded the transport: split into Kafka
 * records ({@link TraceSplitter}, {@link MetricsSplitter}, {@link LogsSplitter}), send, count.
 * The returned future completes with the {@link Split} once Kafka acknowledged every record, or
 * exceptionally with a {@link RefusedException}. Thread-safe.
 */
final class Ingest {
  /** Deeper nesting than this (AnyValue inside AnyValue...) is refused as malformed. */
  static final int MAX_NESTING = 64;

  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);
  /** At most one refusal warning per this many ns; the others are counted in it. */
  private static final long WARN_EVERY_NS = TimeUnit.SECONDS.toNanos(10);
  private final AtomicLong lastWarnNanos = new AtomicLong(System.nanoTime() - WARN_EVERY_NS);
  private final AtomicLong unwarned = new AtomicLong();
  private final KafkaSink sink;
  private final Map<Signal, String> topics;
  private final CollectorMetrics metrics;

  Ingest(KafkaSink sink, Map<Signal, String> topics, CollectorMetrics metrics) {
    this.sink = sink;
    this.topics = Map.copyOf(topics);
    this.metrics = metrics;
  }

  CollectorMetrics metrics() {
    return metrics;
  }

  /**
   * Parses a request body ({@code json} or protobuf) and splits it into Kafka records.
   *
   * @throws InvalidOtlpException when the body is not a valid OTLP request of {@code signal}, or
   *     holds no item at all (an empty body, or only fields this OTLP version does not know)
   */
  static Split decode(Signal signal, byte[] body, boolean json) throws InvalidOtlpException {
    if (body.length == 0) {
      throw new InvalidOtlpException("request body is empty");
    }
    Split split = split(signal, json ? parseJson(signal, body) : parseProtobuf(signal, body), json ? null : body);
    if (split.acceptedItems() == 0 && split.rejected() == 0) {
      throw new InvalidOtlpException("request holds no " + signal.itemName
          + " (is it an OTLP " + signal.label() + " request?)");
    }
    return split;
  }

  /** Splits a decoded request; {@code original} is its protobuf bytes when it came as protobuf. */
  static Split split(Signal signal, Object request, byte[] original) {
    return switch (signal) {
      case TRACES -> TraceSplitter.split((ExportTraceServiceRequest) request, original);
      case METRICS -> MetricsSplitter.split((ExportMetricsServiceRequest) request, original);
      case LOGS -> LogsSplitter.split((ExportLogsServiceRequest) request, original);
    };
  }

  /** Parses an OTLP protobuf body of {@code signal}. */
  static Object parseProtobuf(Signal signal, byte[] body) throws InvalidOtlpException {
    CodedInputStream in = CodedInputStream.newInstance(body);
    in.setRecursionLimit(MAX_NESTING);
    try {
      Object request = switch (signal) {
        case TRACES -> ExportTraceServiceRequest.parseFrom(in);
        case METRICS -> ExportMetricsServiceRequest.parseFrom(in);
        case LOGS -> ExportLogsServiceRequest.parseFrom(in);
      };
      in.checkLastTagWas(0);
      return request;
    } catch (IOException e) { // InvalidProtocolBufferException, for a byte array always
      throw new InvalidOtlpException("request body is not a valid OTLP " + signal.label()
          + " protobuf message: " + e.getMessage());
    }
  }

  /** Parses an OTLP JSON body of {@code signal}. */
  static Object parseJson(Signal signal, byte[] body) throws InvalidOtlpException {
    return switch (signal) {
      case TRACES -> OtlpJson.parseTraces(body);
      case METRICS -> OtlpJson.parseMetrics(body);
      case LOGS -> OtlpJson.parseLogs(body);
    };
  }

  /**
   * Sends a split request as {@code tenant}; counts received, rejected, accepted and refused items
   * for {@code protocol} ("grpc" or "http").
   */
  CompletableFuture<Split> submit(Signal signal, String protocol, Split split, long bodyBytes, String tenant) {
    long items = split.acceptedItems();
    metrics.received(signal, protocol, items + split.rejected(), bodyBytes);
    if (split.rejected() > 0) {
      metrics.rejected(signal, protocol, split.rejected());
    }
    long started = System.nanoTime();
    return sink.send(topics.get(signal), split.records(), tenant).handle((ok, error) -> {
      if (error != null) {
        RefusedException refused = error instanceof RefusedException r ? r
            : new RefusedException(RefusedException.Reason.UNAVAILABLE, error.getMessage(), 5, error);
        metrics.refused(signal, protocol, refused.reason().name().toLowerCase(java.util.Locale.ROOT), items);
        warn(signal, refused);
        throw refused;
      }
      metrics.kafkaSend(signal, System.nanoTime() - started);
      metrics.accepted(signal, protocol, items);
      return split;
    });
  }

  /** Logs why a request was refused, at most once per 10 s (with how many refusals went unlogged). */
  private void warn(Signal signal, RefusedException refused) {
    long now = System.nanoTime();
    long last = lastWarnNanos.get();
    if (now - last < WARN_EVERY_NS || !lastWarnNanos.compareAndSet(last, now)) {
      unwarned.incrementAndGet();
      return;
    }
    LOG.warn("Refused a {} request ({}): {}{}", signal.name().toLowerCase(java.util.Locale.ROOT), refused.reason(),
        refused.getMessage(), unwarned.get() == 0 ? "" : " (and " + unwarned.getAndSet(0) + " more since the last warning)");
  }
}
