package dev.wake.collector;

import dev.wake.core.Metrics;
import java.util.function.LongSupplier;

/**
 * The collector's counters, rendered in the Prometheus text format on {@code /metrics}.
 * Thread-safe and lock-free on the hot path.
 */
final class CollectorMetrics {
  private static final String KAFKA_SEND = "wake_collector_kafka_send_seconds";
  private static final String REQUEST = "wake_collector_request_seconds";

  private final Metrics metrics = new Metrics();

  CollectorMetrics(LongSupplier inFlightBytes) {
    metrics.gauge("wake_collector_inflight_bytes", "Bytes sent to Kafka and not yet acknowledged.", inFlightBytes);
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

  private void observe(String family, String text, String labels, long nanos) {
    metrics.observe(family, text, labels, nanos);
  }

  private static String labels(Signal signal, String protocol) {
    return "signal=\"" + signal.label() + "\",protocol=\"" + protocol + "\"";
  }

  private void add(String name, String text, String labels, long value) {
    metrics.add(name, text, labels, value);
  }

  /** The Prometheus text exposition (version 0.0.4). */
  String render() {
    return metrics.render();
  }
}
