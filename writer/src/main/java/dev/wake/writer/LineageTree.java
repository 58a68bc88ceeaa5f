package dev.wake.writer;

import dev.wake.storage.SqlLiteral;
import dev.wake.storage.TreeSnapshotSql;
import dev.wake.writer.ClickHouseStore.StoreException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps {@code lineage_tree} (schema 011): snapshots, under each of their recorded roots, of the
 * instances a lineage write touched, their aggregates merged and their edges both ways, read and
 * inserted by ClickHouse in one statement per tenant ({@link TreeSnapshotSql}). Called after the write's instances, edges
 * and roots are inserted, with the instances of its batches and both ends of its new edges: a
 * snapshot then holds everything inserted before it, and the newest one (its {@code Version} is
 * ClickHouse's clock when it ran) wins. An instance with no root yet gets no row; the write that
 * records its root snapshots it then. Blocks; thread-safe (no state but the store).
 */
final class LineageTree {
  private final ClickHouseStore store;

  LineageTree(ClickHouseStore store) {
    this.store = store;
  }

  /** Snapshots {@code idsByTenant}'s instances under their roots. */
  void snapshot(Map<String, Set<String>> idsByTenant) throws StoreException {
    for (Map.Entry<String, Set<String>> tenant : idsByTenant.entrySet()) {
      for (List<String> chunk : Lineage.chunks(tenant.getValue())) {
        store.execute(TreeSnapshotSql.of(tenant.getKey(), SqlLiteral.in(chunk)));
      }
    }
  }
}
