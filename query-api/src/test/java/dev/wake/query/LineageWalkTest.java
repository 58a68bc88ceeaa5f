package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineageWalkTest {
  /** Edges as lineage_edges holds them, answered per frontier like the SQL does. */
  private static LineageWalk.Edges graph(List<LineageWalk.Edge> edges, List<Integer> calls) {
    return (up, down) -> {
      calls.add(up.size() + down.size());
      List<LineageWalk.Edge> out = new ArrayList<>();
      for (LineageWalk.Edge edge : edges) {
        if (up.contains(edge.child()) || down.contains(edge.parent())) {
          out.add(edge);
        }
      }
      return out;
    };
  }

  private static LineageWalk.Edge edge(String parent, String child) {
    return new LineageWalk.Edge(parent, child, "parent_span", parent + child);
  }

  @Test
  void walk_chain_findsAncestorsDescendantsAndTop() {
    List<Integer> calls = new ArrayList<>();
    LineageWalk.Result result = new LineageWalk(graph(List.of(edge("a", "b"), edge("b", "c"), edge("c", "d"),
        edge("x", "y")), calls), 100, 100).walk("b", true, true);
    assertThat(result.nodes()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(result.tops()).containsExactly("a");
    assertThat(result.edges()).hasSize(3);
    assertThat(result.truncated()).isFalse();
    assertThat(calls).hasSize(3); // one statement per level, both directions together
  }

  @Test
  void walk_cycleAndSelfLink_endsWithEachInstanceOnce() {
    List<Integer> calls = new ArrayList<>();
    LineageWalk.Result result = new LineageWalk(graph(List.of(edge("a", "b"), edge("b", "c"), edge("c", "a"),
        edge("a", "a")), calls), 100_000, 100).walk("a", true, true);
    assertThat(result.nodes()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(result.edges().keySet()).extracting(key -> key.get(0) + key.get(1))
        .containsExactlyInAnyOrder("ab", "bc", "ca");
    assertThat(calls.size()).isLessThanOrEqualTo(4);
  }

  @Test
  void walk_directionDownOnly_neverGoesUp() {
    LineageWalk.Result result = new LineageWalk(graph(List.of(edge("a", "b"), edge("b", "c")), new ArrayList<>()),
        100, 100).walk("b", false, true);
    assertThat(result.nodes()).containsExactly("b", "c");
    assertThat(result.tops()).isEmpty();
  }

  @Test
  void walk_limits_stopAndSayTruncated() {
    List<LineageWalk.Edge> chain = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      chain.add(edge("n" + i, "n" + (i + 1)));
    }
    LineageWalk.Result shallow = new LineageWalk(graph(chain, new ArrayList<>()), 5, 1000).walk("n0", false, true);
    assertThat(shallow.nodes()).hasSize(6);
    assertThat(shallow.truncated()).isTrue();
    LineageWalk.Result small = new LineageWalk(graph(chain, new ArrayList<>()), 1000, 10).walk("n0", false, true);
    assertThat(small.nodes()).hasSize(10);
    assertThat(small.truncated()).isTrue();
  }

  @Test
  void walk_diamond_keepsBothEdgesToTheSharedChild() {
    LineageWalk.Result result = new LineageWalk(graph(List.of(edge("a", "b"), edge("a", "c"), edge("b", "d"),
        edge("c", "d")), new ArrayList<>()), 100, 100).walk("a", true, true);
    assertThat(result.nodes()).containsExactlyInAnyOrder("a", "b", "c", "d");
    assertThat(result.edges()).hasSize(4);
    assertThat(result.tops()).isEqualTo(Set.of("a"));
  }
}
