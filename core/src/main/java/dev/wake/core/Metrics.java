package dev.wake.core;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * A service's counters, latency histograms and gauges, rendered in the Prometheus text format
 * (version 0.0.4) for its {@code /metrics}. Names and label strings are the caller's
 * ({@code signal="traces",protocol="http"}). Thread-safe and lock-free on the hot path.
 */
public final class Metrics {
  private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final Map<String, LongAdder> series = new ConcurrentHashMap<>();
  private final Map<String, String> help = new ConcurrentHashMap<>();
  private final Set<String> histograms = ConcurrentHashMap.newKeySet();
  private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

  /** Adds {@code value} to a counter (name ending {@code _total}) or another summed series. */
  public void add(String name, String text, String labels, long value) {
    series.computeIfAbsent(labels.isEmpty() ? name : name + "{" + labels + "}", k -> new LongAdder()).add(value);
    if (text != null) {
      help.putIfAbsent(name, text);
    }
  }

  /** Records one duration in the histogram {@code family} (rendered in seconds). */
  public void observe(String family, String text, String labels, long nanos) {
    histograms.add(family);
    help.putIfAbsent(family + "_bucket", text);
    double seconds = nanos / 1e9;
    String prefix = labels.isEmpty() ? "" : labels + ",";
    for (double bucket : LATENCY_BUCKETS) { // every bucket, hit or not: a histogram's buckets are fixed
      add(family + "_bucket", null, prefix + "le=\"" + bucket + "\"", seconds <= bucket ? 1 : 0);
    }
    add(family + "_bucket", null, prefix + "le=\"+Inf\"", 1);
    add(family + "_count", null, labels, 1);
    add(family + "_sum", null, labels, nanos); // kept in ns, rendered in s
  }

  /** A gauge read when rendering. */
  public void gauge(String name, String text, LongSupplier value) {
    gauges.put(name, value);
    help.put(name, text);
  }

  /** The Prometheus text exposition. */
  public String render() {
    StringBuilder out = new StringBuilder(4096);
    String last = "";
    for (Map.Entry<String, LongAdder> entry : new TreeMap<>(series).entrySet()) {
      int brace = entry.getKey().indexOf('{');
      String name = brace < 0 ? entry.getKey() : entry.getKey().substring(0, brace);
      String histogram = histogramOf(name);
      if (!name.equals(last) && (histogram == null || name.endsWith("_bucket"))) {
        String family = histogram != null ? histogram : name;
        if (help.containsKey(name)) {
          out.append("# HELP ").append(family).append(' ').append(help.get(name)).append('\n');
        }
        out.append("# TYPE ").append(family)
            .append(histogram != null ? " histogram\n" : name.endsWith("_total") ? " counter\n" : " untyped\n");
      }
      last = name;
      long value = entry.getValue().sum();
      out.append(entry.getKey()).append(' ')
          .append(histogram != null && name.endsWith("_sum") ? Double.toString(value / 1e9) : Long.toString(value))
          .append('\n');
    }
    for (Map.Entry<String, LongSupplier> gauge : new TreeMap<>(gauges).entrySet()) {
      out.append("# HELP ").append(gauge.getKey()).append(' ').append(help.get(gauge.getKey())).append('\n')
          .append("# TYPE ").append(gauge.getKey()).append(" gauge\n")
          .append(gauge.getKey()).append(' ').append(gauge.getValue().getAsLong()).append('\n');
    }
    return out.toString();
  }

  private String histogramOf(String name) {
    for (String family : histograms) {
      if (name.equals(family + "_bucket") || name.equals(family + "_count") || name.equals(family + "_sum")) {
        return family;
      }
    }
    return null;
  }
}
