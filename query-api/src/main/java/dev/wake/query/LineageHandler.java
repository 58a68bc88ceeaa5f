package dev.wake.query;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/agents/{instanceId}/lineage?direction=up|down|both&maxDepth=}: the instance's
 * ancestors and/or descendants across any number of traces, read from {@code lineage_edges} by
 * primary key (never by scanning spans; {@link LineageEdges}), with each instance's details,
 * the chain's totals and its gaps. {@code root} is the earliest-starting topmost ancestor found.
 */
final class LineageHandler {
  /** The most instances one lineage answer holds; more sets {@code truncated}. */
  static final int MAX_NODES = 100_000;


  /** Response header saying whether the answer was {@code kept} ({@link LineageAnswers}) or {@code read}. */
  static final String SOURCE_HEADER = "Wake-Lineage-Source";

  private final Supplier<Store> store;
  private final int keepNodes;

  /** Lineage of {@code store}; whole-chain answers of at least {@code keepNodes} agents are kept (0: none). */
  LineageHandler(Supplier<Store> store, int keepNodes) {
    this.store = store;
    this.keepNodes = keepNodes;
  }

  void get(Context ctx) {
    String instanceId = Ids.instanceId(ctx.pathParam("instanceId"));
    Params params = new Params(ctx, java.time.Clock.systemUTC());
    String direction = params.oneOf("direction", "both", Set.of("up", "down", "both"));
    int maxDepth = params.integer("maxDepth", MAX_NODES, 1, MAX_NODES);
    String tenant = Tenancy.tenant(ctx);
    Store db = store.get();
    LineageAnswers answers = new LineageAnswers(db, keepNodes);
    long builtNs = 0;
    if (answers.keeps(direction, maxDepth)) {
      LineageAnswers.Lookup kept = answers.find(tenant, instanceId, direction);
      if (kept.body() != null) {
        ctx.header(SOURCE_HEADER, "kept").contentType("application/json").result(kept.body());
        return;
      }
      builtNs = kept.nowNs();
    }
    Map<String, Object> body = read(db, tenant, instanceId, direction, maxDepth);
    ctx.header(SOURCE_HEADER, "read").json(body);
    if (builtNs != 0) {
      answers.keep(tenant, instanceId, direction, builtNs, body);
    }
  }

