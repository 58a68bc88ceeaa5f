package dev.wake.writer;

import com.clickhouse.client.api.query.GenericRecord;
import dev.wake.storage.SqlLiteral;
import dev.wake.writer.ClickHouseStore.StoreException;
import dev.wake.writer.LineageFacts.Key;
import dev.wake.writer.LineageFacts.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which of a batch's open span references can have an owner at all, before the costly look-up of
 * their spans in {@code otel_traces} (point reads of random traces: ~0.1-0.2 s for a few hundred).
 * A span reference {@code (instance, trace, span)} can only tie to another instance's span of
 * that trace, so it is kept when {@code trace_summaries} (one narrow row per trace, kept by a view
 * of every span insert) counts two or more instances in the trace, or one that may not be the
 * referring instance (it has no span of this batch in the trace). A trace that only the referring
 * instance has written to so far is skipped: the common case of a child whose parent's spans have
 * not arrived yet.
 *
 * <p>Nothing is lost by skipping: this batch's spans are stored before lineage runs, and its
 * references before any look-up, so a span of another instance stored after the count is one
 * whose own batch looks its references' keys up afterwards ({@link Lineage}: keys to references)
 * and finds this one. Blocks; thread-safe (no state but the store).
 */
final class SharedTraces {
  static final String SUMMARIES = "trace_summaries";

  private final ClickHouseStore store;

  SharedTraces(ClickHouseStore store) {
    this.store = store;
  }

  /**
   * Of {@code refs} (span references of one tenant), those whose trace another instance may have
   * written to; {@code batchKeys} are the batch's keys (for which instances wrote to which trace).
   */
  List<Ref> mayResolve(String tenant, List<Ref> refs, Iterable<Key> batchKeys) throws StoreException {
    Set<String> traces = new LinkedHashSet<>();
    refs.forEach(ref -> traces.add(ref.group()));
    Map<String, Long> instances = new HashMap<>();
    for (List<String> chunk : Lineage.chunks(traces)) {
      for (GenericRecord row : store.query("SELECT TraceId, uniqExactIfMerge(Instances) AS Instances FROM "
          + SUMMARIES + " WHERE TenantId = " + SqlLiteral.quote(tenant) + " AND TraceId IN " + SqlLiteral.in(chunk)
          + " GROUP BY TraceId")) {
        instances.put(row.getString("TraceId"), row.getLong("Instances"));
      }
    }
    Set<String> writers = new HashSet<>(); // trace + instance, for this batch's spans
    for (Key key : batchKeys) {
      if (key.tenant().equals(tenant) && key.key().startsWith(Lineage.SPAN_KEY)) {
        writers.add(key.group() + '\n' + key.instanceId());
      }
    }
    List<Ref> kept = new ArrayList<>();
    for (Ref ref : refs) {
      long count = instances.getOrDefault(ref.group(), 0L);
      if (count >= 2 || (count == 1 && !writers.contains(ref.group() + '\n' + ref.instanceId()))) {
        kept.add(ref);
      }
    }
    return kept;
  }
}
