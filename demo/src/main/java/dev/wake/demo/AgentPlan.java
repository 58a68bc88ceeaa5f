package dev.wake.demo;

import java.util.List;

/**
 * What one agent of a {@link SwarmPlan} does; every agent process recomputes the same plan from the
 * seed and reads its own entry, so nothing but the seed, the size and the id travels to a child.
 *
 * @param id position in the tree: {@code 0} is the root, {@code 0.2} its second child, {@code 0.2.1} ...
 * @param depth 0 for the root
 * @param name the agent's role, its {@code gen_ai.agent.name}
 * @param children ids of the agents it spawns, in spawn order
 * @param dies halts right after spawning its children, before exporting anything (never the root)
 * @param newTrace starts a new trace whose root span links to the parent's span, instead of a child span
 * @param waits waits for its children to end before it ends (else it only waits for them to start)
 * @param reportsGpu records GPU gauges (the agents running a local model)
 * @param workSeed seed of the agent's own choices (models, tools, latencies, failures)
 */
record AgentPlan(String id, int depth, String name, List<String> children, boolean dies, boolean newTrace,
    boolean waits, boolean reportsGpu, long workSeed) {

  /** The role of agents that run a local model on a GPU. */
  static final String LOCAL_MODEL = "local-llm";

  AgentPlan {
    children = List.copyOf(children);
  }

  /** The parent's id; the root has none (empty string). */
  String parentId() {
    int dot = id.lastIndexOf('.');
    return dot < 0 ? "" : id.substring(0, dot);
  }

  boolean isRoot() {
    return depth == 0;
  }
}
