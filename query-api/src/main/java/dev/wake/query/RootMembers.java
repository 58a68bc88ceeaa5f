package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instances under a set of tops by {@code lineage_roots} (schema 010): those whose root the
 * writer recorded as one of the tops, then as one of those, and so on until no new instance
 * appears. Every instance's root is one of its ancestors, so all members are descendants of the
 * tops; a tree written parents first is one round, plus one that finds nothing more. Not every
 * descendant need be a member (an instance whose root lies above the tops, or edges written before
 * schema 010): {@link LineageEdges} walks on from whatever this does not cover. Blocks on
 * ClickHouse; thread-safe.
 */
final class RootMembers {
  /** The most rounds one look-up makes (a round per root recorded before its own parent arrived). */
  static final int MAX_ROUNDS = 64;

  private RootMembers() {}

  /** {@code tops} and their members, at most {@code max} of them (then some members are left out). */
  static Set<String> of(Store db, String tenant, Collection<String> tops, int max) {
    Set<String> members = new LinkedHashSet<>(tops);
    Set<String> frontier = new LinkedHashSet<>(tops);
    for (int round = 0; round < MAX_ROUNDS && !frontier.isEmpty() && members.size() < max; round++) {
      Set<String> next = new LinkedHashSet<>();
      for (List<String> chunk : Instances.chunks(frontier)) {
        for (Table.Row row : db.rows("SELECT DISTINCT Other FROM lineage_roots WHERE TenantId = {tenant:String}"
            + " AND Direction = 'down' AND Id IN " + SqlLiteral.in(chunk), Map.of("tenant", tenant))) {
          if (members.size() < max && members.add(row.str("Other"))) {
            next.add(row.str("Other"));
          }
        }
      }
      frontier = next;
    }
    return members;
  }
}
