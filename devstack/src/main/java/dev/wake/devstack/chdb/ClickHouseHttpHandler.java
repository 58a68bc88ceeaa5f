package dev.wake.devstack.chdb;

import com.sun.jna.Memory;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Serves ClickHouse's HTTP interface ({@code /}, {@code /ping}) from a {@link ChdbEngine}, so
 * ClickHouse clients, the official JDBC driver among them, work unchanged.
 *
 * <p>Runs one statement per request. Results are materialized by chDB, then streamed to the
 * client from native memory. Thread-safe; concurrency is bounded by the engine's pool.
 */
final class ClickHouseHttpHandler implements HttpHandler {
  private static final byte[] OK = "Ok.\n".getBytes(StandardCharsets.US_ASCII);

  private final ChdbEngine engine;
  private final Credentials credentials;
  private final String version;
  private final String timezone;

  ClickHouseHttpHandler(ChdbEngine engine, Credentials credentials, String version, String timezone) {
    this.engine = engine;
    this.credentials = credentials;
    this.version = version;
    this.timezone = timezone;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      HttpQuery query = HttpQuery.parse(method, exchange.getRequestURI(), exchange.getRequestHeaders());
      boolean hasBody = method.equals("POST");
      if (path.equals("/ping") || path.equals("/replicas_status")
          || (path.equals("/") && !hasBody && query.queryParam() == null)) {
        send(exchange, 200, "text/plain; charset=UTF-8", OK);
      } else if (!path.equals("/")) {
        sendError(exchange, query, ClickHouseError.of(404, 0, "UNKNOWN", "There is no handle " + path));
      } else if (!method.equals("GET") && !method.equals("POST")) {
        sendError(exchange, query, ClickHouseError.of(405, 0, "UNKNOWN", "Method " + method + " is not allowed"));
      } else {
        serveQuery(exchange, query);
      }
    } catch (RuntimeException e) {
      // A bug of ours, not of the query: say so in the log and to the client, keep serving.
      System.err.println("Internal error serving " + exchange.getRequestURI().getPath() + ": " + e);
      e.printStackTrace();
      if (exchange.getResponseCode() == -1) {
        sendError(exchange, HttpQuery.parse("POST", exchange.getRequestURI(), exchange.getRequestHeaders()),
            ClickHouseError.of(500, 1001, "STD_EXCEPTION", "Internal error in Wake's embedded ClickHouse server: " + e));
      }
    }
  }

  private void serveQuery(HttpExchange exchange, HttpQuery query) throws IOException {
    if (!credentials.accepts(query.user(), query.password())) {
      // 403 as ClickHouse answers AUTHENTICATION_FAILED.
      sendError(exchange, query, ClickHouseError.of(403, ClickHouseError.AUTHENTICATION_FAILED,
          "AUTHENTICATION_FAILED", query.user() + ": Authentication failed: password is incorrect,"
              + " or there is no user with such name"));
      return;
    }
    if (query.unsupported() != null) {
      sendError(exchange, query, ClickHouseError.of(400, ClickHouseError.CANNOT_DECOMPRESS,
          "CANNOT_DECOMPRESS", query.unsupported()));
      return;
    }
    byte[] body;
    try {
      body = readBody(exchange);
    } catch (IOException e) {
      sendError(exchange, query, ClickHouseError.of(400, ClickHouseError.CANNOT_DECOMPRESS,
          "CANNOT_DECOMPRESS", "Cannot read the request body: " + e.getMessage()));
      return;
    }
    QueryText text = new QueryText(query.queryParam(), body);
    if (Statements.skipSpaceAndComments(text, 0) >= text.length()) {
      sendError(exchange, query, ClickHouseError.of(400, ClickHouseError.SYNTAX_ERROR, "SYNTAX_ERROR", "Empty query"));
      return;
    }
    if (Statements.isMultiStatement(text)) {
      sendError(exchange, query, ClickHouseError.of(400, ClickHouseError.SYNTAX_ERROR, "SYNTAX_ERROR",
          "Multi-statements are not allowed"));
      return;
    }
    Path inlineData = null;
    try {
      int[] inline = Statements.inlineInsertData(text);
      if (inline != null) {
        // chDB runs the text as clickhouse-local does a script, where an empty line ends inline
        // INSERT data: binary data (RowBinary, Native) holding two line feeds in a row was cut
        // short. Data read from a file is taken whole, as ClickHouse's server takes a request body.
        inlineData = Files.createTempFile("wake-chdb-insert-", ".rowdata");
        try (OutputStream out = Files.newOutputStream(inlineData)) {
          text.writeTo(out, inline[1]);
        }
        byte[] from = (" FROM INFILE '" + inlineData.toString().replace("\\", "\\\\").replace("'", "\\'") + "' ")
            .getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream sqlBytes = new java.io.ByteArrayOutputStream();
        sqlBytes.write(text.bytes(0, inline[0]));
        sqlBytes.write(from);
        sqlBytes.write(text.bytes(inline[0], inline[1]));
        text = new QueryText(null, sqlBytes.toByteArray());
      }
      run(exchange, query, text);
    } finally {
      if (inlineData != null) {
        Files.deleteIfExists(inlineData);
      }
    }
  }

  private void run(HttpExchange exchange, HttpQuery query, QueryText text) throws IOException {
    try (Memory sql = text.toNative()) {
      engine.withConnection(connection -> {
        String prepareError = connection.prepare(query.database(), query.settings());
        try {
          if (prepareError != null) {
            sendError(exchange, query, ClickHouseError.fromEngine(prepareError));
            return null;
          }
          try (ChdbResult result = connection.query(sql, text.length(), query.format(), query.params())) {
            String error = result.error();
            if (error != null) {
              sendError(exchange, query, ClickHouseError.fromEngine(error));
            } else {
              sendResult(exchange, query, result);
            }
          }
          return null;
        } catch (IOException e) {
          throw new ClientGone(e);
        }
      });
    } catch (ClientGone e) {
      // The client closed the connection; nothing left to tell it.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] readBody(HttpExchange exchange) throws IOException {
    InputStream in = exchange.getRequestBody();
    String encoding = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding")).toLowerCase(Locale.ROOT);
    switch (encoding) {
      case "gzip", "x-gzip" -> in = new GZIPInputStream(in, 1 << 16);
      case "deflate" -> in = new InflaterInputStream(in);
      case "null", "identity", "" -> { }
      default -> throw new IOException("Content-Encoding '" + encoding + "' is not supported (use gzip or deflate)");
    }
    return in.readAllBytes();
  }

  private void sendResult(HttpExchange exchange, HttpQuery query, ChdbResult result) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    commonHeaders(headers, query);
    headers.set("X-ClickHouse-Format", query.format());
    headers.set("X-ClickHouse-Summary", result.stats().toSummaryJson());
    headers.set("Content-Type", contentType(query.format()));
    if (query.gzipResponse()) {
      headers.set("Content-Encoding", "gzip");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody(), 1 << 16)) {
        result.writeTo(out);
      }
    } else {
      long length = result.length();
      exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
      try (OutputStream out = exchange.getResponseBody()) {
        result.writeTo(out);
      }
    }
  }

  private void sendError(HttpExchange exchange, HttpQuery query, ClickHouseError error) throws IOException {
    Headers headers = exchange.getResponseHeaders();
    commonHeaders(headers, query);
    headers.set("X-ClickHouse-Exception-Code", Integer.toString(error.code()));
    String text = error.text() + " (version " + version + ")\n";
    send(exchange, error.httpStatus(), "text/plain; charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private void commonHeaders(Headers headers, HttpQuery query) {
    headers.set("X-ClickHouse-Query-Id", query.queryId());
    headers.set("X-ClickHouse-Timezone", timezone);
    headers.set("X-ClickHouse-Server-Display-Name", "wake-chdb");
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  static String contentType(String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
      return "text/tab-separated-values; charset=UTF-8";
    }
    if (f.startsWith("csv")) {
      return "text/csv; charset=UTF-8; header=absent";
    }
    if (f.startsWith("json")) {
      return "application/json; charset=UTF-8";
    }
    if (f.startsWith("rowbinary") || f.equals("native") || f.startsWith("parquet") || f.startsWith("arrow")) {
      return "application/octet-stream";
    }
    return "text/plain; charset=UTF-8";
  }

  /** Carries an I/O failure toward the client out of the engine's callback. */
  private static final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
      super(cause);
    }
  }
}
