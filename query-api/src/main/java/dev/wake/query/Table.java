package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A query result as ClickHouse's {@code JSONCompact} format gives it: typed columns and rows of JSON
 * values. Immutable once built.
 *
 * @param columns column names and ClickHouse types, in order
 * @param rows one array of values per row, in column order
 * @param elapsedMs ClickHouse's own elapsed time
 */
record Table(List<Column> columns, List<JsonNode> rows, double elapsedMs) {

  /** A result column: its name and ClickHouse type. */
  record Column(String name, String type) {}

  static Table of(JsonNode json) {
    List<Column> columns = new ArrayList<>();
    json.path("meta").forEach(c -> columns.add(new Column(c.path("name").asText(), c.path("type").asText())));
    List<JsonNode> rows = new ArrayList<>();
    json.path("data").forEach(rows::add);
    return new Table(List.copyOf(columns), List.copyOf(rows), json.path("statistics").path("elapsed").asDouble() * 1000);
  }

  /** Rows with values looked up by column name. */
  List<Row> named() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < columns.size(); i++) {
      index.put(columns.get(i).name(), i);
    }
    List<Row> out = new ArrayList<>(rows.size());
    rows.forEach(values -> out.add(new Row(index, values)));
    return out;
  }

  /** One row; a missing column reads as null, empty or 0. */
  record Row(Map<String, Integer> index, JsonNode values) {
    JsonNode get(String column) {
      Integer i = index.get(column);
      return i == null ? null : values.get(i);
    }

    String str(String column) {
      JsonNode value = get(column);
      return value == null || value.isNull() ? "" : value.asText();
    }

    long lng(String column) {
      JsonNode value = get(column);
      return value == null || value.isNull() ? 0 : value.asLong();
    }

    double dbl(String column) {
      JsonNode value = get(column);
      return value == null || value.isNull() ? 0 : value.asDouble();
    }
  }
}
