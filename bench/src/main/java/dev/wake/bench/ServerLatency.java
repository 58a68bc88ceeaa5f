package dev.wake.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The collector's own view of request latency: its {@code wake_collector_request_seconds}
 * histogram, scraped before and after a run, so client-side and server-side tails can be told apart.
 */
final class ServerLatency {
  private static final Pattern BUCKET = Pattern.compile(
      "wake_collector_request_seconds_bucket\\{signal=\"traces\",protocol=\"(\\w+)\",status=\"(200|0)\",le=\"([^\"]+)\"} (\\d+)");

  private final HttpClient http = HttpClient.newHttpClient();
  private final URI metrics;

  ServerLatency(int httpPort) {
    this.metrics = URI.create("http://127.0.0.1:" + httpPort + "/metrics");
  }

  /** Cumulative bucket counts of successful trace requests of {@code protocol}, by upper bound in s. */
  Map<Double, Long> snapshot(String protocol) throws Exception {
    String text = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<Double, Long> buckets = new TreeMap<>();
    Matcher m = BUCKET.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(protocol)) {
        double le = m.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(3));
        buckets.put(le, Long.parseLong(m.group(4)));
      }
    }
    return buckets;
  }

  /** The upper bound (ms) of the bucket holding the p-th percentile of what happened between two snapshots. */
  static double percentileMs(Map<Double, Long> before, Map<Double, Long> after, double p) {
    long total = after.getOrDefault(Double.POSITIVE_INFINITY, 0L) - before.getOrDefault(Double.POSITIVE_INFINITY, 0L);
    for (Map.Entry<Double, Long> bucket : after.entrySet()) {
      long count = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0L);
      if (total > 0 && count >= Math.ceil(p / 100.0 * total)) {
        return bucket.getKey() * 1000;
      }
    }
    return Double.NaN;
  }
}
