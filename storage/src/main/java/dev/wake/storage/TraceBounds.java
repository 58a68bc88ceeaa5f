package dev.wake.storage;

import java.util.Collection;

/**
 * When a set of traces lived, from the trace-id table ({@code otel_traces_trace_id_ts}, whole
 * seconds), as a condition on {@code otel_traces.Timestamp}, so that span reads touch only the
 * days (partitions) and, within each service and span name, the seconds (primary key) the traces
 * lived. The bounds are one scalar subquery (a tuple, aliased {@value #ALIAS}, so the id list is
 * written once): ClickHouse computes it before it picks parts and granules, so a trace is read in
 * one statement; use it once per statement. For traces the table does not know, the bounds
 * are the epoch's first second, which holds no span: the read finds nothing.
 *
 * <p>The bounds are compared as {@code DateTime64}: ClickHouse 26.5 (chDB) skipped granules holding
 * matching rows when the {@code DateTime64(9)} column was compared with a {@code DateTime} value
 * and skip indexes were on ({@code Timestamp < toDateTime(x)} found nothing where
 * {@code Timestamp < toDateTime64(x, 9)} found the row; seen in QueryApiIT, reproduced by hand).
 */
public final class TraceBounds {
  static final String ALIAS = "wake_trace_bounds";
  private static final String CONDITION = "Timestamp >= toDateTime64(((SELECT (min(Start), max(End))"
      + " FROM otel_traces_trace_id_ts WHERE TraceId IN %s) AS " + ALIAS + ").1, 9)"
      + " AND Timestamp < toDateTime64(" + ALIAS + ".2 + 1, 9)";

  private TraceBounds() {}

  /** The SQL condition that {@code Timestamp} lies within the lives of {@code traceIds} (valid ids, not empty). */
  public static String of(Collection<String> traceIds) {
    return String.format(CONDITION, SqlLiteral.tuple(traceIds));
  }
}
