package dev.wake.query;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breadth-first walk of the lineage graph from one instance: ancestors through {@code up} edges,
 * descendants through {@code down} edges, one {@link Edges} call per depth level for both
 * directions at once. Every instance is visited once, so cycles and self-links in bad data end
 * the walk instead of looping; it stops at {@code maxDepth} levels or {@code maxNodes} instances.
 * Each level's edges are taken in one order (parent, child, kind, evidence), so the same edges
 * give the same walk however they were read. No I/O of its own; not thread-safe (one walk per
 * request).
 */
final class LineageWalk {
  /** Reads the edges of a frontier: {@code up} rows of {@code children}, {@code down} rows of {@code parents}. */
  interface Edges {
    List<Edge> of(Set<String> upFrom, Set<String> downFrom);
  }

  /** One edge, child to parent, with what proves it (a span id, or the parent pid). */
  record Edge(String parent, String child, String kind, String evidence) {}

  /** What a walk found: instances in visiting order, edges with their evidence, and whether it stopped early. */
  record Result(Set<String> nodes, Map<List<String>, List<String>> edges, Set<String> tops, boolean truncated) {}

  private static final Comparator<Edge> ORDER = Comparator.comparing(Edge::parent)
      .thenComparing(Edge::child).thenComparing(Edge::kind).thenComparing(Edge::evidence);
  private final Edges source;
  private final int maxDepth;
  private final int maxNodes;

  LineageWalk(Edges source, int maxDepth, int maxNodes) {
    this.source = source;
    this.maxDepth = maxDepth;
    this.maxNodes = maxNodes;
  }

  Result walk(String start, boolean up, boolean down) {
    Set<String> nodes = new LinkedHashSet<>(List.of(start));
    Map<List<String>, List<String>> edges = new LinkedHashMap<>();
    Set<String> upFrontier = up ? new LinkedHashSet<>(List.of(start)) : new LinkedHashSet<>();
    Set<String> downFrontier = down ? new LinkedHashSet<>(List.of(start)) : new LinkedHashSet<>();
    Set<String> tops = new LinkedHashSet<>();
    boolean truncated = false;
    for (int depth = 0; depth < maxDepth && !(upFrontier.isEmpty() && downFrontier.isEmpty()); depth++) {
      Set<String> nextUp = new LinkedHashSet<>();
      Set<String> nextDown = new LinkedHashSet<>();
      Set<String> hasParent = new LinkedHashSet<>();
      // In a fixed order (ClickHouse returns rows in any): the same data gives the same answer.
      List<Edge> level = new ArrayList<>(source.of(upFrontier, downFrontier));
      level.sort(ORDER);
      for (Edge edge : level) {
        if (edge.parent().equals(edge.child())) {
          continue; // a self-link is no lineage
        }
        boolean upward = upFrontier.contains(edge.child());
        boolean downward = downFrontier.contains(edge.parent());
        if (!upward && !downward) {
          continue;
        }
        if (upward) {
          hasParent.add(edge.child());
        }
        String reached = upward ? edge.parent() : edge.child();
        if (!nodes.contains(reached)) {
          if (nodes.size() >= maxNodes) {
            truncated = true;
            continue;
          }
          nodes.add(reached);
          (upward ? nextUp : nextDown).add(reached);
        }
        List<String> evidence = edges.computeIfAbsent(List.of(edge.parent(), edge.child(), edge.kind()),
            k -> new ArrayList<>());
        if (evidence.size() < 10 && !evidence.contains(edge.evidence())) {
          evidence.add(edge.evidence());
        }
      }
      for (String instance : upFrontier) {
        if (!hasParent.contains(instance)) {
          tops.add(instance);
        }
      }
      upFrontier = nextUp;
      downFrontier = nextDown;
    }
    if (!upFrontier.isEmpty() || !downFrontier.isEmpty()) {
      truncated = true; // maxDepth reached with instances still to expand
    }
    return new Result(nodes, edges, tops, truncated);
  }
}
