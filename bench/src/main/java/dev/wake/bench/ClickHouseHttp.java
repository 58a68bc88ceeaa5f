package dev.wake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Statements sent straight to ClickHouse's HTTP interface (database {@code wake}, user
 * {@code default}), for generating data and for baselines that bypass the query API. Blocks;
 * thread-safe.
 */
final class ClickHouseHttp {
  /** Settings that keep a baseline from reusing earlier work: no query cache, no query condition cache. */
  static final Map<String, String> NO_CACHES = Map.of("use_query_cache", "0", "use_query_condition_cache", "0");
  private static final ObjectMapper JSON = new ObjectMapper();
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(30, TimeUnit.MINUTES)
      .callTimeout(30, TimeUnit.MINUTES).build();
  private final HttpUrl base;

  ClickHouseHttp(URI uri) {
    this.base = HttpUrl.get(uri.toString()).newBuilder().addQueryParameter("database", "wake").build();
  }

  /** Runs a statement whose answer is not needed. */
  void execute(String sql) throws IOException {
    execute(sql, Map.of());
  }

  void execute(String sql, Map<String, String> settings) throws IOException {
    send(sql, settings, "TabSeparated");
  }

  /** Runs {@code sql} with {@code settings}; the answer's {@code data} rows (JSONCompact). */
  JsonNode rows(String sql, Map<String, String> settings) throws IOException {
    return JSON.readTree(send(sql, settings, "JSONCompact")).get("data");
  }

  /** The first column of the first row, as a long. */
  long number(String sql) throws IOException {
    return rows(sql, Map.of()).get(0).get(0).asLong();
  }

  /**
   * Waits, at most {@code max}, until ClickHouse merges nothing (printing progress every 10 s), so
   * that background merges are not timed as part of what comes next.
   */
  void awaitMergesDone(java.time.Duration max) throws IOException, InterruptedException {
    long started = System.nanoTime();
    long lastPrint = started;
    long merges;
    while ((merges = number("SELECT count() FROM system.merges")) > 0 && System.nanoTime() - started < max.toNanos()) {
      if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
        System.out.printf("  waiting for %d background merge(s), %.0f s%n", merges, (System.nanoTime() - started) / 1e9);
        lastPrint = System.nanoTime();
      }
      Thread.sleep(200);
    }
    System.out.printf("  background merges done after %.1f s (%d running)%n", (System.nanoTime() - started) / 1e9, merges);
  }

  private String send(String sql, Map<String, String> settings, String format) throws IOException {
    HttpUrl.Builder url = base.newBuilder().addQueryParameter("default_format", format);
    settings.forEach(url::addQueryParameter);
    Request request = new Request.Builder().url(url.build())
        .post(RequestBody.create(sql, MediaType.get("text/plain; charset=utf-8"))).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      if (!response.isSuccessful()) {
        throw new IOException("ClickHouse answered " + response.code() + " to " + abbreviate(sql) + ": " + body);
      }
      return body;
    }
  }

  private static String abbreviate(String sql) {
    String flat = sql.replaceAll("\\s+", " ");
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
  }
}
