package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import dev.wake.storage.TraceBounds;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The edges {@link LineageWalk} follows: the rows of {@code lineage_edges}, and bridges across
 * agents that died before exporting anything.
 *
 * <p>A dead agent is known only from what its children say: their {@code process.parent_pid} and
 * the span they name as parent or link target. When an instance has no parent in Wake but both an
 * unresolved parent process ({@code p:<host>/<pid>}) and an unresolved parent or linked span, the
 * walk goes through a <em>ghost</em> node {@code ghost:p:<host>/<pid>} (edge kind {@code process}),
 * whose own parent is inferred as the instance owning the earliest span of the trace the missing span
 * belongs to (edge kind {@code trace}, evidence that trace id) when that trace holds spans of
 * others than the ghost's children. An instance with only a parent pid (e.g. started by a shell)
 * gets no ghost. Ghosts are found walking up, and walking down through {@link #deadChildren}
 * (from the references into a live agent's traces).
 *
 * <p>The walk asks level by level, but the edges are read ahead: the first time an instance is
 * asked for in a direction, one recursive statement ({@code WITH RECURSIVE}, over the hashed copy
 * of the edges in {@code lineage_walk}) finds everything reachable from it in that direction, up
 * to {@link #LEVELS_PER_READ} levels, and one more reads their edges by key; later levels are
 * answered from memory. A statement's levels are deduplicated by instance, so its rows
 * stay bounded by the edges it reaches per level; a cycle in bad data repeats until the level cap,
 * which is why the cap is small. Before the first read down, the down edges of the start's
 * members in {@code lineage_roots} ({@link RootMembers}) are read, a round of members and their
 * edges at a time: a tree whose root the writer knew is then read by two statements instead of a
 * recursive step per level; whatever it leaves out is read as above. The first level's reads up
 * and down run side by side ({@link SideReads}; they fill separate caches). Blocks on ClickHouse;
 * one instance per request.
 */
final class LineageEdges implements LineageWalk.Edges {
  static final String GHOST = "ghost:";
  /** The most levels one recursive read goes down or up; deeper chains take another read. */
  static final int LEVELS_PER_READ = 64;
  /**
   * The instances reachable from a set of instances in one direction, as {@code lineage_walk}'s
   * hashes, each with the level it is first reached at: the set itself at level 0, their edges'
   * other ends at 1, and so on (each level is deduplicated, so a cycle repeats only until the
   * cap). Formatted with the direction, the start array and the level cap.
   */
  private static final String WALK_SQL = """
      WITH RECURSIVE walk AS (
        SELECT DISTINCT Other AS Node, 1 AS Level
        FROM lineage_walk
        WHERE TenantId = {tenant:String} AND Direction = '%1$s'
          AND Id IN (SELECT arrayJoin(arrayMap(x -> cityHash64(x), %2$s)))
        UNION ALL
        SELECT DISTINCT e.Other, w.Level + 1
        FROM lineage_walk AS e
        INNER JOIN walk AS w ON e.Id = w.Node
        WHERE e.TenantId = {tenant:String} AND e.Direction = '%1$s'
          AND e.Id IN (SELECT Node FROM walk) AND w.Level < %3$d)
      SELECT toString(Node) AS Node, min(Level) AS Level
      FROM (
        SELECT arrayJoin(arrayMap(x -> cityHash64(x), %2$s)) AS Node, 0 AS Level
        UNION ALL
        SELECT Node, Level FROM walk)
      GROUP BY Node""";
  /**
   * The edges of instances given as {@code lineage_walk} hashes, with their ids, by primary key
   * (a join on the walk itself read the whole direction of the table: ~2M rows for a walk that
   * found nothing). Formatted with the direction and the hashes.
   */
  private static final String EDGES_OF_SQL = """
      SELECT DISTINCT toString(Id) AS Id, InstanceId, OtherInstanceId, Kind, Evidence
      FROM lineage_walk
      WHERE TenantId = {tenant:String} AND Direction = '%1$s' AND Id IN (%2$s)""";

  private final Store db;
  private final String tenant;
  /** Ghost key -> the missing spans' traces its children name. */
  private final Map<String, Set<String>> ghostTraces = new HashMap<>();
  /** Ghost -> its children, read once (both inferring its parent and walking down from it need them). */
  private final Map<String, List<LineageWalk.Edge>> childrenOfGhosts = new HashMap<>();
  /** Instance -> its edges up (to parents) and down (to children), for every instance read so far. */
  private final Map<String, List<LineageWalk.Edge>> up = new HashMap<>();
  private final Map<String, List<LineageWalk.Edge>> down = new HashMap<>();
  private final int levelsPerRead;
  private final int maxNodes;
  private boolean membersRead;

  /**
   * Edges of {@code tenant}'s lineage; a walk of at most {@code maxDepth} levels reads no further
   * ahead, and one of at least {@link #LEVELS_PER_READ} reads the start's members first, up to
   * {@code maxNodes} of them.
   */
  LineageEdges(Store db, String tenant, int maxDepth, int maxNodes) {
    this.db = db;
    this.tenant = tenant;
    this.levelsPerRead = Math.max(1, Math.min(LEVELS_PER_READ, maxDepth));
    this.maxNodes = maxNodes;
    this.membersRead = maxDepth < LEVELS_PER_READ;
  }

  static boolean isGhost(String id) {
    return id.startsWith(GHOST);
  }

  @Override
  public List<LineageWalk.Edge> of(Set<String> upFrom, Set<String> downFrom) {
    Set<String> realUp = real(upFrom);
    Set<String> realDown = real(downFrom);
    List<LineageWalk.Edge> out = new ArrayList<>();
    Set<String> hasParent = new HashSet<>();
    if (unread(realUp, up) && unread(realDown, down)) {
      // Both directions to read (a walk's first level): the up read runs beside the down one.
      CompletableFuture<Void> upRead = SideReads.start(() -> {
        readAhead(realUp, true);
        return null;
      });
      readAhead(realDown, false);
      SideReads.join(upRead);
    } else {
      readAhead(realUp, true);
      readAhead(realDown, false);
    }
    for (String child : realUp) {
      List<LineageWalk.Edge> parents = up.get(child);
      out.addAll(parents);
      if (!parents.isEmpty()) {
        hasParent.add(child);
      }
    }
    realDown.forEach(parent -> out.addAll(down.get(parent)));
    Set<String> orphans = new LinkedHashSet<>(realUp);
    orphans.removeAll(hasParent);
    if (!orphans.isEmpty()) {
      out.addAll(ghostParents(orphans));
    }
    for (String ghost : upFrom) {
      if (isGhost(ghost)) {
        out.addAll(inferredParents(ghost));
      }
    }
    for (String ghost : downFrom) {
      if (isGhost(ghost)) {
        out.addAll(ghostChildren(ghost));
      }
    }
    return out;
  }

  /**
   * The span edges ({@code parent_span}, {@code span_link}) read so far, as {@link Gaps#spanRef}s
   * of their child, kind and evidence (the child's span that names the other span): the writer
   * resolved each from a span that arrived.
   */
  Set<String> resolvedSpanRefs() {
    Set<String> out = new HashSet<>();
    for (Map<String, List<LineageWalk.Edge>> cache : List.of(up, down)) {
      cache.values().forEach(edges -> edges.forEach(edge -> {
        if (!edge.kind().equals("process")) {
          out.add(Gaps.spanRef(edge.child(), edge.kind(), edge.evidence()));
        }
      }));
    }
    return out;
  }

  /** The instances among {@code ids} that have a parent: an edge up of any kind. */
  Set<String> withParent(Collection<String> ids) {
    Set<String> out = new HashSet<>();
    for (List<String> chunk : Instances.chunks(ids)) {
      db.rows("SELECT DISTINCT InstanceId FROM lineage_edges WHERE TenantId = {tenant:String} AND InstanceId IN "
          + SqlLiteral.in(chunk) + " AND Direction = 'up'", Map.of("tenant", tenant))
          .forEach(row -> out.add(row.str("InstanceId")));
    }
    return out;
  }

  /**
   * Agents that died under {@code parents}, found from below: instances not in the lineage yet
   * ({@code known}) that refer to a span of one of {@code traces} (the parents' traces), have no
   * parent, and get a ghost ({@link #ghostParents}) whose inferred parent is one of
   * {@code parents}. Returns those parent -> ghost edges (kind {@code trace}); walking down from a
   * ghost then reaches its children.
   */
  List<LineageWalk.Edge> deadChildren(Set<String> parents, Set<String> traces, Set<String> known) {
    Set<String> candidates = new LinkedHashSet<>();
    for (List<String> chunk : Instances.chunks(traces)) {
      for (Table.Row row : db.rows("SELECT DISTINCT InstanceId FROM lineage_refs WHERE TenantId = {tenant:String}"
          + " AND KeyGroup IN " + SqlLiteral.in(chunk) + " AND Kind IN ('parent_span', 'span_link')",
          Map.of("tenant", tenant))) {
        if (!known.contains(row.str("InstanceId"))) {
          candidates.add(row.str("InstanceId"));
        }
      }
    }
    candidates.removeAll(withParent(candidates));
    Set<String> ghosts = new LinkedHashSet<>();
    if (!candidates.isEmpty()) {
      ghostParents(candidates).forEach(edge -> ghosts.add(edge.parent()));
    }
    List<LineageWalk.Edge> out = new ArrayList<>();
    for (String ghost : ghosts) {
      for (LineageWalk.Edge edge : inferredParents(ghost)) {
        if (parents.contains(edge.parent())) {
          out.add(edge);
        }
      }
    }
    return out;
  }

  private static boolean unread(Set<String> from, Map<String, List<LineageWalk.Edge>> cache) {
    return from.stream().anyMatch(id -> !cache.containsKey(id));
  }

  /**
   * Reads the edges of {@code from}'s instances not read yet in that direction, and of all they
   * reach within {@link #levelsPerRead} levels. An instance counts as read once its level was
   * expanded, even with no edge; instances first reached at the cap are read by a later call.
   */
  private void readAhead(Set<String> from, boolean upward) {
    if (!upward && !membersRead && !from.isEmpty()) {
      membersRead = true;
      readMembers(from);
    }
    Map<String, List<LineageWalk.Edge>> cache = upward ? up : down;
    List<String> unread = from.stream().filter(id -> !cache.containsKey(id)).toList();
    for (List<String> chunk : Instances.chunks(unread)) {
      Map<String, List<LineageWalk.Edge>> read = new HashMap<>();
      chunk.forEach(id -> read.put(id, new ArrayList<>()));
      Set<String> expanded = new HashSet<>();
      String direction = upward ? "up" : "down";
      Map<String, Long> levels = new HashMap<>();
      for (Table.Row row : db.rows(String.format(WALK_SQL, direction, SqlLiteral.array(chunk), levelsPerRead),
          Map.of("tenant", tenant))) {
        String node = row.str("Node");
        if (node.isEmpty() || !node.chars().allMatch(Character::isDigit)) {
          throw new IllegalStateException("ClickHouse returned " + node + " for a UInt64 hash");
        }
        levels.merge(node, row.lng("Level"), Math::min);
      }
      levels.values().removeIf(level -> level >= levelsPerRead); // reached at the cap: read by a later call
      List<Table.Row> edges = levels.isEmpty() ? List.of() : db.rows(
          String.format(EDGES_OF_SQL, direction, String.join(", ", levels.keySet())), Map.of("tenant", tenant));
      for (Table.Row row : edges) {
        String self = row.str("InstanceId");
        String other = row.str("OtherInstanceId");
        String kind = row.str("Kind");
        String evidence = row.str("Evidence");
        read.computeIfAbsent(self, k -> new ArrayList<>()).add(upward
            ? new LineageWalk.Edge(other, self, kind, evidence)
            : new LineageWalk.Edge(self, other, kind, evidence));
        if (levels.get(row.str("Id")) + 1 < levelsPerRead) {
          expanded.add(other);
        }
      }
      expanded.forEach(id -> read.putIfAbsent(id, new ArrayList<>()));
      read.forEach(cache::putIfAbsent);
    }
  }

  /**
   * Reads the down edges of {@code tops}' members, round by round: the instances recorded under
   * the last round's ({@link RootMembers}), then all their down edges (found by the hashed copy,
   * kept only for the members' exact ids). It stops when every child of a member is a member (the
   * whole tree below the tops is read), when a round finds nothing new, after
   * {@link RootMembers#MAX_ROUNDS} rounds, or at {@code maxNodes} members.
   */
  private void readMembers(Set<String> tops) {
    Set<String> members = new LinkedHashSet<>(tops);
    Set<String> frontier = new LinkedHashSet<>(tops);
    Set<String> toRead = new LinkedHashSet<>(tops);
    for (int round = 0; round < RootMembers.MAX_ROUNDS && members.size() < maxNodes; round++) {
      Set<String> found = RootMembers.under(db, tenant, frontier);
      found.removeIf(id -> members.size() >= maxNodes || !members.add(id)); // keeps the new ones, up to the cap
      if (found.isEmpty()) {
        break;
      }
      toRead.addAll(found);
      boolean complete = true;
      for (List<LineageWalk.Edge> edges : readDown(toRead).values()) {
        for (LineageWalk.Edge edge : edges) {
          complete &= members.contains(edge.child());
        }
      }
      if (complete) {
        break;
      }
      frontier = found;
      toRead = new LinkedHashSet<>();
    }
  }

  /** Reads all down edges of {@code ids} into the cache and returns them by instance. */
  private Map<String, List<LineageWalk.Edge>> readDown(Set<String> ids) {
    Map<String, List<LineageWalk.Edge>> read = new HashMap<>();
    ids.forEach(id -> read.put(id, new ArrayList<>()));
    for (List<String> chunk : Instances.chunks(ids)) {
      for (Table.Row row : db.rows("SELECT DISTINCT InstanceId, OtherInstanceId, Kind, Evidence FROM lineage_walk"
          + " WHERE TenantId = {tenant:String} AND Direction = 'down'"
          + " AND Id IN (SELECT cityHash64(arrayJoin(" + SqlLiteral.strings(chunk) + ")))", Map.of("tenant", tenant))) {
        List<LineageWalk.Edge> edges = read.get(row.str("InstanceId"));
        if (edges != null) {
          edges.add(new LineageWalk.Edge(row.str("InstanceId"), row.str("OtherInstanceId"), row.str("Kind"),
              row.str("Evidence")));
        }
      }
    }
    read.forEach(down::putIfAbsent);
    return read;
  }

  /** Ghost parents of instances with no parent in Wake, from their unresolved references. */
  private List<LineageWalk.Edge> ghostParents(Set<String> orphans) {
    Map<String, String> process = new LinkedHashMap<>();
    List<Table.Row> spanRefs = new ArrayList<>();
    for (Table.Row ref : db.rows("SELECT DISTINCT InstanceId, Kind, KeyGroup, Key FROM lineage_refs"
        + " WHERE TenantId = {tenant:String} AND InstanceId IN " + SqlLiteral.in(orphans), Map.of("tenant", tenant))) {
      if (ref.str("Kind").equals("process")) {
        process.put(ref.str("InstanceId"), ref.str("Key"));
      } else {
        spanRefs.add(ref);
      }
    }
    // Only a span that never arrived was the dead parent's: an arrived one is the instance's own
    // (a parent span in an earlier export of the same agent), or there would be an edge.
    Set<String> arrived = SpanArrivals.arrived(db, tenant, spanRefs.stream().map(ref -> ref.str("Key")).toList());
    Map<String, Set<String>> spanTraces = new HashMap<>();
    for (Table.Row ref : spanRefs) {
      if (!arrived.contains(ref.str("Key"))) {
        spanTraces.computeIfAbsent(ref.str("InstanceId"), k -> new LinkedHashSet<>()).add(ref.str("KeyGroup"));
      }
    }
    process.keySet().retainAll(spanTraces.keySet());
    if (process.isEmpty()) {
      return List.of();
    }
    Set<String> owned = new HashSet<>();
    db.rows("SELECT DISTINCT Key FROM lineage_keys WHERE TenantId = {tenant:String} AND Key IN "
        + SqlLiteral.tuple(process.values()), Map.of("tenant", tenant)).forEach(row -> owned.add(row.str("Key")));
    List<LineageWalk.Edge> out = new ArrayList<>();
    process.forEach((instance, key) -> {
      if (!owned.contains(key)) {
        ghostTraces.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(spanTraces.get(instance));
        out.add(new LineageWalk.Edge(GHOST + key, instance, "process", "pid " + key.substring(key.lastIndexOf('/') + 1)));
      }
    });
    return out;
  }

  /** Every instance naming the ghost's process as its parent process: none of them is its parent. */
  private List<LineageWalk.Edge> ghostChildren(String ghost) {
    return childrenOfGhosts.computeIfAbsent(ghost, this::readGhostChildren);
  }

  private List<LineageWalk.Edge> readGhostChildren(String ghost) {
    String key = ghost.substring(GHOST.length());
    List<LineageWalk.Edge> out = new ArrayList<>();
    for (Table.Row ref : db.rows("SELECT DISTINCT InstanceId, Evidence FROM lineage_refs WHERE TenantId = {tenant:String}"
        + " AND KeyGroup = {group:String} AND Key = {key:String} AND Kind = 'process'",
        Map.of("tenant", tenant, "group", key.substring(0, key.lastIndexOf('/')), "key", key))) {
      out.add(new LineageWalk.Edge(ghost, ref.str("InstanceId"), "process", ref.str("Evidence")));
    }
    return out;
  }

  /** The owner of the earliest span of the traces the ghost's missing spans belong to, if any. */
  private List<LineageWalk.Edge> inferredParents(String ghost) {
    Set<String> traces = ghostTraces.getOrDefault(ghost.substring(GHOST.length()), Set.of());
    Set<String> children = new HashSet<>();
    ghostChildren(ghost).forEach(edge -> children.add(edge.child()));
    List<LineageWalk.Edge> out = new ArrayList<>();
    for (String trace : traces) {
      for (Table.Row row : db.rows("SELECT AgentInstanceId FROM otel_traces WHERE TenantId = {tenant:String}"
          + " AND TraceId = {trace:String} AND " + TraceBounds.of(List.of(trace)) + " AND AgentInstanceId != ''"
          + " AND AgentInstanceId NOT IN " + SqlLiteral.tuple(children) + " ORDER BY Timestamp LIMIT 1",
          Map.of("tenant", tenant, "trace", trace))) {
        out.add(new LineageWalk.Edge(row.str("AgentInstanceId"), ghost, "trace", "trace " + trace));
        return out;
      }
    }
    return out;
  }

  private static Set<String> real(Set<String> ids) {
    Set<String> out = new LinkedHashSet<>();
    for (String id : ids) {
      if (!isGhost(id)) {
        out.add(id);
      }
    }
    return out;
  }
}
