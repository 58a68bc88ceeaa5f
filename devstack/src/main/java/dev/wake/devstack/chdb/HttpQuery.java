package dev.wake.devstack.chdb;

import com.sun.net.httpserver.Headers;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one request to ClickHouse's HTTP interface asks for, read from its URL parameters and
 * headers as ClickHouse reads them: {@code query}, {@code database} / {@code X-ClickHouse-Database},
 * {@code default_format} / {@code X-ClickHouse-Format}, {@code query_id}, {@code param_*}
 * (typed query parameters), credentials, and every other parameter as a ClickHouse setting.
 */
record HttpQuery(
    String queryParam,
    String database,
    String format,
    String queryId,
    String user,
    String password,
    Map<String, String> settings,
    Map<String, String> params,
    boolean gzipResponse,
    String unsupported) {

  /** URL parameters that belong to the HTTP protocol, not to the ClickHouse session. */
  private static final Set<String> PROTOCOL_PARAMS =
      Set.of(
          "query", "database", "default_format", "query_id", "user", "password", "quota_key",
          "compress", "decompress", "enable_http_compression", "http_zlib_compression_level",
          "wait_end_of_query", "buffer_size", "session_timeout", "session_check", "role",
          "client_protocol_version", "send_progress_in_http_headers",
          "http_headers_progress_interval_ms", "http_response_buffer_size",
          "cancel_http_readonly_queries_on_client_close", "add_http_cors_header",
          "http_wait_end_of_query", "http_native_compression_disable_checksumming_on_decompress");

  static HttpQuery parse(String method, URI uri, Headers headers) {
    Map<String, String> url = decode(uri.getRawQuery());
    Map<String, String> settings = new LinkedHashMap<>();
    Map<String, String> params = new LinkedHashMap<>();
    url.forEach(
        (name, value) -> {
          if (name.startsWith("param_")) {
            params.put(name.substring("param_".length()), value);
          } else if (!PROTOCOL_PARAMS.contains(name) && !name.equals("session_id")) {
            settings.put(name, value);
          }
        });
    if (method.equals("GET") && !settings.containsKey("readonly")) {
      settings.put("readonly", "2"); // as ClickHouse: GET never writes
    }
    String[] credentials = Credentials.fromRequest(url, headers);
    boolean gzip =
        "1".equals(url.get("enable_http_compression"))
            && String.valueOf(headers.getFirst("Accept-Encoding")).contains("gzip");
    return new HttpQuery(
        url.get("query"),
        first(url.get("database"), headers.getFirst("X-ClickHouse-Database"), "default"),
        first(url.get("default_format"), headers.getFirst("X-ClickHouse-Format"), "TabSeparated"),
        first(url.get("query_id"), headers.getFirst("X-ClickHouse-Query-Id"), UUID.randomUUID().toString()),
        credentials[0],
        credentials[1],
        settings,
        params,
        gzip,
        unsupported(url));
  }

  private static String unsupported(Map<String, String> url) {
    if ("1".equals(url.get("compress")) || "true".equals(url.get("compress"))) {
      return "compress=1 (ClickHouse's own LZ4 framing) is not supported by Wake's embedded"
          + " ClickHouse: use compress=0 (JDBC URL: compress=false); gzip works with"
          + " enable_http_compression=1";
    }
    if ("1".equals(url.get("decompress")) || "true".equals(url.get("decompress"))) {
      return "decompress=1 (ClickHouse's own LZ4 framing) is not supported by Wake's embedded"
          + " ClickHouse: send the body plain or with Content-Encoding: gzip";
    }
    if (url.containsKey("session_id")) {
      return "HTTP sessions (session_id) are not supported by Wake's embedded ClickHouse:"
          + " send the database and settings with every request";
    }
    return null;
  }

  private static String first(String a, String b, String fallback) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b != null && !b.isEmpty() ? b : fallback;
  }

  static Map<String, String> decode(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }
}
