package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SwarmPlanTest {

  @Test
  void generate_sameSeed_samePlan() {
    assertThat(List.copyOf(SwarmPlan.generate(7, 40).all())).isEqualTo(List.copyOf(SwarmPlan.generate(7, 40).all()))
        .isNotEqualTo(List.copyOf(SwarmPlan.generate(8, 40).all()));
  }

  @Test
  void generate_anySeed_treeOfTheAskedSizeWithinLimits() {
    for (long seed : LongStream.range(0, 200).toArray()) {
      SwarmPlan plan = SwarmPlan.generate(seed, 40);
      assertThat(plan.size()).isEqualTo(40);
      assertThat(plan.root().id()).isEqualTo("0");
      assertThat(plan.root().dies()).isFalse();
      assertThat(plan.root().waits()).isTrue();
      int children = 0;
      for (AgentPlan agent : plan.all()) {
        assertThat(agent.depth()).isBetween(0, SwarmPlan.MAX_DEPTH);
        assertThat(agent.children()).hasSizeLessThanOrEqualTo(SwarmPlan.MAX_CHILDREN);
        assertThat(agent.reportsGpu()).isEqualTo(agent.name().equals(AgentPlan.LOCAL_MODEL));
        for (String child : agent.children()) {
          assertThat(plan.get(child).parentId()).isEqualTo(agent.id());
          assertThat(plan.get(child).depth()).isEqualTo(agent.depth() + 1);
        }
        children += agent.children().size();
      }
      assertThat(children).isEqualTo(39);
    }
  }

  @Test
  void generate_fourOrMore_aDyingParentWithANewTraceBelowIt() {
    for (long seed : LongStream.range(0, 200).toArray()) {
      SwarmPlan plan = SwarmPlan.generate(seed, 8);
      List<AgentPlan> dyingParents = plan.all().stream().filter(a -> a.dies() && !a.children().isEmpty()).toList();
      assertThat(dyingParents).as("seed %d", seed).isNotEmpty();
      assertThat(dyingParents).as("seed %d", seed).anySatisfy(dead -> assertThat(plan.all())
          .anyMatch(a -> a.newTrace() && a.id().startsWith(dead.id() + ".")));
    }
  }

  @Test
  void generate_oneAgent_onlyTheRoot() {
    SwarmPlan plan = SwarmPlan.generate(1, 1);
    assertThat(plan.all()).containsExactly(plan.root());
    assertThat(plan.root().children()).isEmpty();
    assertThat(plan.root().parentId()).isEmpty();
  }

  @Test
  void generate_noAgents_refused() {
    assertThatThrownBy(() -> SwarmPlan.generate(1, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SwarmPlan.generate(1, 3).get("0.9")).hasMessageContaining("no agent 0.9");
  }
}
