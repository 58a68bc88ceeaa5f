package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import java.util.Collection;
import java.util.Map;

/**
 * When a set of traces lived, from the trace-id table ({@code otel_traces_trace_id_ts}, whole
 * seconds), so that span reads touch only those days' parts and granules.
 *
 * <p>The bounds are compared as {@code DateTime64}: ClickHouse 26.5 (chDB) skipped granules holding
 * matching rows when the {@code DateTime64(9)} column was compared with a {@code DateTime} value
 * and skip indexes were on ({@code Timestamp < toDateTime(x)} found nothing where
 * {@code Timestamp < toDateTime64(x, 9)} found the row; seen in QueryApiIT, reproduced by hand).
 *
 * @param fromSecond first second (inclusive)
 * @param toSecond last second (inclusive; spans before {@code toSecond + 1} qualify)
 */
record TraceBounds(long fromSecond, long toSecond) {

  /** The SQL condition on {@code Timestamp}, with parameters {@code fromSecond} and {@code toSecond}. */
  static final String CONDITION =
      "Timestamp >= toDateTime64({fromSecond:UInt32}, 9) AND Timestamp < toDateTime64({toSecond:UInt32} + 1, 9)";

  /** Bounds of {@code traceIds}, or null when none of them is known. */
  static TraceBounds of(Store store, Collection<String> traceIds) {
    Table.Row row = store.rows("SELECT count() AS Found, toUnixTimestamp(min(Start)) AS FromSecond,"
        + " toUnixTimestamp(max(End)) AS ToSecond FROM otel_traces_trace_id_ts WHERE TraceId IN "
        + SqlLiteral.tuple(traceIds), Map.of()).get(0);
    return row.lng("Found") == 0 ? null : new TraceBounds(row.lng("FromSecond"), row.lng("ToSecond"));
  }

  void addTo(Map<String, Object> params) {
    params.put("fromSecond", fromSecond);
    params.put("toSecond", toSecond);
  }
}
