package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A four-agent chain tied by each kind of edge: root -(parent_span)-> planner -(span_link)-> tool
 * -(process)-> worker, whose records reach Kafka child first, each in its own batch.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class LineageIT {

  @Test
  void chain_childrenBeforeParents_edgesOfAllThreeKindsInBothDirections(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    String trace1 = TestSpans.randomHex(16);
    String trace2 = TestSpans.randomHex(16);
    String rootSpan = TestSpans.randomHex(8);
    String plannerSpan = TestSpans.randomHex(8);
    String toolSpan = TestSpans.randomHex(8);
    String workerSpan = TestSpans.randomHex(8);
    long t0 = System.currentTimeMillis() * 1_000_000L;
    String suffix = TestSpans.randomHex(4);
    String root = "root-" + suffix;
    String planner = "planner-" + suffix;
    String tool = "tool-" + suffix;
    String worker = "worker-" + suffix;

    byte[] rootRequest = TestSpans.request(TestSpans.resource(root, "root", "h1", 100, 1),
        TestSpans.span(trace1, rootSpan, null, "invoke_agent root", t0).build()).toByteArray();
    byte[] plannerRequest = TestSpans.request(TestSpans.resource(planner, "planner", "h2", 200, 1),
        TestSpans.span(trace1, plannerSpan, rootSpan, "invoke_agent planner", t0 + 1_000_000)
            .addAttributes(TestSpans.attr("gen_ai.usage.input_tokens", 120))
            .addAttributes(TestSpans.attr("gen_ai.usage.output_tokens", 30)).build()).toByteArray();
    byte[] toolRequest = TestSpans.request(TestSpans.resource(tool, "tool", "h3", 300, 1),
        TestSpans.span(trace2, toolSpan, null, "execute_tool", t0 + 2_000_000)
            .addLinks(Span.Link.newBuilder().setTraceId(TestSpans.id(trace1)).setSpanId(TestSpans.id(plannerSpan)))
            .setStatus(io.opentelemetry.proto.trace.v1.Status.newBuilder()
                .setCode(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR)).build()).toByteArray();
    byte[] workerRequest = TestSpans.request(TestSpans.resource(worker, "worker", "h3", 301, 300),
        TestSpans.span(TestSpans.randomHex(16), workerSpan, null, "work", t0 + 3_000_000).build()).toByteArray();

    try (Writer writer = fx.start()) {
      // Child first, each waited for, so that every edge is completed by its parent's later batch.
      produceOneByOne(fx, "acme", List.of(workerRequest, toolRequest, plannerRequest, rootRequest));
      assertThat(fx.awaitAtLeast("SELECT count() FROM lineage_edges FINAL", 6)).isEqualTo(6);
    }

    List<Map<String, String>> up = fx.rows("SELECT InstanceId, OtherInstanceId, Kind, Evidence FROM lineage_edges FINAL"
        + " WHERE TenantId = 'acme' AND Direction = 'up' ORDER BY InstanceId");
    assertThat(up).containsExactlyInAnyOrder(
        Map.of("InstanceId", planner, "OtherInstanceId", root, "Kind", "parent_span", "Evidence", plannerSpan),
        Map.of("InstanceId", tool, "OtherInstanceId", planner, "Kind", "span_link", "Evidence", toolSpan),
        Map.of("InstanceId", worker, "OtherInstanceId", tool, "Kind", "process", "Evidence", "pid 300"));
    List<Map<String, String>> down = fx.rows("SELECT InstanceId, OtherInstanceId, Kind FROM lineage_edges FINAL"
        + " WHERE TenantId = 'acme' AND Direction = 'down'");
    assertThat(down).containsExactlyInAnyOrder(
        Map.of("InstanceId", root, "OtherInstanceId", planner, "Kind", "parent_span"),
        Map.of("InstanceId", planner, "OtherInstanceId", tool, "Kind", "span_link"),
        Map.of("InstanceId", tool, "OtherInstanceId", worker, "Kind", "process"));

    // Each root is the parent (which had none yet when the child's edge was written): an ancestor.
    assertThat(roots(fx, suffix)).containsExactlyInAnyOrder(
        "up " + planner + " " + root, "down " + root + " " + planner,
        "up " + tool + " " + planner, "down " + planner + " " + tool,
        "up " + worker + " " + tool, "down " + tool + " " + worker);

    List<Map<String, String>> instances = fx.rows("SELECT InstanceId, AgentName, Host, Pid, ParentPid, SpanCount,"
        + " ErrorCount, InputTokens, OutputTokens FROM agent_instances FINAL WHERE TenantId = 'acme' ORDER BY Pid");
    assertThat(instances).hasSize(4);
    assertThat(instances.get(1)).containsEntry("InstanceId", planner).containsEntry("AgentName", "planner")
        .containsEntry("InputTokens", "120").containsEntry("OutputTokens", "30").containsEntry("SpanCount", "1");
    assertThat(instances.get(2)).containsEntry("InstanceId", tool).containsEntry("ErrorCount", "1");
    assertThat(instances.get(3)).containsEntry("InstanceId", worker).containsEntry("ParentPid", "300");
  }

  @Test
  void chain_parentsBeforeChildren_everyRootIsTheTop(TestKafka kafka, TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    long t0 = System.currentTimeMillis() * 1_000_000L;
    String suffix = TestSpans.randomHex(4);
    String trace = TestSpans.randomHex(16);
    String[] spans = {TestSpans.randomHex(8), TestSpans.randomHex(8), TestSpans.randomHex(8)};
    List<byte[]> requests = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      requests.add(TestSpans.request(TestSpans.resource("n" + i + "-" + suffix, "agent", "hy", 600 + i, 1),
          TestSpans.span(trace, spans[i], i == 0 ? null : spans[i - 1], "invoke_agent", t0 + i).build()).toByteArray());
    }
    // A later span of n1 alone: its tree changed, under its root.
    requests.add(TestSpans.request(TestSpans.resource("n1-" + suffix, "agent", "hy", 601, 1),
        TestSpans.span(trace, TestSpans.randomHex(8), null, "chat", t0 + 3).build()).toByteArray());
    try (Writer writer = fx.start()) {
      produceOneByOne(fx, "acme", requests);
    }
    assertThat(roots(fx, suffix)).containsExactlyInAnyOrder(
        "up n1-" + suffix + " n0-" + suffix, "down n0-" + suffix + " n1-" + suffix,
        "up n2-" + suffix + " n0-" + suffix, "down n0-" + suffix + " n2-" + suffix);

    // Each write recorded the trees it changed: n0 (the root, by itself and for its members) each
    // time; n1 and n2 only as children of their new edges, not for n1's later span.
    Map<String, Long> changed = new java.util.HashMap<>();
    fx.rows("SELECT Key, toUnixTimestamp64Nano(max(Changed)) AS Ns FROM lineage_changes WHERE TenantId = 'acme'"
        + " AND (Key LIKE '%-" + suffix + "' OR Key = 'g:p:hy/1') GROUP BY Key")
        .forEach(row -> changed.put(row.get("Key"), Long.parseLong(row.get("Ns"))));
    assertThat(changed).containsOnlyKeys("n0-" + suffix, "n1-" + suffix, "n2-" + suffix, "g:p:hy/1");
    assertThat(changed.get("n1-" + suffix)).isLessThan(changed.get("n2-" + suffix));
    assertThat(changed.get("n2-" + suffix)).isLessThan(changed.get("n0-" + suffix));
    // Each of them names parent pid 1, which reported nothing: a dead (or foreign) process's children.
    assertThat(changed.get("g:p:hy/1")).isEqualTo(changed.get("n0-" + suffix));
  }

  /**
   * References looked up after their keys arrived, where the referenced trace holds one instance
   * only: a link to it from another trace (its one instance is not the linking one) becomes an
   * edge; a parent span that never arrived, in a trace only its child wrote to, stays an open
   * reference, not an edge.
   */
  @Test
  void keysFirst_linkIntoAnotherInstancesLoneTrace_isAnEdge(TestKafka kafka, TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    long t0 = System.currentTimeMillis() * 1_000_000L;
    String suffix = TestSpans.randomHex(4);
    String linkedTrace = TestSpans.randomHex(16);
    String linkedSpan = TestSpans.randomHex(8);
    String childTrace = TestSpans.randomHex(16);
    String lostParent = TestSpans.randomHex(8);
    byte[] linked = TestSpans.request(TestSpans.resource("l-" + suffix, "linked", "hl", 700, 1),
        TestSpans.span(linkedTrace, linkedSpan, null, "plan", t0).build()).toByteArray();
    byte[] linking = TestSpans.request(TestSpans.resource("k-" + suffix, "linking", "hk", 701, 1),
        TestSpans.span(childTrace, TestSpans.randomHex(8), lostParent, "act", t0 + 1_000)
            .addLinks(Span.Link.newBuilder().setTraceId(TestSpans.id(linkedTrace)).setSpanId(TestSpans.id(linkedSpan)))
            .build()).toByteArray();
    try (Writer writer = fx.start()) {
      produceOneByOne(fx, null, List.of(linked, linking));
      fx.awaitAtLeast("SELECT count() FROM lineage_edges WHERE InstanceId = 'k-" + suffix + "'", 1);
    }
    assertThat(fx.rows("SELECT InstanceId, OtherInstanceId, Kind FROM lineage_edges FINAL WHERE Direction = 'up'"
        + " AND TenantId = 'default' AND InstanceId LIKE '%-" + suffix + "'"))
        .containsExactly(Map.of("InstanceId", "k-" + suffix, "OtherInstanceId", "l-" + suffix, "Kind", "span_link"));
    assertThat(fx.rows("SELECT Kind, Key FROM lineage_refs FINAL WHERE InstanceId = 'k-" + suffix
        + "' AND Kind != 'process' ORDER BY Kind"))
        .containsExactly(Map.of("Kind", "parent_span", "Key", "s:" + childTrace + lostParent),
            Map.of("Kind", "span_link", "Key", "s:" + linkedTrace + linkedSpan));
  }

  /**
   * Sends each request (one span each) for {@code tenant} and waits until the writer committed it
   * (its span and its lineage are written), so each is its own batch, written after the one before.
   */
  private static void produceOneByOne(WriterFixture fx, String tenant, List<byte[]> requests) throws Exception {
    long sent = 0;
    for (byte[] request : requests) {
      long before = fx.scalar("SELECT count() FROM otel_traces");
      fx.produce(fx.config.spansTopic(), null, request, tenant);
      fx.awaitCommitted(++sent);
      assertThat(fx.scalar("SELECT count() FROM otel_traces")).isEqualTo(before + 1);
    }
  }

  /** {@code lineage_roots} rows of the instances ending in {@code suffix}: "direction id other". */
  private static List<String> roots(WriterFixture fx, String suffix) throws Exception {
    return fx.rows("SELECT Direction, Id, Other FROM lineage_roots FINAL WHERE TenantId = 'acme' AND Id LIKE '%-"
        + suffix + "'").stream().map(row -> row.get("Direction") + " " + row.get("Id") + " " + row.get("Other")).toList();
  }

  /**
   * Two batches whose lineage is written as one, as {@link LineageGroups} does when lineage falls
   * behind: a parent process in the first and its child in the second become an edge, and an
   * instance in both counts each batch's spans once, also when a replay writes each batch again
   * on its own (grouped otherwise).
   */
  @Test
  void group_twoBatchesInOneLineageWrite_edgeOnceAndEachBatchCountedOnce(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    String suffix = TestSpans.randomHex(4);
    String parent = "parent-" + suffix;
    String child = "child-" + suffix;
    String both = "both-" + suffix;
    String host = "h-" + suffix;
    long t0 = System.currentTimeMillis() * 1_000_000L;
    LineageFacts first = new LineageFacts();
    span(first, TestSpans.resource(parent, "parent", host, 500, 1), t0);
    span(first, TestSpans.resource(both, "both", host, 600, 1), t0);
    LineageFacts second = new LineageFacts();
    span(second, TestSpans.resource(child, "child", host, 501, 500), t0 + 1_000_000);
    span(second, TestSpans.resource(both, "both", host, 600, 1), t0 + 2_000_000);

    try (ClickHouseStore store = new ClickHouseStore(fx.config.clickHouse(), fx.database())) {
      Lineage lineage = new Lineage(store, store.schema(Writer.TABLES), new WriterMetrics(() -> 0));
      assertThat(lineage.write(List.of(first, second), List.of("t:0:0-1", "t:0:1-2"))).isEqualTo(1);
      lineage.write(List.of(first), List.of("t:0:0-1"));
      lineage.write(List.of(second), List.of("t:0:1-2"));
    }

    assertThat(fx.rows("SELECT InstanceId, OtherInstanceId, Kind, Evidence FROM lineage_edges FINAL"
        + " WHERE TenantId = 'acme' AND Direction = 'up'")).containsExactly(
        Map.of("InstanceId", child, "OtherInstanceId", parent, "Kind", "process", "Evidence", "pid 500"));
    assertThat(fx.scalar("SELECT sum(SpanCount) FROM agent_instances WHERE InstanceId = '" + both + "'")).isEqualTo(2);
    assertThat(fx.scalar("SELECT sum(SpanCount) FROM agent_instances WHERE InstanceId = '" + parent + "'")).isEqualTo(1);
    assertThat(roots(fx, suffix)).containsExactlyInAnyOrder("up " + child + " " + parent, "down " + parent + " " + child);
  }

  /** Records one span of {@code resource}'s instance, in a trace of its own, into {@code facts}. */
  private static void span(LineageFacts facts, Resource resource, long startNanos) {
    String trace = TestSpans.randomHex(16);
    facts.span("acme", AgentIdentity.of(resource.getAttributesList()), trace,
        TestSpans.span(trace, TestSpans.randomHex(8), null, "work", startNanos).build(), Map.of());
  }

  @Test
  void processParent_pidReusedLater_isNotTheParent(TestKafka kafka, TestClickHouse ch) throws Exception {
    WriterFixture fx = new WriterFixture(kafka, ch);
    long t0 = System.currentTimeMillis() * 1_000_000L;
    String suffix = TestSpans.randomHex(4);
    byte[] parent = TestSpans.request(TestSpans.resource("p-" + suffix, "parent", "hx", 500, 1),
        TestSpans.span(TestSpans.randomHex(16), TestSpans.randomHex(8), null, "p", t0).build()).toByteArray();
    byte[] child = TestSpans.request(TestSpans.resource("c-" + suffix, "child", "hx", 501, 500),
        TestSpans.span(TestSpans.randomHex(16), TestSpans.randomHex(8), null, "c", t0 + 1_000).build()).toByteArray();
    byte[] reuser = TestSpans.request(TestSpans.resource("r-" + suffix, "reuser", "hx", 500, 1),
        TestSpans.span(TestSpans.randomHex(16), TestSpans.randomHex(8), null, "r", t0 + 60_000_000_000L).build())
        .toByteArray();
    try (Writer writer = fx.start()) {
      produceOneByOne(fx, null, List.of(parent, child, reuser));
    }
    assertThat(fx.rows("SELECT InstanceId, OtherInstanceId FROM lineage_edges FINAL WHERE Direction = 'up'"
        + " AND TenantId = 'default' AND InstanceId LIKE '%-" + suffix + "'"))
        .containsExactly(Map.of("InstanceId", "c-" + suffix, "OtherInstanceId", "p-" + suffix));
  }
}
