package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances the writer recorded in {@code lineage_roots} (schema 010) with one of a set of
 * instances as their root. Every instance's root is one of its ancestors, so they are all
 * descendants of that set; {@link LineageEdges} asks again with what it found until every child of
 * what it found is found too. Blocks on ClickHouse; thread-safe.
 */
final class RootMembers {
  /** The most rounds {@link LineageEdges} asks (a round per root recorded before its own parent arrived). */
  static final int MAX_ROUNDS = 64;

  private RootMembers() {}

  /** The instances recorded under one of {@code roots}. */
  static Set<String> under(Store db, String tenant, Collection<String> roots) {
    Set<String> out = new LinkedHashSet<>();
    for (List<String> chunk : Instances.chunks(roots)) {
      for (Table.Row row : db.rows("SELECT DISTINCT Other FROM lineage_roots WHERE TenantId = {tenant:String}"
          + " AND Direction = 'down' AND Id IN " + SqlLiteral.in(chunk), Map.of("tenant", tenant))) {
        out.add(row.str("Other"));
      }
    }
    return out;
  }
}
