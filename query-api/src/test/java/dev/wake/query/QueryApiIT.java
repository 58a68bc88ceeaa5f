package dev.wake.query;

import static dev.wake.query.QueryStack.ACME;
import static dev.wake.query.QueryStack.GLOBEX;
import static dev.wake.query.QueryStack.INITECH;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.query.QueryStack.Response;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The query API's contract against data written through the whole pipeline: five agents, each its
 * own OpenTelemetry SDK, sent children first. A starts trace 1; B's root span is a child of A's
 * (parent_span); C continues in trace 2 with a link to B's root (span_link) and one to a span that
 * never arrived; D, in trace 3, is C's child process (process); E's parent span and parent process
 * never reported (gaps).
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class QueryApiIT {
  private static QueryStack stack;
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String A = "a-" + RUN;
  private static final String B = "b-" + RUN;
  private static final String C = "c-" + RUN;
  private static final String D = "d-" + RUN;
  private static final String E = "e-" + RUN;
  private static final String F = "f-" + RUN;
  private static final String H = "h-" + RUN;
  private static final String I = "i-" + RUN;
  private static final String GHOST_TRACE = UUID.randomUUID().toString().replace("-", "");
  private static final String GHOST_SPAN = "00f067aa0ba902b7";
  private static final String LOST_TRACE = UUID.randomUUID().toString().replace("-", "");
  private static final String LOST_SPAN = "10570000deadbeef";
  /** Rows inserted by hand lie outside the default window (the last hour), out of the other tests' way. */
  private static final String TWO_DAYS_AGO = "now64(9) - INTERVAL 2 DAY";
  private static String trace1;
  private static String trace2;

  @BeforeAll
  static void sendSwarm(TestKafka kafka, TestClickHouse ch) throws Exception {
    stack = new QueryStack(kafka, ch);
    String host = "node-" + RUN;
    String grpc = stack.otlpGrpc();
    // A's and B's root span contexts are fixed up front so that children can be sent first.
    TestAgent a = new TestAgent(grpc, ACME, A, "planner", host, 100, 1);
    TestAgent b = new TestAgent(grpc, ACME, B, "researcher", host, 101, 555);
    TestAgent c = new TestAgent(grpc, ACME, C, "coder", host, 102, 999);
    TestAgent d = new TestAgent(grpc, ACME, D, "tool-runner", host, 103, 102);
    TestAgent e = new TestAgent(grpc, ACME, E, "orphan", host, 104, 777);
    Span aRoot = a.span("invoke_agent planner", null).startSpan();
    Span bRoot = b.span("invoke_agent researcher", aRoot.getSpanContext()).startSpan();
    trace1 = aRoot.getSpanContext().getTraceId();
    Span cRoot = c.span("invoke_agent coder", null).addLink(bRoot.getSpanContext())
        .addLink(TestAgent.ghost(LOST_TRACE, LOST_SPAN)).startSpan();
    trace2 = cRoot.getSpanContext().getTraceId();
    Span dRoot = d.span("invoke_agent tool-runner", null).startSpan();
    d.chat(dRoot, "llama-3-8b", 7, 3, false);
    dRoot.end();
    d.close();
    c.chat(cRoot, "gpt-4o", 30, 5, false);
    cRoot.end();
    c.close();
    Span eRoot = e.span("invoke_agent orphan", TestAgent.ghost(GHOST_TRACE, GHOST_SPAN)).startSpan();
    eRoot.end();
    e.close();
    b.chat(bRoot, "gpt-4o", 50, 10, true);
    bRoot.end();
    b.close();
    a.chat(aRoot, "gpt-4o", 100, 20, false);
    aRoot.end();
    a.close();
    sendAroundADeadAgent(grpc, host);
    awaitChain();
  }

  /** F runs; its child G (pid 201) dies before exporting; G's children H (same trace) and I (new trace) report. */
  private static void sendAroundADeadAgent(String grpc, String host) {
    try (TestAgent f = new TestAgent(grpc, ACME, F, "planner", host, 200, 1);
        TestAgent h = new TestAgent(grpc, ACME, H, "builder", host, 202, 201);
        TestAgent i = new TestAgent(grpc, ACME, I, "reviewer", host, 203, 201)) {
      Span fRoot = f.span("invoke_agent planner", null).startSpan();
      SpanContext g = TestAgent.ghost(fRoot.getSpanContext().getTraceId(), "0badc0ffee0ddf00");
      h.span("invoke_agent builder", g).startSpan().end();
      i.span("invoke_agent reviewer", null).addLink(g).startSpan().end();
      fRoot.end();
    }
  }

  private static void awaitChain() throws Exception {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      Response r = stack.get(ACME, "/api/v1/agents/" + D + "/lineage");
      if (r.status() == 200 && r.body().path("nodes").size() == 4 && r.body().path("totals").path("inputTokens").asLong() == 187) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the chain never became complete: " + stack.get(ACME, "/api/v1/agents/" + D + "/lineage").body()
);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void lineage_ofLeaf_wholeChainAcrossAllThreeEdgeKinds() throws Exception {
    JsonNode body = stack.get(ACME, "/api/v1/agents/" + D + "/lineage").body();
    assertThat(body.path("root").asText()).isEqualTo(A);
    assertThat(ids(body.path("nodes"), "instanceId")).containsExactlyInAnyOrder(A, B, C, D);
    assertThat(edges(body)).containsExactlyInAnyOrder(A + ">" + B + ":parent_span", B + ">" + C + ":span_link",
        C + ">" + D + ":process");
    JsonNode totals = body.path("totals");
    assertThat(totals.path("agents").asLong()).isEqualTo(4);
    assertThat(totals.path("inputTokens").asLong()).isEqualTo(187);
    assertThat(totals.path("outputTokens").asLong()).isEqualTo(38);
    assertThat(totals.path("errors").asLong()).isEqualTo(1);
    // The chain's top was started by a process that reports nothing, and C's root span links to
    // B's root, which arrived (the edge), and to a span that did not, which is a gap all the same.
    List<String> gaps = new ArrayList<>();
    body.path("gaps").forEach(g -> gaps.add(g.path("instanceId").asText() + " " + g.path("missing").asText()));
    assertThat(gaps).containsExactlyInAnyOrder(A + " process node-" + RUN + "/1",
        C + " span " + LOST_TRACE + "/" + LOST_SPAN);
    assertThat(body.path("truncated").asBoolean()).isFalse();
    JsonNode b = node(body, B);
    assertThat(b.path("agentName").asText()).isEqualTo("researcher");
    assertThat(b.path("status").asText()).isEqualTo("error");
    assertThat(b.path("pid").asLong()).isEqualTo(101);
    assertThat(b.path("traceIds").get(0).asText()).isEqualTo(trace1);
  }

  @Test
  void lineage_directionsAndDepth_followOnlyWhatIsAsked() throws Exception {
    assertThat(ids(stack.get(ACME, "/api/v1/agents/" + A + "/lineage?direction=down").body().path("nodes"), "instanceId"))
        .containsExactlyInAnyOrder(A, B, C, D);
    assertThat(ids(stack.get(ACME, "/api/v1/agents/" + A + "/lineage?direction=up").body().path("nodes"), "instanceId"))
        .containsExactly(A);
    JsonNode shallow = stack.get(ACME, "/api/v1/agents/" + D + "/lineage?direction=up&maxDepth=1").body();
    assertThat(ids(shallow.path("nodes"), "instanceId")).containsExactlyInAnyOrder(C, D);
    assertThat(shallow.path("truncated").asBoolean()).isTrue();
    JsonNode middle = stack.get(ACME, "/api/v1/agents/" + B + "/lineage").body();
    assertThat(ids(middle.path("nodes"), "instanceId")).containsExactlyInAnyOrder(A, B, C, D);
    assertThat(middle.path("root").asText()).isEqualTo(A);
  }

  @Test
  void lineage_parentsThatNeverReported_areGapsAndAGhost() throws Exception {
    JsonNode body = stack.get(ACME, "/api/v1/agents/" + E + "/lineage").body();
    String ghost = "ghost:p:node-" + RUN + "/777";
    assertThat(ids(body.path("nodes"), "instanceId")).containsExactly(E, ghost);
    assertThat(node(body, ghost).path("status").asText()).isEqualTo("missing");
    assertThat(node(body, ghost).path("pid").asLong()).isEqualTo(777);
    assertThat(body.path("root").asText()).isEqualTo(ghost);
    assertThat(edges(body)).containsExactly(ghost + ">" + E + ":process");
    List<String> gaps = new ArrayList<>();
    body.path("gaps").forEach(g -> gaps.add(g.path("kind").asText() + " " + g.path("missing").asText()));
    assertThat(gaps).containsExactly("parent_span span " + GHOST_TRACE + "/" + GHOST_SPAN);
  }

  @Test
  void lineage_acrossAnAgentThatDiedBeforeExporting_bridgesThroughItsGhost() throws Exception {
    String ghost = "ghost:p:node-" + RUN + "/201";
    JsonNode h = null;
    for (long deadline = System.nanoTime() + 60_000_000_000L; System.nanoTime() < deadline; Thread.sleep(250)) {
      h = stack.get(ACME, "/api/v1/agents/" + H + "/lineage").body();
      if (h.path("nodes").size() == 3) {
        break;
      }
    }
    assertThat(ids(h.path("nodes"), "instanceId")).containsExactly(H, ghost, F);
    assertThat(h.path("root").asText()).isEqualTo(F);
    assertThat(edges(h)).containsExactlyInAnyOrder(ghost + ">" + H + ":process", F + ">" + ghost + ":trace");
    JsonNode i = stack.get(ACME, "/api/v1/agents/" + I + "/lineage?direction=up").body();
    assertThat(ids(i.path("nodes"), "instanceId")).containsExactly(I, ghost, F);
    assertThat(i.path("totals").path("agents").asLong()).isEqualTo(3);
    // From the live parent down: its dead child is found from below, and both of that child's children.
    JsonNode f = stack.get(ACME, "/api/v1/agents/" + F + "/lineage?direction=down").body();
    assertThat(ids(f.path("nodes"), "instanceId")).containsExactlyInAnyOrder(F, ghost, H, I);
    assertThat(edges(f)).containsExactlyInAnyOrder(F + ">" + ghost + ":trace", ghost + ">" + H + ":process",
        ghost + ">" + I + ":process");
    assertThat(f.path("truncated").asBoolean()).isFalse();
    // The gaps of the instances found below the dead child, after the walk: its children's missing parent span.
    List<String> gaps = new ArrayList<>();
    f.path("gaps").forEach(g -> gaps.add(g.path("instanceId").asText() + " " + g.path("kind").asText()));
    assertThat(gaps).contains(H + " parent_span");
    JsonNode shallow = stack.get(ACME, "/api/v1/agents/" + F + "/lineage?direction=down&maxDepth=1").body();
    assertThat(ids(shallow.path("nodes"), "instanceId")).containsExactly(F, ghost);
    assertThat(shallow.path("truncated").asBoolean()).isTrue();
  }

  @Test
  void traceById_spansNestedWithLinksAndOrphans() throws Exception {
    JsonNode body = stack.get(ACME, "/api/v1/traces/" + trace1).body();
    assertThat(body.path("spans")).hasSize(4);
    assertThat(ids(body.path("spans"), "instanceId")).containsOnly(A, B);
    for (JsonNode span : body.path("spans")) {
      assertThat(span.path("orphan").asBoolean()).isFalse();
      assertThat(span.path("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
    }
    JsonNode failed = find(body.path("spans"), "status", "Error");
    assertThat(failed.path("statusMessage").asText()).isEqualTo("model overloaded");
    assertThat(failed.path("events").get(0).path("name").asText()).isEqualTo("exception");
    assertThat(failed.path("attributes").path("gen_ai.usage.input_tokens").asText()).isEqualTo("50");
    JsonNode linked = find(stack.get(ACME, "/api/v1/traces/" + trace2).body().path("spans"), "name", "invoke_agent coder");
    assertThat(linked.path("links").get(0).path("traceId").asText()).isEqualTo(trace1);
    JsonNode orphan = stack.get(ACME, "/api/v1/traces/" + GHOST_TRACE).body().path("spans").get(0);
    assertThat(orphan.path("orphan").asBoolean()).isTrue();
    assertThat(orphan.path("parentSpanId").asText()).isEqualTo(GHOST_SPAN);
  }

  @Test
  void search_filtersAndPages() throws Exception {
    JsonNode all = stack.get(ACME, "/api/v1/traces?service=swarm&limit=100").body();
    assertThat(ids(all.path("traces"), "traceId")).contains(trace1, trace2, GHOST_TRACE).hasSize(6);
    JsonNode errors = stack.get(ACME, "/api/v1/traces?status=error").body();
    assertThat(ids(errors.path("traces"), "traceId")).containsExactly(trace1);
    JsonNode summary = errors.path("traces").get(0);
    assertThat(summary.path("root").path("name").asText()).isEqualTo("invoke_agent planner");
    assertThat(summary.path("spanCount").asLong()).isEqualTo(4);
    assertThat(summary.path("errorCount").asLong()).isEqualTo(1);
    assertThat(summary.path("inputTokens").asLong()).isEqualTo(150);
    assertThat(ids(summary.path("agents"), null)).containsExactly("planner", "researcher");
    assertThat(ids(stack.get(ACME, "/api/v1/traces?agent=coder").body().path("traces"), "traceId"))
        .containsExactly(trace2);
    assertThat(ids(stack.get(ACME, "/api/v1/traces?attr.gen_ai.request.model=llama-3-8b").body().path("traces"),
        "traceId")).hasSize(1).doesNotContain(trace1, trace2);
    // Resource attributes match too, alone and beside a span attribute.
    assertThat(ids(stack.get(ACME, "/api/v1/traces?service=swarm&limit=100&attr.host.name=node-" + RUN).body()
        .path("traces"), "traceId")).containsExactlyInAnyOrderElementsOf(ids(all.path("traces"), "traceId"));
    List<String> llama = ids(stack.get(ACME, "/api/v1/traces?attr.gen_ai.request.model=llama-3-8b").body()
        .path("traces"), "traceId");
    assertThat(ids(stack.get(ACME, "/api/v1/traces?attr.process.pid=103&attr.gen_ai.request.model=llama-3-8b").body()
        .path("traces"), "traceId")).isEqualTo(llama);
    assertThat(ids(stack.get(ACME, "/api/v1/traces?attr.gen_ai.request.model=llama-3-8b&attr.process.pid=103").body()
        .path("traces"), "traceId")).isEqualTo(llama);
    assertThat(stack.get(ACME, "/api/v1/traces?attr.process.pid=104&attr.gen_ai.request.model=llama-3-8b").body()
        .path("traces")).isEmpty();
    assertThat(stack.get(ACME, "/api/v1/traces?minDurationMs=600000").body().path("traces")).isEmpty();
    Set<String> paged = new HashSet<>();
    String cursor = "";
    for (int page = 0; page < 6; page++) {
      JsonNode body = stack.get(ACME, "/api/v1/traces?limit=1" + cursor).body();
      paged.addAll(ids(body.path("traces"), "traceId"));
      assertThat(body.path("nextCursor").isNull()).isEqualTo(page == 5);
      cursor = "&cursor=" + body.path("nextCursor").asText();
    }
    assertThat(paged).hasSize(6);
  }

  @Test
  void search_windowEndingHoursAfterTheNewestSpan_findsTheSamePages() throws Exception {
    // The windows before the page start are placed before the newest span stored instead (the last
    // minutes of this window hold nothing), and the answer is the one a window ending now gives.
    java.time.Instant now = java.time.Instant.now();
    String later = "&start=" + now.minus(java.time.Duration.ofHours(1)) + "&end=" + now.plus(java.time.Duration.ofHours(3));
    List<String> expected = ids(stack.get(ACME, "/api/v1/traces?service=swarm&limit=100").body().path("traces"),
        "traceId");
    assertThat(ids(stack.get(ACME, "/api/v1/traces?service=swarm&limit=100" + later).body().path("traces"),
        "traceId")).hasSize(6).containsExactlyElementsOf(expected);
    List<String> paged = new ArrayList<>();
    String cursor = "";
    for (int page = 0; page < 6; page++) {
      JsonNode body = stack.get(ACME, "/api/v1/traces?service=swarm&limit=1" + later + cursor).body();
      paged.addAll(ids(body.path("traces"), "traceId"));
      assertThat(body.path("nextCursor").isNull()).isEqualTo(page == 5);
      cursor = "&cursor=" + body.path("nextCursor").asText();
    }
    assertThat(paged).containsExactlyElementsOf(expected);
    assertThat(stack.get(GLOBEX, "/api/v1/traces?service=swarm&limit=100" + later).body().path("traces")).isEmpty();
  }

  @Test
  void agents_listFiltersAndPages() throws Exception {
    assertThat(ids(stack.get(ACME, "/api/v1/agents").body().path("agents"), "instanceId"))
        .containsExactlyInAnyOrder(A, B, C, D, E, F, H, I);
    assertThat(ids(stack.get(ACME, "/api/v1/agents?name=planner").body().path("agents"), "instanceId"))
        .containsExactlyInAnyOrder(A, F);
    assertThat(ids(stack.get(ACME, "/api/v1/agents?status=error").body().path("agents"), "instanceId"))
        .containsExactly(B);
    Set<String> paged = new HashSet<>();
    String cursor = "";
    for (int page = 0; page < 3; page++) {
      JsonNode body = stack.get(ACME, "/api/v1/agents?limit=3" + cursor).body();
      paged.addAll(ids(body.path("agents"), "instanceId"));
      assertThat(body.path("nextCursor").isNull()).isEqualTo(page == 2);
      cursor = "&cursor=" + body.path("nextCursor").asText();
    }
    assertThat(paged).containsExactlyInAnyOrder(A, B, C, D, E, F, H, I);
  }

  @Test
  void tenants_seeOnlyTheirOwnData() throws Exception {
    assertThat(stack.get(GLOBEX, "/api/v1/traces/" + trace1).status()).isEqualTo(404);
    assertThat(stack.get(GLOBEX, "/api/v1/agents/" + A + "/lineage").status()).isEqualTo(404);
    assertThat(stack.get(GLOBEX, "/api/v1/agents").body().path("agents")).isEmpty();
    assertThat(stack.get(GLOBEX, "/api/v1/traces").body().path("traces")).isEmpty();
    Response anonymous = stack.get(null, "/api/v1/agents");
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.body().path("error").path("where").asText()).isEqualTo("header Authorization");
    assertThat(stack.get("wrong", "/api/v1/agents").status()).isEqualTo(401);
  }

  @Test
  void errors_oneShapeNamingWhatAndWhere() throws Exception {
    Response badId = stack.get(ACME, "/api/v1/traces/xyz");
    assertThat(badId.status()).isEqualTo(400);
    assertThat(badId.body().path("error").path("code").asText()).isEqualTo("bad_request");
    assertThat(badId.body().path("error").path("where").asText()).isEqualTo("path traceId");
    Response badTime = stack.get(ACME, "/api/v1/traces?start=yesterday");
    assertThat(badTime.status()).isEqualTo(400);
    assertThat(badTime.body().path("error").path("message").asText()).contains("RFC 3339");
    assertThat(stack.get(ACME, "/api/v1/agents?limit=0").status()).isEqualTo(400);
    assertThat(stack.get(ACME, "/api/v1/traces?cursor=@@@").status()).isEqualTo(400);
    Response unknown = stack.get(ACME, "/api/v1/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().path("error").path("status").asInt()).isEqualTo(404);
    assertThat(stack.get(ACME, "/api/v1/traces/" + "ab".repeat(16)).status()).isEqualTo(404);
  }

  @Test
  void lineage_cyclesAndSelfLinksInBadData_endWithEachInstanceOnce() throws Exception {
    String p = "cyc-" + RUN + "-";
    stack.execute("INSERT INTO agent_instances (TenantId, InstanceId, AgentName, FirstSeen, LastSeen, SpanCount)"
        + " SELECT 'acme', concat('" + p + "', toString(number)), 'looper', " + TWO_DAYS_AGO + ", " + TWO_DAYS_AGO + ", 1 FROM numbers(3)");
    StringBuilder edges = new StringBuilder();
    for (String[] e : new String[][] {{"0", "1"}, {"1", "2"}, {"2", "0"}, {"1", "1"}}) {
      edges.append(edges.length() == 0 ? "" : ", ")
          .append(String.format("('acme', '%1$s%2$s', 'up', '%1$s%3$s', 'parent_span', 'bad', now64(9)),"
              + " ('acme', '%1$s%3$s', 'down', '%1$s%2$s', 'parent_span', 'bad', now64(9))", p, e[1], e[0]));
    }
    stack.execute("INSERT INTO lineage_edges (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence, Seen)"
        + " VALUES " + edges);
    JsonNode body = stack.get(ACME, "/api/v1/agents/" + p + "1/lineage").body();
    assertThat(ids(body.path("nodes"), "instanceId")).containsExactlyInAnyOrder(p + "0", p + "1", p + "2");
    assertThat(edges(body)).hasSize(3).doesNotContain(p + "1>" + p + "1:parent_span");
  }

  @Test
  void lineage_tenThousandAgentTree50Deep_wholeTreeFromItsRoot() throws Exception {
    assertWholeTree(bulkTree("bulk-" + RUN + "-"));
  }

  /**
   * The same tree with roots as the writer records them when edges arrive in any order: even nodes
   * under the tree's root, odd ones under their parent (it had no root yet), every seventh none (an
   * edge written before schema 010). The members cover part of the tree; the walk the rest.
   */
  @Test
  void lineage_tenThousandAgentTreeWithPartialRoots_sameWholeTree() throws Exception {
    String p = bulkTree("rooted-" + RUN + "-");
    String root = "if(number % 2 = 0, '" + p + "0', " + "concat('" + p + "', toString(if(number <= 200, 0, number - 200))))";
    String child = "concat('" + p + "', toString(number))";
    stack.execute("INSERT INTO lineage_roots (TenantId, Direction, Id, Other, Seen)"
        + " SELECT 'acme', 'up', " + child + ", " + root + ", now64(9) FROM numbers(1, 9999) WHERE number % 7 != 0"
        + " UNION ALL SELECT 'acme', 'down', " + root + ", " + child + ", now64(9) FROM numbers(1, 9999)"
        + " WHERE number % 7 != 0");
    assertWholeTree(p);
  }

  /** Node i > 0 of a tree {@code p} has parent max(0, i - 200): 200 chains of 50 under one root. */
  private static String bulkTree(String p) throws Exception {
    stack.execute("INSERT INTO agent_instances (TenantId, InstanceId, AgentName, FirstSeen, LastSeen, SpanCount,"
        + " InputTokens) SELECT 'acme', concat('" + p + "', toString(number)), 'worker', " + TWO_DAYS_AGO + ", " + TWO_DAYS_AGO + ", 1, 10"
        + " FROM numbers(10000)");
    String parent = "concat('" + p + "', toString(if(number <= 200, 0, number - 200)))";
    String child = "concat('" + p + "', toString(number))";
    stack.execute("INSERT INTO lineage_edges (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence, Seen)"
        + " SELECT 'acme', " + child + ", 'up', " + parent + ", 'process', 'pid', now64(9) FROM numbers(1, 9999)"
        + " UNION ALL SELECT 'acme', " + parent + ", 'down', " + child + ", 'process', 'pid', now64(9)"
        + " FROM numbers(1, 9999)");
    // Each child also links to a span that never arrived: 9,999 span keys for the gaps to look up.
    stack.execute("INSERT INTO lineage_refs (TenantId, KeyGroup, Key, InstanceId, Kind, Evidence, Seen)"
        + " SELECT 'acme', lower(hex(sipHash128('" + p + "', number))) AS trace, concat('s:', trace,"
        + " lower(substring(hex(sipHash128('span', number)), 1, 16))), " + child + ", 'span_link', 'span', now64(9)"
        + " FROM numbers(1, 9999)");
    return p;
  }

  private static void assertWholeTree(String p) throws Exception {
    JsonNode down = stack.get(ACME, "/api/v1/agents/" + p + "0/lineage?direction=down").body();
    assertThat(down.path("nodes")).hasSize(10_000);
    assertThat(down.path("edges")).hasSize(9_999);
    Set<String> edges = new HashSet<>(edges(down));
    for (int i = 1; i < 10_000; i++) {
      assertThat(edges).contains(p + (i <= 200 ? 0 : i - 200) + ">" + p + i + ":process");
    }
    assertThat(down.path("totals").path("inputTokens").asLong()).isEqualTo(100_000);
    assertThat(down.path("truncated").asBoolean()).isFalse();
    assertThat(down.path("gaps")).hasSize(Gaps.MAX_GAPS);
    JsonNode leaf = stack.get(ACME, "/api/v1/agents/" + p + "9999/lineage").body();
    assertThat(leaf.path("root").asText()).isEqualTo(p + "0");
    assertThat(leaf.path("nodes")).hasSize(51);
    JsonNode middle = stack.get(ACME, "/api/v1/agents/" + p + "4801/lineage?direction=down").body();
    assertThat(middle.path("nodes")).hasSize(26); // 4801, 5001, ..., 9801
  }

  /**
   * A kept whole-chain answer is served while it is still the answer, and not once the writer
   * wrote anything it shows: a new grandchild, a later trace of a member (its tokens), a dead
   * agent's child that hangs under the root's trace, the dead agent's second child in a trace of
   * its own, and the dead agent's pid reporting after all. (Tenant initech, out of the other
   * tests' counts.)
   */
  @Test
  void lineage_keptAnswer_servedUntilItsTreeChanges() throws Exception {
    String k0 = "k0-" + RUN;
    String k1 = "k1-" + RUN;
    String k2 = "k2-" + RUN;
    String orphan = "ko-" + RUN;
    String host = "keep-" + RUN;
    String path = "/api/v1/agents/" + k0 + "/lineage";
    try (TestAgent root = new TestAgent(stack.otlpGrpc(), INITECH, k0, "planner", host, 400, 1);
        TestAgent child = new TestAgent(stack.otlpGrpc(), INITECH, k1, "coder", host, 401, 1);
        TestAgent grandchild = new TestAgent(stack.otlpGrpc(), INITECH, k2, "tester", host, 402, 401);
        TestAgent deadsChild = new TestAgent(stack.otlpGrpc(), INITECH, orphan, "reviewer", host, 404, 403)) {
      Span rootSpan = root.span("invoke_agent planner", null).startSpan();
      rootSpan.end();
      Span childSpan = child.span("invoke_agent coder", rootSpan.getSpanContext()).startSpan();
      childSpan.end();
      JsonNode two = stack.await(INITECH, path, body -> body.path("nodes").size() == 2, 60);
      assertThat(ids(stack.awaitKept(INITECH, path, two).path("nodes"), "instanceId")).containsExactly(k0, k1);

      grandchild.span("invoke_agent tester", childSpan.getSpanContext()).startSpan().end();
      JsonNode three = stack.await(INITECH, path, body -> body.path("nodes").size() == 3, 60);
      assertThat(edges(three)).contains(k1 + ">" + k2 + ":parent_span");
      stack.awaitKept(INITECH, path, three);

      // A later trace of the child alone: nothing but the tree's root says it is in the answer.
      Span later = child.span("plan", null).startSpan();
      child.chat(later, "gpt-4o", 40, 2, false);
      later.end();
      stack.awaitKept(INITECH, path, stack.await(INITECH, path, body -> body.path("totals").path("inputTokens").asLong() == 40, 60));

      // Agent 403 died before exporting; its child's parent span is in the root's trace.
      deadsChild.span("invoke_agent reviewer",
          TestAgent.ghost(rootSpan.getSpanContext().getTraceId(), "0dead0dead0dead0")).startSpan().end();
      JsonNode withGhost = stack.await(INITECH, path, body -> body.path("nodes").size() == 5, 60);
      assertThat(edges(withGhost)).contains("ghost:p:" + host + "/403>" + orphan + ":process");
      stack.awaitKept(INITECH, path, withGhost);

      // Another child of 403, in a trace of its own: only its parent process ties it to the tree.
      try (TestAgent secondChild = new TestAgent(stack.otlpGrpc(), INITECH, orphan + "-2", "reviewer", host, 405, 403)) {
        secondChild.span("invoke_agent reviewer", TestAgent.ghost(
            UUID.randomUUID().toString().replace("-", ""), "0dead0dead0dead1")).startSpan().end();
      }
      JsonNode twoOrphans = stack.await(INITECH, path, body -> body.path("nodes").size() == 6, 60);
      assertThat(edges(twoOrphans)).contains("ghost:p:" + host + "/403>" + orphan + "-2:process");
      stack.awaitKept(INITECH, path, twoOrphans);

      // Pid 403 reports after all (a new process reusing it): Wake no longer shows a ghost for it.
      try (TestAgent reuser = new TestAgent(stack.otlpGrpc(), INITECH, "kr-" + RUN, "late", host, 403, 1)) {
        reuser.span("invoke_agent late", null).startSpan().end();
      }
      stack.await(INITECH, path, body -> !ids(body.path("nodes"), "instanceId").contains("ghost:p:" + host + "/403"), 60);
    }
  }

  /** A tree that went quiet (2 s in this stack) has its whole-chain answer kept before anyone asks for it. */
  @Test
  void lineage_quietTree_keptBeforeItIsAskedFor() throws Exception {
    String q0 = "q0-" + RUN;
    String q1 = "q1-" + RUN;
    String trace;
    try (TestAgent root = new TestAgent(stack.otlpGrpc(), INITECH, q0, "planner", "quiet-" + RUN, 500, 1);
        TestAgent child = new TestAgent(stack.otlpGrpc(), INITECH, q1, "coder", "quiet-" + RUN, 501, 500)) {
      Span rootSpan = root.span("invoke_agent planner", null).startSpan();
      rootSpan.end();
      child.span("invoke_agent coder", rootSpan.getSpanContext()).startSpan().end();
      trace = rootSpan.getSpanContext().getTraceId();
    }
    stack.await(INITECH, "/api/v1/traces/" + trace, body -> body.path("spans").size() >= 2, 60);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!stack.dump("SELECT Start FROM lineage_answers WHERE Start = '" + q0 + "' AND Direction = 'both'"
        + " AND Nodes = 2").contains(q0)) {
      assertThat(System.nanoTime()).as("the quiet tree's answer was never kept").isLessThan(deadline);
      Thread.sleep(250);
    }
    QueryStack.Response first = stack.get(INITECH, "/api/v1/agents/" + q0 + "/lineage");
    assertThat(first.source()).isEqualTo("kept");
    assertThat(ids(first.body().path("nodes"), "instanceId")).containsExactly(q0, q1);
    assertThat(edges(first.body())).contains(q0 + ">" + q1 + ":parent_span", q0 + ">" + q1 + ":process");
  }

  @Test
  void lineage_anAgentWhoseOwnParentSpanArrivedInALaterBatch_getsNoGhost() throws Exception {
    String j = "j-" + RUN;
    try (TestAgent agent = new TestAgent(stack.otlpGrpc(), ACME, j, "late-root", "node-" + RUN, 300, 1)) {
      Span root = agent.span("invoke_agent late-root", null).startSpan();
      agent.chat(root, "gpt-4o", 1, 1, false); // exported alone: its parent span is not in that batch
      awaitSpans(root.getSpanContext().getTraceId(), 1);
      root.end();
      awaitSpans(root.getSpanContext().getTraceId(), 2);
    }
    JsonNode body = stack.get(ACME, "/api/v1/agents/" + j + "/lineage").body();
    assertThat(ids(body.path("nodes"), "instanceId")).containsExactly(j);
    assertThat(body.path("root").asText()).isEqualTo(j);
    // Its parent pid 1 reported nothing (a gap), but its own parent span arrived: no dead agent between.
    assertThat(ids(body.path("gaps"), "kind")).containsExactly("process");
  }

  private static void awaitSpans(String traceId, int count) throws Exception {
    stack.await(ACME, "/api/v1/traces/" + traceId, body -> body.path("spans").size() >= count, 60);
  }

  @Test
  void lineage_chainDeeperThanOneRecursiveRead_isFollowedToItsEndOrMaxDepth() throws Exception {
    String p = "deep-" + RUN + "-";
    int depth = 3 * LineageEdges.LEVELS_PER_READ + 7;
    stack.execute("INSERT INTO agent_instances (TenantId, InstanceId, AgentName, FirstSeen, LastSeen, SpanCount)"
        + " SELECT 'acme', concat('" + p + "', toString(number)), 'relay', " + TWO_DAYS_AGO + ", " + TWO_DAYS_AGO + ", 1"
        + " FROM numbers(" + (depth + 1) + ")");
    // Node i > 0 has parent i - 1, and node 0 also has a diamond child path 0 -> d -> 2 of another kind.
    String parent = "concat('" + p + "', toString(number - 1))";
    String child = "concat('" + p + "', toString(number))";
    stack.execute("INSERT INTO lineage_edges (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence, Seen)"
        + " SELECT 'acme', " + child + ", 'up', " + parent + ", 'parent_span', 'span', now64(9) FROM numbers(1, " + depth + ")"
        + " UNION ALL SELECT 'acme', " + parent + ", 'down', " + child + ", 'parent_span', 'span', now64(9)"
        + " FROM numbers(1, " + depth + ")");
    stack.execute("INSERT INTO lineage_edges (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence, Seen) VALUES"
        + " ('acme', '" + p + "d', 'up', '" + p + "0', 'span_link', 'link', now64(9)),"
        + " ('acme', '" + p + "0', 'down', '" + p + "d', 'span_link', 'link', now64(9)),"
        + " ('acme', '" + p + "2', 'up', '" + p + "d', 'process', 'pid 7', now64(9)),"
        + " ('acme', '" + p + "d', 'down', '" + p + "2', 'process', 'pid 7', now64(9))");
    JsonNode leaf = stack.get(ACME, "/api/v1/agents/" + p + depth + "/lineage?direction=up").body();
    assertThat(leaf.path("root").asText()).isEqualTo(p + "0");
    assertThat(leaf.path("nodes")).hasSize(depth + 1); // d has no instance row: an edge, not a node
    assertThat(edges(leaf)).hasSize(depth + 2).contains(p + "d>" + p + "2:process", p + "0>" + p + "d:span_link");
    assertThat(leaf.path("truncated").asBoolean()).isFalse();
    JsonNode rootDown = stack.get(ACME, "/api/v1/agents/" + p + "0/lineage?direction=down").body();
    assertThat(edges(rootDown)).hasSize(depth + 2);
    JsonNode capped = stack.get(ACME, "/api/v1/agents/" + p + depth + "/lineage?direction=up&maxDepth=100").body();
    assertThat(capped.path("nodes")).hasSize(101);
    assertThat(capped.path("truncated").asBoolean()).isTrue();
  }

  static List<String> ids(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(field == null ? item.asText() : item.path(field).asText()));
    return out;
  }

  static List<String> edges(JsonNode lineage) {
    List<String> out = new ArrayList<>();
    lineage.path("edges").forEach(e -> out.add(e.path("parent").asText() + ">" + e.path("child").asText() + ":"
        + e.path("kind").asText()));
    return out;
  }

  private static JsonNode node(JsonNode lineage, String id) {
    return find(lineage.path("nodes"), "instanceId", id);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode item : array) {
      if (item.path(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + "=" + value + " in " + array);
  }

}
