package dev.wake.query;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Time series in the API's shape, from rows of one point each ({@code PointTime}, the bucket's
 * first second; {@code PointValue}) sorted by series, then time. A series is
 * <pre>
 *   {"group": "node-1/GPU-8f2a", "host": "node-1", "gpu": "GPU-8f2a", ...other labels,
 *    "points": [{"t": "2026-11-23T14:00:00.000000000Z", "value": 0.42}, ...]}
 * </pre>
 * where {@code group} is the group's labels joined by {@code /} (empty ones left out), and buckets
 * without data have no point (they are not zero).
 */
final class Series {
  /** The most points one answer carries; more sets {@code truncated}. */
  static final int MAX_POINTS = 100_000;
  /** The agent of a resource: {@code gen_ai.agent.name}, else the service. */
  static final String AGENT = "if(ResourceAttributes['gen_ai.agent.name'] != '', ResourceAttributes['gen_ai.agent.name'],"
      + " ServiceName)";

  /**
   * A label of a series: its JSON name (also its SQL alias) and the SQL expression it is read from.
   */
  record Label(String name, String sql) {}

  private Series() {}

  /** {@code expr AS name, ...} of {@code labels}. */
  static String select(List<Label> labels) {
    List<String> out = new ArrayList<>();
    labels.forEach(label -> out.add(label.sql() + " AS " + label.name()));
    return String.join(", ", out);
  }

  /** {@code name, ...} of {@code labels}. */
  static String names(List<Label> labels) {
    List<String> out = new ArrayList<>();
    labels.forEach(label -> out.add(label.name()));
    return String.join(", ", out);
  }

  /**
   * Series of {@code rows}: a new series begins where a column of {@code group} or {@code more}
   * changes; {@code more} are copied as they are (strings, booleans). {@code integral} values are
   * written as whole numbers. Reads at most {@link #MAX_POINTS} rows.
   */
  static List<Map<String, Object>> of(List<Table.Row> rows, List<Label> group, List<String> more, boolean integral) {
    List<Map<String, Object>> out = new ArrayList<>();
    List<Object> key = null;
    List<Map<String, Object>> points = null;
    for (Table.Row row : rows.subList(0, Math.min(rows.size(), MAX_POINTS))) {
      List<Object> rowKey = new ArrayList<>();
      group.forEach(label -> rowKey.add(row.str(label.name())));
      more.forEach(column -> rowKey.add(row.get(column)));
      if (!Objects.equals(rowKey, key)) {
        key = rowKey;
        points = new ArrayList<>();
        out.add(series(row, group, more, points));
      }
      Map<String, Object> point = new LinkedHashMap<>();
      point.put("t", Times.format(row.lng("PointTime") * 1_000_000_000L));
      point.put("value", integral ? (Object) Math.round(row.dbl("PointValue")) : (Object) row.dbl("PointValue"));
      points.add(point);
    }
    return out;
  }

  private static Map<String, Object> series(Table.Row row, List<Label> group, List<String> more,
      List<Map<String, Object>> points) {
    Map<String, Object> series = new LinkedHashMap<>();
    List<String> parts = new ArrayList<>();
    group.forEach(label -> {
      if (!row.str(label.name()).isEmpty()) {
        parts.add(row.str(label.name()));
      }
    });
    series.put("group", String.join("/", parts));
    group.forEach(label -> series.put(label.name(), row.str(label.name())));
    more.forEach(column -> series.put(column, row.get(column)));
    series.put("points", points);
    return series;
  }

  /** The rows of {@code sql}, at most one more than {@link #MAX_POINTS}, to tell truncation. */
  static List<Table.Row> read(Store store, String sql, Map<String, Object> params) {
    Map<String, Object> withLimit = new LinkedHashMap<>(params);
    withLimit.put("maxRows", MAX_POINTS + 1);
    return store.rows(sql + "\nLIMIT {maxRows:UInt32}", withLimit);
  }

  /**
   * The answer: {@code start}, {@code end}, {@code stepSeconds}, {@code groupBy}, then
   * {@code fields} in order, {@code series} of {@code rows} and {@code truncated} (points past
   * {@link #MAX_POINTS} were left out).
   */
  static Map<String, Object> body(Buckets buckets, String groupBy, Map<String, Object> fields,
      List<Table.Row> rows, List<Map<String, Object>> series) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("start", Times.format(buckets.startNs()));
    body.put("end", Times.format(buckets.endNs()));
    body.put("stepSeconds", buckets.stepSeconds());
    body.put("groupBy", groupBy);
    body.putAll(fields);
    body.put("series", series);
    body.put("truncated", rows.size() > MAX_POINTS);
    return body;
  }
}
