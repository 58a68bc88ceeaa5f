package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShowcaseTest {

  @Test
  void pick_asPlanned_anExportedDeepAgentBelowADeadOneAndALink() {
    for (long seed : LongStream.range(0, 100).toArray()) {
      SwarmPlan plan = SwarmPlan.generate(seed, 12);
      Map<String, AgentReport> reports = asPlanned(plan);
      Showcase.Pick pick = Showcase.pick(plan, reports).orElseThrow();
      AgentPlan agent = plan.get(pick.agent().id());
      assertThat(pick.agent().outcome()).isEqualTo(AgentReport.Outcome.EXPORTED);
      assertThat(agent.depth()).isEqualTo(pick.depth()).isGreaterThanOrEqualTo(2);
      if (plan.all().stream().anyMatch(a -> a.depth() >= 2 && !a.dies() && plan.get(a.parentId()).dies())) {
        assertThat(pick.why()).as("seed %d", seed).contains("died before exporting");
      }
    }
  }

  @Test
  void pick_gapAndLink_sayWhich() {
    SwarmPlan plan = SwarmPlan.generate(5, 30);
    Showcase.Pick pick = Showcase.pick(plan, asPlanned(plan)).orElseThrow();
    assertThat(pick.why()).startsWith("its chain crosses a span link (").contains(") and a gap (");
  }

  @Test
  void pick_noExportedAgentDeepEnough_none() {
    SwarmPlan plan = SwarmPlan.generate(1, 2);
    assertThat(Showcase.pick(plan, asPlanned(plan))).isEmpty();
  }

  private static Map<String, AgentReport> asPlanned(SwarmPlan plan) {
    Map<String, AgentReport> reports = new HashMap<>();
    for (AgentPlan a : plan.all()) {
      reports.put(a.id(), new AgentReport(a.id(), a.name(), UUID.randomUUID().toString(), 1000, "t",
          a.dies() ? AgentReport.Outcome.DIED : AgentReport.Outcome.EXPORTED, 10, 5, 1, Gpu.Source.NONE, 900));
    }
    return reports;
  }
}
