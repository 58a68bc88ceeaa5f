package dev.wake.writer;

import com.clickhouse.client.api.query.GenericRecord;
import dev.wake.storage.SqlLiteral;
import dev.wake.writer.ClickHouseStore.StoreException;
import dev.wake.writer.Lineage.Edge;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code lineage_roots} (schema 010): for each child of a batch's edges, the roots its
 * parent had (the parent's own rows), else the parent itself. Whatever the order edges arrive in,
 * an instance's root is one of its ancestors, so a tree is the closure of its root's members (the
 * query API reads that closure instead of walking the tree level by level). Parents and children
 * in the same batch do not see each other's new roots: the closure is then one step longer, never
 * wrong. Blocks; thread-safe (no state but the store).
 */
final class LineageRoots {
  static final String TABLE = "lineage_roots";

  private final ClickHouseStore store;
  private final Schema schema;

  LineageRoots(ClickHouseStore store, Schema schema) {
    this.store = store;
    this.schema = schema;
  }

  /**
   * The roots recorded for {@code ids} (tenant -> instance ids), by {@code tenant + '\n' + id};
   * an instance with none is absent.
   */
  Map<String, Set<String>> recorded(Map<String, Set<String>> ids) throws StoreException {
    Map<String, Set<String>> rootsOf = new HashMap<>();
    for (Map.Entry<String, Set<String>> tenant : ids.entrySet()) {
      for (List<String> chunk : Lineage.chunks(tenant.getValue())) {
        for (GenericRecord row : store.query("SELECT DISTINCT Id, Other FROM " + TABLE + " WHERE TenantId = "
            + SqlLiteral.quote(tenant.getKey()) + " AND Direction = 'up' AND Id IN " + SqlLiteral.in(chunk))) {
          rootsOf.computeIfAbsent(tenant.getKey() + '\n' + row.getString("Id"), k -> new LinkedHashSet<>())
              .add(row.getString("Other"));
        }
      }
    }
    return rootsOf;
  }

  /**
   * The rows for {@code edges}' children (both directions), from their parents' {@link #recorded}
   * roots ({@code rootsOf}, which must hold every parent looked up); none for an edge whose child
   * would be its own root (a cycle in bad data). Each child's new roots are added to {@code added}
   * (by {@code tenant + '\n' + child}).
   */
  Rows rows(Collection<Edge> edges, Map<String, Set<String>> rootsOf, Map<String, Set<String>> added) {
    Rows rows = new Rows(schema.table(TABLE));
    for (Edge edge : edges) {
      Set<String> roots = rootsOf.getOrDefault(edge.tenant() + '\n' + edge.parent(), Set.of(edge.parent()));
      for (String root : roots) {
        if (!root.equals(edge.child())
            && added.computeIfAbsent(edge.tenant() + '\n' + edge.child(), k -> new LinkedHashSet<>()).add(root)) {
          row(rows, edge, "up", edge.child(), root);
          row(rows, edge, "down", root, edge.child());
        }
      }
    }
    return rows;
  }

  /** {@code ids} (instance ids of each tenant) and both ends of {@code edges}, ready for {@link #recorded}. */
  static Map<String, Set<String>> toLookUp(Map<String, Set<String>> ids, Collection<Edge> edges) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    ids.forEach((tenant, set) -> out.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).addAll(set));
    for (Edge edge : edges) {
      Set<String> set = out.computeIfAbsent(edge.tenant(), t -> new LinkedHashSet<>());
      set.add(edge.parent());
      set.add(edge.child());
    }
    return out;
  }

  private static void row(Rows rows, Edge edge, String direction, String id, String other) {
    rows.begin().str("TenantId", edge.tenant()).str("Direction", direction).str("Id", id).str("Other", other)
        .time("Seen", edge.seenNanos()).end();
  }
}
