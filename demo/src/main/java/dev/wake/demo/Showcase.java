package dev.wake.demo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the agent whose lineage the demo points at: one that exported, at depth 2 or more, whose chain
 * up to the root best shows what Wake reconstructs: an ancestor that died before exporting (a gap) and
 * a span link (an ancestor, or the agent, that continued in a new trace), preferably with its own
 * parent exported. Among equals, a leaf, then the deepest, then the first in the plan. Pure.
 */
final class Showcase {
  private Showcase() { }

  /**
   * The picked agent and why it was picked.
   *
   * @param why e.g. "its chain crosses a span link (0.2.1 continued in a new trace) and an agent that died..."
   */
  record Pick(AgentReport agent, int depth, String why) {}

  static Optional<Pick> pick(SwarmPlan plan, Map<String, AgentReport> reports) {
    return plan.all().stream()
        .filter(a -> a.depth() >= 2 && reports.containsKey(a.id())
            && reports.get(a.id()).outcome() == AgentReport.Outcome.EXPORTED)
        .max(Comparator.comparingInt((AgentPlan a) -> score(plan, reports, a))
            .thenComparing(a -> a.children().isEmpty())
            .thenComparingInt(AgentPlan::depth)) // on a tie, max keeps the first
        .map(a -> new Pick(reports.get(a.id()), a.depth(), why(plan, reports, a)));
  }

  /** A gap counts most, then a link, then a parent that exported (one edge resolves before the gap). */
  private static int score(SwarmPlan plan, Map<String, AgentReport> reports, AgentPlan agent) {
    List<String> dead = dead(plan, reports, agent);
    return (dead.isEmpty() ? 0 : 4) + (linked(plan, agent).isEmpty() ? 0 : 2)
        + (dead.contains(agent.parentId()) ? 0 : 1);
  }

  private static String why(SwarmPlan plan, Map<String, AgentReport> reports, AgentPlan agent) {
    List<String> dead = dead(plan, reports, agent);
    List<String> linked = linked(plan, agent);
    List<String> parts = new ArrayList<>();
    if (!linked.isEmpty()) {
      parts.add("a span link (" + String.join(", ", linked) + " continued in a new trace)");
    }
    if (!dead.isEmpty()) {
      parts.add("a gap (" + String.join(", ", dead) + " died before exporting)");
    }
    return parts.isEmpty() ? "a deep agent of the swarm" : "its chain crosses " + String.join(" and ", parts);
  }

  /** Ancestors that did not export (died, or never reported). */
  private static List<String> dead(SwarmPlan plan, Map<String, AgentReport> reports, AgentPlan agent) {
    return ancestors(plan, agent).stream().filter(a -> !reports.containsKey(a.id())
        || reports.get(a.id()).outcome() != AgentReport.Outcome.EXPORTED).map(AgentPlan::id).toList();
  }

  /** The agent and ancestors that started a new trace linked to their parent. */
  private static List<String> linked(SwarmPlan plan, AgentPlan agent) {
    List<AgentPlan> chain = new ArrayList<>(ancestors(plan, agent));
    chain.add(0, agent);
    return chain.stream().filter(AgentPlan::newTrace).map(AgentPlan::id).toList();
  }

  private static List<AgentPlan> ancestors(SwarmPlan plan, AgentPlan agent) {
    List<AgentPlan> ancestors = new ArrayList<>();
    for (String id = agent.parentId(); !id.isEmpty(); id = plan.get(id).parentId()) {
      ancestors.add(plan.get(id));
    }
    return ancestors;
  }
}
