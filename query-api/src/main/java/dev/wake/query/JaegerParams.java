package dev.wake.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The query string of Jaeger's {@code GET /api/traces}, read as Jaeger's query service reads it:
 * {@code start} and {@code end} in microseconds since the epoch (default: the two days before now),
 * {@code minDuration} and {@code maxDuration} as Go durations ({@code 1.2s}, {@code 100ms},
 * {@code 1h30m}), {@code tags} a JSON object and {@code tag} a {@code key:value} (both repeatable),
 * {@code limit} traces (default 100, 0 the default, at most 1,000). {@code lookback} ({@code 1h},
 * {@code 2d}) sets the start when {@code start} is absent. A bad value is a 400 naming the parameter.
 *
 * <p>Tags Jaeger derives from OTLP fields match those fields: {@code error=true} the status Error,
 * {@code otel.status_code} the status, {@code span.kind} the kind; any other tag matches a span or
 * resource attribute of that value.
 */
final class JaegerParams {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;
  static final int MAX_TAGS = 20;
  static final long DEFAULT_LOOKBACK_NS = 2 * 24 * Params.HOUR_NS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> KINDS = Map.of("server", "Server", "client", "Client",
      "producer", "Producer", "consumer", "Consumer", "internal", "Internal");
  private static final Map<String, String> STATUSES = Map.of("ok", "Ok", "error", "Error", "unset", "Unset");

  private final Map<String, List<String>> query;
  private final long nowNs;

  JaegerParams(Map<String, List<String>> query, long nowNs) {
    this.query = query;
    this.nowNs = nowNs;
  }

  /** The trace ids of {@code traceID} parameters, as stored (32 lowercase hex digits). */
  List<String> traceIds() {
    List<String> ids = new ArrayList<>();
    query.getOrDefault("traceID", List.of()).forEach(id -> ids.add(traceId(id, "query parameter traceID")));
    return ids;
  }

  /** The search the parameters ask for; needs {@code service}. */
  TraceSearch search() {
    String service = text("service");
    if (service == null) {
      throw ApiException.badRequest("parameter 'service' is required", "query parameter service");
    }
    long end = micros("end", nowNs);
    String lookback = text("lookback");
    long start = micros("start", lookback == null || lookback.equals("custom")
        ? end - DEFAULT_LOOKBACK_NS : end - duration("lookback", true));
    if (start > end) {
      throw ApiException.badRequest("'start' must not be after 'end'", "query parameter start");
    }
    long minDuration = text("minDuration") == null ? 0 : duration("minDuration", false);
    long maxDuration = text("maxDuration") == null ? 0 : duration("maxDuration", false);
    if (minDuration > 0 && maxDuration > 0 && maxDuration < minDuration) {
      throw ApiException.badRequest("'maxDuration' should be greater than 'minDuration'", "query parameter maxDuration");
    }
    Map<String, String> attributes = tags();
    String kind = null;
    String status = null;
    if (attributes.containsKey("span.kind")) {
      kind = KINDS.get(attributes.remove("span.kind").toLowerCase(Locale.ROOT));
      if (kind == null) {
        throw ApiException.badRequest("tag span.kind must be one of " + KINDS.keySet(), "query parameter tags");
      }
    }
    if (attributes.containsKey("otel.status_code")) {
      status = STATUSES.get(attributes.remove("otel.status_code").toLowerCase(Locale.ROOT));
      if (status == null) {
        throw ApiException.badRequest("tag otel.status_code must be OK, ERROR or UNSET", "query parameter tags");
      }
    }
    if ("true".equals(attributes.get("error"))) {
      attributes.remove("error");
      if (status != null && !status.equals("Error")) {
        throw ApiException.badRequest("tags error=true and otel.status_code disagree", "query parameter tags");
      }
      status = "Error";
    }
    return new TraceSearch(service, null, text("operation"), kind, status, minDuration, maxDuration, attributes,
        start, end, null, limit());
  }

  private int limit() {
    String value = text("limit");
    if (value == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 0) {
        return limit == 0 ? DEFAULT_LIMIT : Math.min(limit, MAX_LIMIT);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw ApiException.badRequest("unable to parse param 'limit': a number of traces >= 0, got '" + value + "'",
        "query parameter limit");
  }

  private Map<String, String> tags() {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : query.getOrDefault("tag", List.of())) {
      int colon = tag.indexOf(':');
      if (colon < 1) {
        throw ApiException.badRequest("malformed 'tag' parameter, expecting key:value, received: " + tag,
            "query parameter tag");
      }
      tags.put(tag.substring(0, colon), tag.substring(colon + 1));
    }
    for (String json : query.getOrDefault("tags", List.of())) {
      JsonNode object = readTags(json);
      object.fields().forEachRemaining(field -> tags.put(field.getKey(), field.getValue().asText()));
    }
    if (tags.size() > MAX_TAGS) {
      throw ApiException.badRequest("at most " + MAX_TAGS + " tags", "query parameter tags");
    }
    return tags;
  }

  private static JsonNode readTags(String json) {
    try {
      JsonNode object = JSON.readTree(json);
      if (object != null && object.isObject()) {
        boolean scalars = true;
        for (JsonNode value : object) {
          scalars &= value.isValueNode() && !value.isNull();
        }
        if (scalars) {
          return object;
        }
      }
    } catch (JsonProcessingException e) {
      // reported below
    }
    throw ApiException.badRequest("malformed 'tags' parameter: a JSON object of strings such as"
        + " {\"gen_ai.request.model\":\"gpt-4o\"}, got " + json, "query parameter tags");
  }

  private long micros(String name, long defaultNs) {
    String value = text(name);
    if (value == null) {
      return defaultNs;
    }
    try {
      return Math.multiplyExact(Long.parseLong(value), 1_000L);
    } catch (NumberFormatException | ArithmeticException e) {
      throw ApiException.badRequest("unable to parse param '" + name + "': microseconds since the epoch, got '"
          + value + "'", "query parameter " + name);
    }
  }

  private long duration(String name, boolean days) {
    String value = text(name);
    Long ns = GoDuration.nanos(value, days);
    if (ns == null) {
      throw ApiException.badRequest("unable to parse param '" + name + "': a duration such as 1.2s, 100ms or 1h30m"
          + (days ? " (or 2d)" : "") + ", got '" + value + "'", "query parameter " + name);
    }
    return ns;
  }

  /** A trace id as Jaeger writes it (1 to 32 hex digits; shorter ones are the low half) as Wake stores it. */
  static String traceId(String raw, String where) {
    String id = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
    if (!id.matches("[0-9a-f]{1,32}") || id.matches("0+")) {
      throw ApiException.badRequest("a trace id is 1 to 32 hex digits, not all zero; got '" + raw + "'", where);
    }
    return "0".repeat(32 - id.length()) + id;
  }

  private String text(String name) {
    List<String> values = query.get(name);
    String value = values == null || values.isEmpty() ? null : values.get(0);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
