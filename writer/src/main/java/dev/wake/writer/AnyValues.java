package dev.wake.writer;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OTLP attribute values as the strings stored in ClickHouse's {@code Map(String, String)} columns,
 * as the OpenTelemetry Collector's ClickHouse exporter stores them: strings as they are, numbers
 * and booleans in decimal text, bytes as base64, arrays and maps as JSON.
 */
final class AnyValues {
  private AnyValues() {}

  /** The attributes as an ordered map; a repeated key keeps its last value. */
  static Map<String, String> map(List<KeyValue> attributes) {
    Map<String, String> map = new LinkedHashMap<>(attributes.size() * 2);
    for (KeyValue kv : attributes) {
      map.put(kv.getKey(), asString(kv.getValue()));
    }
    return map;
  }

  /** One attribute's value, or null when the attribute is absent. */
  static String find(List<KeyValue> attributes, String key) {
    for (KeyValue kv : attributes) {
      if (kv.getKey().equals(key)) {
        return asString(kv.getValue());
      }
    }
    return null;
  }

  static String asString(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BYTES_VALUE -> java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray());
      case ARRAY_VALUE, KVLIST_VALUE -> {
        StringBuilder json = new StringBuilder();
        json(json, value);
        yield json.toString();
      }
      case VALUE_NOT_SET -> "";
    };
  }

  private static void json(StringBuilder to, AnyValue value) {
    switch (value.getValueCase()) {
      case STRING_VALUE -> quote(to, value.getStringValue());
      case BOOL_VALUE -> to.append(value.getBoolValue());
      case INT_VALUE -> to.append(value.getIntValue());
      case DOUBLE_VALUE -> {
        double d = value.getDoubleValue();
        if (Double.isFinite(d)) {
          to.append(d);
        } else {
          quote(to, Double.toString(d));
        }
      }
      case BYTES_VALUE -> quote(to, java.util.Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
      case ARRAY_VALUE -> {
        to.append('[');
        List<AnyValue> values = value.getArrayValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            to.append(',');
          }
          json(to, values.get(i));
        }
        to.append(']');
      }
      case KVLIST_VALUE -> {
        to.append('{');
        List<KeyValue> values = value.getKvlistValue().getValuesList();
        for (int i = 0; i < values.size(); i++) {
          if (i > 0) {
            to.append(',');
          }
          quote(to, values.get(i).getKey());
          to.append(':');
          json(to, values.get(i).getValue());
        }
        to.append('}');
      }
      case VALUE_NOT_SET -> to.append("null");
    }
  }

  /** Lowercase hex of an OTLP id; empty for an empty id. */
  static String hex(com.google.protobuf.ByteString id) {
    return id.isEmpty() ? "" : HexFormat.of().formatHex(id.toByteArray());
  }

  /** Appends {@code value} as a JSON string. */
  private static void quote(StringBuilder to, String value) {
    to.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> to.append("\\\"");
        case '\\' -> to.append("\\\\");
        case '\n' -> to.append("\\n");
        case '\r' -> to.append("\\r");
        case '\t' -> to.append("\\t");
        default -> {
          if (c < 0x20) {
            to.append(String.format("\\u%04x", (int) c));
          } else {
            to.append(c);
          }
        }
      }
    }
    to.append('"');
  }
}
