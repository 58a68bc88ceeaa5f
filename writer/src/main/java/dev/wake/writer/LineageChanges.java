package dev.wake.writer;

import dev.wake.writer.Lineage.Edge;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code lineage_changes} keys (schema 011) of one lineage write: which trees it changed, so
 * that the query API knows when a lineage answer it kept is out of date. For every instance whose
 * rows were written and both ends of every new edge: the instance's roots (recorded before this
 * write, and added by it), or the instance itself when it has none; a new edge's child also stands
 * for itself (a tree's root that just got a parent). And for every reference left unresolved,
 * {@code g:} + the trace it names (a span reference) or the process ({@code p:<host>/<pid>}): an
 * instance that may hang under a dead agent whose other children are in a kept answer.
 *
 * <p>Correct only when the roots were looked up <em>after</em> the write's rows were inserted: an
 * answer built after those rows became visible includes them; one built before has its keys among
 * the roots seen then, which the look-up also sees (roots are only ever added). The rows' time is
 * ClickHouse's own ({@code DEFAULT now64(9)}), the clock answers are built by. Not thread-safe.
 */
final class LineageChanges {
  static final String TABLE = "lineage_changes";
  static final String UNRESOLVED = "g:";

  /** tenant -> keys. */
  private final Map<String, Set<String>> keys = new LinkedHashMap<>();
  private final Map<String, Set<String>> recorded;
  private final Map<String, Set<String>> added;

  /**
   * @param recorded roots recorded before this write ({@link LineageRoots#recorded}), by {@code tenant + '\n' + id}
   * @param added roots this write added, same keys
   */
  LineageChanges(Map<String, Set<String>> recorded, Map<String, Set<String>> added) {
    this.recorded = recorded;
    this.added = added;
  }

  /** An instance whose rows were written, or the parent of a new edge. */
  LineageChanges instance(String tenant, String id) {
    Set<String> roots = roots(tenant, id);
    set(tenant).addAll(roots.isEmpty() ? Set.of(id) : roots);
    return this;
  }

  /** The ends of new edges. */
  LineageChanges edges(Collection<Edge> edges) {
    for (Edge edge : edges) {
      instance(edge.tenant(), edge.parent());
      set(edge.tenant()).add(edge.child());
      set(edge.tenant()).addAll(roots(edge.tenant(), edge.child()));
    }
    return this;
  }

  /** What an unresolved reference names: a trace id (span references) or a process ({@code p:<host>/<pid>}). */
  LineageChanges unresolved(String tenant, String target) {
    set(tenant).add(UNRESOLVED + target);
    return this;
  }

  /** tenant -> the keys recorded so far. */
  Map<String, Set<String>> keys() {
    return keys;
  }

  /** The rows to insert (their time left to ClickHouse). */
  Rows rows(Schema schema) {
    Rows rows = new Rows(schema.table(TABLE));
    keys.forEach((tenant, set) -> set.forEach(key -> rows.begin().str("TenantId", tenant).str("Key", key).end()));
    return rows;
  }

  private Set<String> roots(String tenant, String id) {
    Set<String> out = new LinkedHashSet<>(recorded.getOrDefault(tenant + '\n' + id, Set.of()));
    out.addAll(added.getOrDefault(tenant + '\n' + id, Set.of()));
    return out;
  }

  private Set<String> set(String tenant) {
    return keys.computeIfAbsent(tenant, t -> new LinkedHashSet<>());
  }
}
