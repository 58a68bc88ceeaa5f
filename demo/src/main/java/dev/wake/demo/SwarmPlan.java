package dev.wake.demo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * The shape of a swarm, a pure function of its seed and size: which agent spawns which, which die
 * before exporting, which continue in a new trace. The tree is grown by attaching each new agent to
 * a random earlier one (at most {@value #MAX_DEPTH} levels, {@value #MAX_CHILDREN} children each).
 * About 1 in 8 non-root agents die and 1 in 5 start a new trace; with 4 agents or more, at least one
 * agent with children dies and at least one of that agent's descendants starts a new trace, so the
 * lineage always has a gap and a link to show.
 */
final class SwarmPlan {
  static final int MAX_DEPTH = 4;
  static final int MAX_CHILDREN = 5;
  private static final List<String> ROLES =
      List.of("researcher", "coder", "reviewer", "tool-runner", "summarizer", AgentPlan.LOCAL_MODEL);

  private final long seed;
  private final Map<String, AgentPlan> agents;

  private SwarmPlan(long seed, Map<String, AgentPlan> agents) {
    this.seed = seed;
    this.agents = agents;
  }

  /** The plan of {@code size} agents (1 or more) for {@code seed}; the same arguments give the same plan. */
  static SwarmPlan generate(long seed, int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a swarm needs at least one agent, not " + size);
    }
    Random random = new Random(seed);
    List<Node> nodes = new ArrayList<>();
    nodes.add(new Node("0", 0, "planner", random.nextLong()));
    while (nodes.size() < size) {
      List<Node> open = nodes.stream()
          .filter(n -> n.depth < MAX_DEPTH && n.children.size() < MAX_CHILDREN).toList();
      Node parent = open.get(random.nextInt(open.size()));
      Node child = new Node(parent.id + "." + (parent.children.size() + 1), parent.depth + 1,
          ROLES.get(random.nextInt(ROLES.size())), random.nextLong());
      child.dies = random.nextInt(8) == 0;
      child.newTrace = random.nextInt(5) == 0;
      child.waits = random.nextInt(5) != 0;
      parent.children.add(child);
      nodes.add(child);
    }
    nodes.get(0).waits = true;
    guaranteeGapAndLink(nodes, random);
    Map<String, AgentPlan> agents = new LinkedHashMap<>();
    for (Node n : nodes) {
      agents.put(n.id, new AgentPlan(n.id, n.depth, n.name, n.children.stream().map(c -> c.id).toList(), n.dies,
          n.newTrace, n.waits, n.name.equals(AgentPlan.LOCAL_MODEL), n.workSeed));
    }
    return new SwarmPlan(seed, agents);
  }

  private static void guaranteeGapAndLink(List<Node> nodes, Random random) {
    List<Node> parents = nodes.stream().filter(n -> n.depth > 0 && !n.children.isEmpty()).toList();
    if (nodes.size() < 4 || parents.isEmpty()) {
      return;
    }
    Node dead = parents.stream().filter(n -> n.dies).findFirst()
        .orElseGet(() -> parents.get(random.nextInt(parents.size())));
    dead.dies = true;
    List<Node> below = new ArrayList<>();
    collect(dead, below);
    if (below.stream().noneMatch(n -> n.newTrace)) {
      below.get(random.nextInt(below.size())).newTrace = true;
    }
  }

  private static void collect(Node node, List<Node> into) {
    for (Node child : node.children) {
      into.add(child);
      collect(child, into);
    }
  }

  long seed() {
    return seed;
  }

  int size() {
    return agents.size();
  }

  AgentPlan root() {
    return agents.get("0");
  }

  /** The agent {@code id}; throws {@link NoSuchElementException} when the plan has none. */
  AgentPlan get(String id) {
    AgentPlan plan = agents.get(id);
    if (plan == null) {
      throw new NoSuchElementException("no agent " + id + " in the swarm of seed " + seed);
    }
    return plan;
  }

  /** Every agent, parents before their children. */
  Collection<AgentPlan> all() {
    return agents.values();
  }

  /** A mutable tree node while the plan grows. */
  private static final class Node {
    final String id;
    final int depth;
    final String name;
    final long workSeed;
    final List<Node> children = new ArrayList<>();
    boolean dies;
    boolean newTrace;
    boolean waits;

    Node(String id, int depth, String name, long workSeed) {
      this.id = id;
      this.depth = depth;
      this.name = name;
      this.workSeed = workSeed;
    }
  }
}
