package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LineageChangesTest {

  @Test
  void instances_theirRootsElseThemselves() {
    LineageChanges changes = new LineageChanges(Map.of("t\nchild", Set.of("root", "other-root")), Map.of())
        .instance("t", "child").instance("t", "loner");
    assertThat(changes.keys()).containsOnlyKeys("t");
    assertThat(changes.keys().get("t")).containsExactlyInAnyOrder("root", "other-root", "loner");
  }

  @Test
  void newEdge_childStandsForItselfToo_parentsRootsOrParent() {
    Lineage.Edge toRooted = new Lineage.Edge("t", "c1", "p1", "parent_span", "s1", 1);
    Lineage.Edge toLoner = new Lineage.Edge("t", "c2", "p2", "process", "pid 2", 1);
    LineageChanges changes = new LineageChanges(Map.of("t\np1", Set.of("r1")),
        Map.of("t\nc1", Set.of("r1"), "t\nc2", Set.of("p2"))).edges(List.of(toRooted, toLoner));
    assertThat(changes.keys().get("t")).containsExactlyInAnyOrder("r1", "c1", "p2", "c2");
  }

  @Test
  void unresolved_perTenant() {
    LineageChanges changes = new LineageChanges(Map.of(), Map.of()).unresolved("a", "p:host/7").unresolved("b", "0af7");
    assertThat(changes.keys()).containsEntry("a", Set.of("g:p:host/7")).containsEntry("b", Set.of("g:0af7"));
  }
}
