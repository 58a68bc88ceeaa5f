package dev.wake.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A lineage answer's reads about its instances, side by side ({@link SideReads}): their
 * {@code agent_instances} rows, then their GPU seconds (bounded by their times), and their
 * references (for the gaps). An answer that walks down from a tree's root starts them for the
 * members the writer recorded under it ({@link RootMembers}) before the walk, so they run while
 * the walk reads the edges; {@link #of} then reads the instances the walk found beyond those and
 * drops those it did not reach. Blocks on ClickHouse; one per request.
 */
final class NodeReads {
  /** References in the order {@link Gaps#of} lists its gaps: by instance, kind, key and evidence. */
  static final Comparator<Table.Row> REF_ORDER = Comparator.comparing((Table.Row ref) -> ref.str("InstanceId"))
      .thenComparing(ref -> ref.str("Kind")).thenComparing(ref -> ref.str("Key"))
      .thenComparing(ref -> ref.str("Evidence"));

  /** What the reads found for a set of instances: those known (API shape, in the set's order), and their references. */
  record Read(Map<String, Map<String, Object>> known, List<Table.Row> refs) {}

  private final Set<String> ids;
  private final CompletableFuture<Map<String, Table.Row>> rows;
  private final CompletableFuture<Map<String, Double>> gpu;
  private final CompletableFuture<List<Table.Row>> refs;

  private NodeReads(Instances instances, Gaps gaps, String tenant, Set<String> ids) {
    this.ids = ids;
    this.rows = start(ids, () -> instances.rows(tenant, ids), Map.of());
    this.gpu = ids.isEmpty() ? CompletableFuture.completedFuture(Map.of())
        : SideReads.then(rows, found -> instances.gpuSeconds(tenant, found.values()));
    this.refs = start(ids, () -> gaps.refs(tenant, ids), List.of());
  }

  /** Starts the reads of {@code ids} (ghosts, which have nothing to read, left out). */
  static NodeReads start(Instances instances, Gaps gaps, String tenant, Collection<String> ids) {
    Set<String> real = new LinkedHashSet<>(ids);
    real.removeIf(LineageEdges::isGhost);
    return new NodeReads(instances, gaps, tenant, real);
  }

  /** Reads of nothing, for an answer that reads everything after its walk. */
  static NodeReads none() {
    return new NodeReads(null, null, "", Set.of());
  }

  private static <T> CompletableFuture<T> start(Set<String> ids, Supplier<T> read, T empty) {
    return ids.isEmpty() ? CompletableFuture.completedFuture(empty) : SideReads.start(read);
  }

  /** What is known of {@code nodes}: the reads started for them, and reads of the rest of them now. */
  Read of(Instances instances, Gaps gaps, String tenant, Collection<String> nodes) {
    List<String> rest = nodes.stream().filter(id -> !ids.contains(id)).toList();
    NodeReads more = start(instances, gaps, tenant, rest);
    Map<String, Table.Row> allRows = new HashMap<>(SideReads.join(rows));
    allRows.putAll(SideReads.join(more.rows));
    Map<String, Double> allGpu = new HashMap<>(SideReads.join(gpu));
    allGpu.putAll(SideReads.join(more.gpu));
    Set<String> wanted = nodes instanceof Set<String> set ? set : new LinkedHashSet<>(nodes);
    List<Table.Row> allRefs = new ArrayList<>();
    SideReads.join(refs).stream().filter(ref -> wanted.contains(ref.str("InstanceId"))).forEach(allRefs::add);
    if (!more.ids.isEmpty()) {
      allRefs.addAll(SideReads.join(more.refs));
      allRefs.sort(REF_ORDER);
    }
    return new Read(Instances.nodes(nodes, allRows, allGpu), allRefs);
  }
}
