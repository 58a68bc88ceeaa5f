package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import dev.wake.storage.TraceBounds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which spans named by lineage references ({@code s:<trace id><span id>}, 50 characters) are in
 * {@code otel_traces}: a span that is not never arrived (its agent died before exporting it) or is
 * past retention. Read within the traces' lives ({@link TraceBounds}), not across every part.
 * Looked up {@value #CHUNK} keys per statement, so that any number of keys stays
 * under ClickHouse's {@code max_query_size}. Blocks on ClickHouse; thread-safe.
 */
final class SpanArrivals {
  static final int CHUNK = 2_000;
  private static final int KEY_LENGTH = 50;

  private SpanArrivals() {}

  /** Whether {@code key} names a span ({@code s:} then a 32-character trace id and a 16-character span id). */
  static boolean isSpanKey(String key) {
    return key.startsWith("s:") && key.length() == KEY_LENGTH;
  }

  /** The span keys among {@code keys} whose span is in {@code tenant}'s {@code otel_traces}. */
  static Set<String> arrived(Store db, String tenant, Collection<String> keys) {
    List<String> spanKeys = new ArrayList<>(new LinkedHashSet<>(keys));
    spanKeys.removeIf(key -> !isSpanKey(key));
    Set<String> arrived = new HashSet<>();
    for (int from = 0; from < spanKeys.size(); from += CHUNK) {
      Set<String> traces = new LinkedHashSet<>();
      Set<String> spans = new LinkedHashSet<>();
      for (String key : spanKeys.subList(from, Math.min(spanKeys.size(), from + CHUNK))) {
        traces.add(key.substring(2, 34));
        spans.add(key.substring(34));
      }
      for (Table.Row row : db.rows("SELECT DISTINCT TraceId, SpanId FROM otel_traces WHERE TenantId = {tenant:String}"
          + " AND TraceId IN " + SqlLiteral.tuple(traces) + " AND SpanId IN " + SqlLiteral.tuple(spans)
          + " AND " + TraceBounds.of(traces),
          Map.of("tenant", tenant))) {
        arrived.add("s:" + row.str("TraceId") + row.str("SpanId"));
      }
    }
    return arrived;
  }
}