  /**
   * The lineage of {@code instanceId} in {@code direction}, down to {@code maxDepth} levels, read
   * from the lineage tables: the API's body. Throws a 404 {@link ApiException} for an unknown instance.
   */
  static Map<String, Object> read(Store db, String tenant, String instanceId, String direction, int maxDepth) {
    // An unknown instance has no edges either: its walk is one empty read, then the 404.
    LineageEdges source = new LineageEdges(db, tenant, maxDepth, MAX_NODES);
    Instances instances = new Instances(db);
    Gaps gaps = new Gaps(db);
    // Walking down a whole tree: what the walk will find is mostly its recorded members, read meanwhile.
    NodeReads early = direction.equals("up") || maxDepth < LineageEdges.LEVELS_PER_READ ? NodeReads.none()
        : NodeReads.start(instances, gaps, tenant, members(db, tenant, instanceId));
    LineageWalk.Result walk = new LineageWalk(source, maxDepth, MAX_NODES)
        .walk(instanceId, !direction.equals("down"), !direction.equals("up"));
    Set<String> walked = walk.nodes();
    NodeReads.Read read = early.of(instances, gaps, tenant, walked);
    Map<String, Map<String, Object>> known = read.known();
    if (!known.containsKey(instanceId)) {
      throw ApiException.notFound("no agent instance " + instanceId + " (within the retention, for this tenant)");
    }
    if (!direction.equals("up")) {
      walk = new DeadDescendants(source, instances, tenant, maxDepth, MAX_NODES).extend(instanceId, walk, known);
    }
    Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
    for (String id : walk.nodes()) {
      Map<String, Object> node = LineageEdges.isGhost(id) ? ghost(id) : known.get(id);
      if (node != null) {
        nodes.put(id, node);
      }
    }
    List<Map<String, Object>> edges = new ArrayList<>();
    Set<String> withParent = new LinkedHashSet<>();
    walk.edges().forEach((key, evidence) -> {
      edges.add(Map.of("parent", key.get(0), "child", key.get(1), "kind", key.get(2), "evidence", evidence));
      withParent.add(key.get(1));
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("instanceId", instanceId);
    body.put("root", root(instanceId, walk.tops(), nodes));
    body.put("nodes", new ArrayList<>(nodes.values()));
    body.put("edges", edges);
    body.put("totals", totals(nodes.values()));
    body.put("gaps", gaps.of(tenant, refs(gaps, tenant, read.refs(), walked, nodes.keySet()),
        withParent(source, nodes.keySet(), withParent), source.resolvedSpanRefs()));
    body.put("truncated", walk.truncated());
    return body;
  }

  /**
   * The references of {@code nodes}: {@code walkedRefs}, those of the {@code walked} ones, and
   * those of the rest (the dead agents' descendants found after the walk), read now.
   */
  private static List<Table.Row> refs(Gaps gaps, String tenant, List<Table.Row> walkedRefs, Set<String> walked,
      Set<String> nodes) {
    List<String> rest = nodes.stream().filter(id -> !walked.contains(id) && !LineageEdges.isGhost(id)).toList();
    if (rest.isEmpty()) {
      return new ArrayList<>(walkedRefs);
    }
    List<Table.Row> all = new ArrayList<>(walkedRefs);
    all.addAll(gaps.refs(tenant, rest));
    all.sort(NodeReads.REF_ORDER);
    return all;
  }

  /** {@code start} and the instances the writer recorded with it as their root ({@link RootMembers}). */
  private static Set<String> members(Store db, String tenant, String start) {
    Set<String> out = new LinkedHashSet<>(List.of(start));
    out.addAll(RootMembers.under(db, tenant, List.of(start)));
    return out;
  }

  /** A dead agent known only from its children: its host and pid, nothing it did. */
  private static Map<String, Object> ghost(String id) {
    String process = id.substring(LineageEdges.GHOST.length() + 2); // after "ghost:p:"
    int slash = process.lastIndexOf('/');
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("instanceId", id);
    node.put("ghost", true);
    node.put("agentName", "");
    node.put("serviceName", "");
    node.put("host", process.substring(0, slash));
    node.put("pid", Long.parseLong(process.substring(slash + 1)));
    node.put("status", "missing");
    for (String zero : List.of("spanCount", "errorCount", "inputTokens", "outputTokens")) {
      node.put(zero, 0L);
    }
    node.put("gpuSeconds", 0.0);
    node.put("traceIds", List.of());
    return node;
  }

  /**
   * Instances among {@code nodes} that have a parent, whether or not the walk went up: those
   * {@code known} as a child of one of the walk's edges, and those of the rest with an edge up.
   */
  private static Set<String> withParent(LineageEdges source, Set<String> nodes, Set<String> known) {
    Set<String> out = new LinkedHashSet<>(known);
    Set<String> unknown = new LinkedHashSet<>(nodes);
    unknown.removeAll(known);
    unknown.removeIf(LineageEdges::isGhost);
    out.addAll(source.withParent(unknown));
    return out;
  }

  private static String root(String start, Set<String> tops, Map<String, Map<String, Object>> nodes) {
    return tops.stream().filter(nodes::containsKey)
        .min(Comparator.comparing((String id) -> String.valueOf(nodes.get(id).getOrDefault("start", "~")))
            .thenComparing(id -> id))
        .orElse(start);
  }

  private static Map<String, Object> totals(Iterable<Map<String, Object>> nodes) {
    long agents = 0;
    long input = 0;
    long output = 0;
    long errors = 0;
    double gpu = 0;
    for (Map<String, Object> node : nodes) {
      agents++;
      input += (Long) node.get("inputTokens");
      output += (Long) node.get("outputTokens");
      errors += (Long) node.get("errorCount");
      gpu += (Double) node.get("gpuSeconds");
    }
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("agents", agents);
    totals.put("inputTokens", input);
    totals.put("outputTokens", output);
    totals.put("errors", errors);
    totals.put("gpuSeconds", gpu);
    return totals;
  }
}
