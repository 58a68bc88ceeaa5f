package dev.wake.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pass-through proxy in front of ClickHouse's HTTP interface that records every statement sent
 * through it: its text, the time to its whole answer, and ClickHouse's own elapsed time and rows
 * read ({@code X-ClickHouse-Summary}). The embedded ClickHouse has no {@code system.query_log};
 * this shows where a query API call's time goes. Thread-safe.
 */
final class StatementRecorder implements AutoCloseable {
  /** One statement: text, nanoseconds to its whole answer, ClickHouse's own nanoseconds, rows read. */
  record Statement(String sql, long nanos, long serverNanos, long readRows) {}

  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host", "upgrade",
      "transfer-encoding", "keep-alive");
  private static final Pattern SUMMARY = Pattern.compile("\"(read_rows|elapsed_ns)\":\"(\\d+)\"");
  private final URI target;
  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newHttpClient();
  private final List<Statement> statements = new ArrayList<>();

  StatementRecorder(URI target) throws IOException {
    // Else each small answer waits for the client's delayed ACK (Nagle), ~40 ms a statement.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.target = target;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::forward);
    server.setExecutor(threads);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The statements recorded since the last call, and forgets them. */
  synchronized List<Statement> drain() {
    List<Statement> out = List.copyOf(statements);
    statements.clear();
    return out;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> request.header(name, value));
        }
      });
      long t0 = System.nanoTime();
      HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      long nanos = System.nanoTime() - t0;
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      long serverNanos = 0;
      long readRows = 0;
      Matcher m = SUMMARY.matcher(response.headers().firstValue("X-ClickHouse-Summary").orElse(""));
      while (m.find()) {
        if (m.group(1).equals("elapsed_ns")) {
          serverNanos = Long.parseLong(m.group(2));
        } else {
          readRows = Long.parseLong(m.group(2));
        }
      }
      synchronized (this) {
        statements.add(new Statement(sql(exchange.getRequestURI(), body), nanos, serverNanos, readRows));
      }
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The statement: the {@code query} URL parameter, then the body (ClickHouse joins the two). */
  private static String sql(URI uri, byte[] body) {
    String query = "";
    for (String pair : String.valueOf(uri.getRawQuery()).split("&")) {
      if (pair.startsWith("query=")) {
        query = URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8) + " ";
      }
    }
    return query + new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
