package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a lineage is missing: references of its instances ({@code lineage_refs}) whose target never
 * arrived. A parent span or linked span is missing when no such span is in {@code otel_traces}
 * (its agent died before exporting, or it is past retention); a parent process is missing when the
 * instance has no parent at all in Wake (no edge of any kind up): that parent was seen only as a
 * {@code process.parent_pid}. A process parent of an instance whose parent is known another way
 * (e.g. a shell or orchestrator between agents) is not a gap.
 *
 * <p>Referenced spans are looked up in {@code otel_traces} only where the lineage's edges do not
 * already prove them: an edge names its child, kind and evidence (the child's span that names the
 * other span) but not the span it was resolved from, so it proves the one reference of that
 * child, kind and evidence; where a span names several (links), they are all looked up. For a
 * 10,000-agent tree this skips the look-up of 10,000 spans (4 statements, ~0.2 s).
 */
final class Gaps {
  /** The most gaps one answer lists. */
  static final int MAX_GAPS = 1_000;
  /** How a gap's {@code missing} names a span: this, then {@code <trace id>/<span id>} ({@link #missingSpan} reads it back). */
  private static final String MISSING_SPAN = "span ";
  private final Store store;

  Gaps(Store store) {
    this.store = store;
  }

  /** The references ({@code lineage_refs}) of {@code instances}, ordered by instance, kind, key and evidence. */
  List<Table.Row> refs(String tenant, Collection<String> instances) {
    List<Table.Row> refs = new ArrayList<>();
    for (List<String> chunk : Instances.chunks(instances)) {
      refs.addAll(store.rows("SELECT DISTINCT InstanceId, Kind, Key, Evidence FROM lineage_refs"
          + " WHERE TenantId = {tenant:String} AND InstanceId IN " + SqlLiteral.in(chunk)
          + " ORDER BY InstanceId, Kind, Key, Evidence LIMIT 100000", Map.of("tenant", tenant)));
    }
    return refs;
  }

  /**
   * @param refs the {@link #refs} of the lineage's instances (this list is changed)
   * @param withParent the lineage's instances with a parent of any kind
   * @param resolved {@link #spanRef}s of the lineage's span edges
   */
  List<Map<String, Object>> of(String tenant, List<Table.Row> refs, Set<String> withParent, Set<String> resolved) {
    Map<String, Integer> named = new HashMap<>();
    refs.forEach(ref -> named.merge(spanRef(ref), 1, Integer::sum));
    refs.removeIf(ref -> named.get(spanRef(ref)) == 1 && resolved.contains(spanRef(ref)));
    List<String> keys = new ArrayList<>();
    refs.forEach(ref -> keys.add(ref.str("Key")));
    Set<String> arrived = SpanArrivals.arrived(store, tenant, keys);
    Map<String, Map<String, Object>> gaps = new LinkedHashMap<>();
    for (Table.Row ref : refs) {
      String key = ref.str("Key");
      String kind = ref.str("Kind");
      String instance = ref.str("InstanceId");
      boolean missing = kind.equals("process") ? !withParent.contains(instance) : !arrived.contains(key);
      if (missing && gaps.size() < MAX_GAPS) {
        gaps.putIfAbsent(instance + '\n' + kind + '\n' + key, gap(instance, kind, key, ref.str("Evidence")));
      }
    }
    return new ArrayList<>(gaps.values());
  }

  /** The span key ({@code s:<trace><span>}) a gap of {@link #of} misses, if it misses a span. */
  static Optional<String> missingSpan(Map<String, Object> gap) {
    String missing = String.valueOf(gap.get("missing"));
    if (gap.get("kind").equals("process") || !missing.startsWith(MISSING_SPAN)) {
      return Optional.empty();
    }
    return Optional.of("s:" + missing.substring(MISSING_SPAN.length()).replace("/", ""));
  }

  /** A span reference or edge of {@code instance}: its kind and the referring span ({@code evidence}). */
  static String spanRef(String instance, String kind, String evidence) {
    return instance + '\n' + kind + '\n' + evidence;
  }

  private static String spanRef(Table.Row ref) {
    return spanRef(ref.str("InstanceId"), ref.str("Kind"), ref.str("Evidence"));
  }

  private static Map<String, Object> gap(String instance, String kind, String key, String evidence) {
    Map<String, Object> gap = new LinkedHashMap<>();
    gap.put("instanceId", instance);
    gap.put("kind", kind);
    String target = key.substring(2);
    switch (kind) {
      case "process" -> {
        gap.put("missing", "process " + target);
        gap.put("reason", "parent process " + target + " sent nothing: it is known only as this agent's"
            + " process.parent_pid (it died before exporting, or does not report to Wake)");
      }
      case "span_link" -> {
        gap.put("missing", MISSING_SPAN + target.substring(0, 32) + "/" + target.substring(32));
        gap.put("reason", "the linked span never arrived (its agent died before exporting, or it is past retention)");
      }
      default -> {
        gap.put("missing", MISSING_SPAN + target.substring(0, 32) + "/" + target.substring(32));
        gap.put("reason", "the parent span never arrived (its agent died before exporting, or it is past retention)");
      }
    }
    gap.put("evidence", evidence);
    return gap;
  }
}
