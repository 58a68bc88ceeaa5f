package dev.wake.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where Wake listens, from the same variables Wake reads (README): {@code OTEL_EXPORTER_OTLP_ENDPOINT}
 * when set, else {@code WAKE_BIND} (127.0.0.1; a wildcard address means this host) with
 * {@code WAKE_OTLP_GRPC_PORT} (4317) and {@code WAKE_HTTP_PORT} (8080).
 *
 * @param otlpGrpc the OTLP/gRPC endpoint agents export to, e.g. {@code http://127.0.0.1:4317}
 * @param http the query API and UI, e.g. {@code http://127.0.0.1:8080}
 */
record Endpoints(String otlpGrpc, String http) {

  /** Reads the variables; a bad port is named in {@code problems}. */
  static Endpoints from(Map<String, String> env, List<String> problems) {
    String bind = env.getOrDefault("WAKE_BIND", "127.0.0.1").strip();
    String host = bind.isEmpty() || bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]")
        ? "127.0.0.1" : bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    String otel = env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip();
    String grpc = otel.isEmpty() ? "http://" + host + ":" + port(env, "WAKE_OTLP_GRPC_PORT", 4317, problems) : otel;
    return new Endpoints(grpc, "http://" + host + ":" + port(env, "WAKE_HTTP_PORT", 8080, problems));
  }

  /** The endpoints for {@code env}, or an {@link IllegalArgumentException} naming every problem. */
  static Endpoints from(Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    Endpoints endpoints = from(env, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return endpoints;
  }

  private static int port(Map<String, String> env, String name, int fallback, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port >= 1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    problems.add(name + " must be a port (1-65535), not '" + value + "'");
    return fallback;
  }
}
