package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extends a lineage walk down through agents that died before exporting anything: a live agent's
 * walk down finds no edge to a dead child (there is nothing of it to join), so the dead child's
 * ghost is found from below ({@link LineageEdges#deadChildren}, from the references into the
 * descendants' traces) and the walk goes on down from it, for up to {@link #MAX_ROUNDS} nested
 * deaths. Depths count from the start, so {@code maxDepth} still bounds the answer. Blocks on
 * ClickHouse; one instance per request.
 */
final class DeadDescendants {
  /** The most times one answer looks for dead agents below what it found so far. */
  static final int MAX_ROUNDS = 10;
  private final LineageEdges source;
  private final Instances instances;
  private final String tenant;
  private final int maxDepth;
  private final int maxNodes;

  DeadDescendants(LineageEdges source, Instances instances, String tenant, int maxDepth, int maxNodes) {
    this.source = source;
    this.instances = instances;
    this.tenant = tenant;
    this.maxDepth = maxDepth;
    this.maxNodes = maxNodes;
  }

  /** {@code walk} from {@code start} with the dead agents below it; adds the new instances to {@code known}. */
  LineageWalk.Result extend(String start, LineageWalk.Result walk, Map<String, Map<String, Object>> known) {
    Set<String> nodes = new LinkedHashSet<>(walk.nodes());
    Map<List<String>, List<String>> edges = new LinkedHashMap<>(walk.edges());
    boolean truncated = walk.truncated();
    Set<String> searched = new HashSet<>();
    for (int round = 0; round < MAX_ROUNDS; round++) {
      Map<String, Integer> depths = depthsBelow(start, edges.keySet());
      Set<String> parents = new LinkedHashSet<>();
      Set<String> traces = new LinkedHashSet<>();
      depths.forEach((id, depth) -> {
        if (depth < maxDepth && known.containsKey(id) && searched.add(id)) {
          parents.add(id);
          traceIds(known.get(id)).forEach(traces::add);
        }
      });
      if (parents.isEmpty() || traces.isEmpty()) {
        break;
      }
      Set<String> added = new LinkedHashSet<>();
      for (LineageWalk.Edge edge : source.deadChildren(parents, traces, nodes)) {
        String ghost = edge.child();
        if (nodes.contains(ghost)) {
          continue;
        }
        if (nodes.size() >= maxNodes) {
          truncated = true;
          break;
        }
        nodes.add(ghost);
        edges.putIfAbsent(List.of(edge.parent(), ghost, edge.kind()), List.of(edge.evidence()));
        int left = maxDepth - depths.get(edge.parent()) - 1;
        if (left <= 0) {
          truncated = true;
          continue;
        }
        LineageWalk.Result below = new LineageWalk(source, left, maxNodes - nodes.size() + 1).walk(ghost, false, true);
        for (String id : below.nodes()) {
          if (nodes.add(id)) {
            added.add(id);
          }
        }
        below.edges().forEach(edges::putIfAbsent);
        truncated |= below.truncated();
      }
      added.removeIf(LineageEdges::isGhost);
      if (added.isEmpty()) {
        break;
      }
      known.putAll(instances.byId(tenant, added));
    }
    return new LineageWalk.Result(nodes, edges, walk.tops(), truncated);
  }

  /** Each instance below {@code start} along {@code edges} ([parent, child, kind]), with its depth. */
  private static Map<String, Integer> depthsBelow(String start, Collection<List<String>> edges) {
    Map<String, List<String>> children = new HashMap<>();
    edges.forEach(edge -> children.computeIfAbsent(edge.get(0), k -> new ArrayList<>()).add(edge.get(1)));
    Map<String, Integer> depths = new LinkedHashMap<>(Map.of(start, 0));
    Deque<String> queue = new ArrayDeque<>(List.of(start));
    while (!queue.isEmpty()) {
      String parent = queue.poll();
      for (String child : children.getOrDefault(parent, List.of())) {
        if (depths.putIfAbsent(child, depths.get(parent) + 1) == null) {
          queue.add(child);
        }
      }
    }
    return depths;
  }

  /** The trace ids of an instance in the API's shape ({@link Instances#node}). */
  private static List<String> traceIds(Map<String, Object> node) {
    List<String> out = new ArrayList<>();
    if (node.get("traceIds") instanceof JsonNode ids) {
      ids.forEach(id -> out.add(id.asText()));
    }
    return out;
  }
}
