package dev.wake.collector;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The collector's counters, rendered in the Prometheus text format on {@code /metrics}.
 * Thread-safe and lock-free on the hot path.
 */
final class CollectorMetrics {
  private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private static final String KAFKA_SEND = "wake_collector_kafka_send_seconds";
  private static final String REQUEST = "wake_collector_request_seconds";

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final LongSupplier inFlightBytes;

  CollectorMetrics(LongSupplier inFlightBytes) {
    this.inFlightBytes = inFlightBytes;
  }

  void received(Signal signal, String protocol, long items, long bytes) {
    add("wake_collector_items_received_total", "Items (spans, data points, log records) in valid requests.",
        labels(signal, protocol), items);
    add("wake_collector_request_bytes_sum", "Request body bytes after decompression.", labels(signal, protocol), bytes);
    add("wake_collector_request_bytes_count", "Requests with a readable body.", labels(signal, protocol), 1);
  }

  void accepted(Signal signal, String protocol, long items) {
    add("wake_collector_items_accepted_total", "Items acknowledged after Kafka acknowledged them.",
        labels(signal, protocol), items);
  }

  void rejected(Signal signal, String protocol, long items) {
    add("wake_collector_items_rejected_total", "Items dropped as invalid (OTLP partial success).",
        labels(signal, protocol) + ",reason=\"invalid_id\"", items);
  }

  /** A whole request refused; {@code items} is 0 when it could not be read. */
  void refused(Signal signal, String protocol, String reason, long items) {
    String labels = labels(signal, protocol) + ",reason=\"" + reason + "\"";
    add("wake_collector_requests_refused_total", "Requests answered with an error, by reason.", labels, 1);
    add("wake_collector_items_refused_total", "Items of refused requests, by reason.", labels, items);
  }

  void kafkaSend(Signal signal, long nanos) {
    observe(KAFKA_SEND, "Time from sending a request's records to Kafka's acknowledgement of all of them.",
        "signal=\"" + signal.label() + "\"", nanos);
  }

  /** Time from a request's arrival to its answer, whatever the answer. */
  void request(Signal signal, String protocol, int status, long nanos) {
    observe(REQUEST, "Time from a request's arrival at the receiver to its answer.",
        labels(signal, protocol) + ",status=\"" + status + "\"", nanos);
  }

  private void observe(String family, String text, String base, long nanos) {
    double seconds = nanos / 1e9;
    for (double bucket : LATENCY_BUCKETS) {
      if (seconds <= bucket) {
        add(family + "_bucket", null, base + ",le=\"" + bucket + "\"", 1);
      }
    }
    add(family + "_bucket", text, base + ",le=\"+Inf\"", 1);
    add(family + "_count", null, base, 1);
    add(family + "_sum", null, base, nanos); // kept in ns, rendered in s
  }

  private static String labels(Signal signal, String protocol) {
    return "signal=\"" + signal.label() + "\",protocol=\"" + protocol + "\"";
  }

  private void add(String name, String text, String labels, long value) {
    counters.computeIfAbsent(name + "{" + labels + "}", k -> new LongAdder()).add(value);
    if (text != null) {
      help.putIfAbsent(name, text);
    }
  }

  /** The Prometheus text exposition (version 0.0.4). */
  String render() {
    StringBuilder out = new StringBuilder(4096);
    String last = "";
    for (Map.Entry<String, LongAdder> series : new TreeMap<>(counters).entrySet()) {
      String name = series.getKey().substring(0, series.getKey().indexOf('{'));
      String histogram = name.startsWith(KAFKA_SEND) ? KAFKA_SEND : name.startsWith(REQUEST) ? REQUEST : null;
      if (!name.equals(last) && (histogram == null || name.endsWith("_bucket"))) {
        String family = histogram != null ? histogram : name;
        if (help.containsKey(name)) {
          out.append("# HELP ").append(family).append(' ').append(help.get(name)).append('\n');
        }
        out.append("# TYPE ").append(family)
            .append(histogram != null ? " histogram\n" : name.endsWith("_total") ? " counter\n" : " untyped\n");
      }
      last = name;
      long value = series.getValue().sum();
      out.append(series.getKey()).append(' ')
          .append(histogram != null && name.endsWith("_sum") ? Double.toString(value / 1e9) : Long.toString(value))
          .append('\n');
    }
    out.append("# HELP wake_collector_inflight_bytes Bytes sent to Kafka and not yet acknowledged.\n")
        .append("# TYPE wake_collector_inflight_bytes gauge\n")
        .append("wake_collector_inflight_bytes ").append(inFlightBytes.getAsLong()).append('\n');
    return out.toString();
  }
}
