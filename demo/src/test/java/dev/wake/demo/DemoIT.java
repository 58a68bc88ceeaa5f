package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo end to end: eight agents as real processes (seed {@value #SEED}) export with the OpenTelemetry
 * SDK through Wake's collector, Kafka and writer into ClickHouse; one, a parent, halts before exporting.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(600)
class DemoIT {
  /**
   * 0 -> 0.1 (-> 0.1.1), 0.2 (dies; -> 0.2.1 local-llm -> 0.2.1.1 new trace, 0.2.2), 0.3: every kind of
   * edge, a dying parent with children, a local-model agent that exports, and three failed calls.
   */
  private static final long SEED = 8;

  @Test
  void swarm_eightAgentProcesses_exportedAgentsAndTheirEdgesStoredDeadOnesAbsent(TestKafka kafka, TestClickHouse ch)
      throws Exception {
    SwarmPlan plan = SwarmPlan.generate(SEED, 8);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    Swarm.Result result;
    try (WakePipeline wake = new WakePipeline(kafka, ch)) {
      DemoConfig config = new DemoConfig(8, SEED, new Endpoints(wake.otlpGrpc(), "http://127.0.0.1:9"),
          Duration.ZERO, Duration.ofMinutes(4));
      result = new Demo(config, new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
      String output = printed.toString(StandardCharsets.UTF_8);
      System.out.println(output); // failsafe keeps it in DemoIT-output.txt
      assertThat(result.crashed()).as(output).isEmpty();
      assertThat(result.neverStarted()).as(output).isEmpty();
      assertThat(result.running()).as(output).isEmpty();
      assertThat(result.reports()).hasSize(8);
      plan.all().forEach(a -> assertThat(result.reports().get(a.id()).outcome()).as(a.id())
          .isEqualTo(a.dies() ? AgentReport.Outcome.DIED : AgentReport.Outcome.EXPORTED));

      Map<String, String> instances = new java.util.HashMap<>(); // instance id -> plan id
      result.reports().values().forEach(r -> instances.put(r.instanceId(), r.id()));
      List<String> exported = ids(result, AgentReport.Outcome.EXPORTED);
      List<String> died = ids(result, AgentReport.Outcome.DIED);
      assertThat(died).hasSize(1);
      assertThat(wake.await("SELECT count() FROM agent_instances FINAL", exported.size())).isEqualTo(exported.size());
      List<Edge> expected = expectedEdges(plan, result);
      assertThat(wake.await("SELECT count() FROM lineage_edges FINAL WHERE Direction = 'up'", expected.size()))
          .isEqualTo(expected.size());

      assertThat(wake.rows("SELECT InstanceId, AgentName, ServiceName, Pid FROM agent_instances FINAL"))
          .containsExactlyInAnyOrderElementsOf(exported.stream().map(id -> result.reports().values().stream()
              .filter(r -> r.instanceId().equals(id)).findFirst().orElseThrow())
              .map(r -> Map.of("InstanceId", r.instanceId(), "AgentName", r.name(), "ServiceName", "wake-demo",
                  "Pid", Long.toString(r.pid()))).toList());
      List<Edge> up = wake.rows("SELECT InstanceId, OtherInstanceId, Kind FROM lineage_edges FINAL WHERE Direction = 'up'")
          .stream().map(row -> new Edge(instances.get(row.get("InstanceId")), instances.get(row.get("OtherInstanceId")),
              row.get("Kind"))).toList();
      assertThat(up).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(up).extracting(Edge::kind).contains("parent_span", "span_link", "process");

      String deadIds = died.stream().map(id -> "'" + id + "'").collect(Collectors.joining(","));
      assertThat(wake.scalar("SELECT count() FROM otel_traces WHERE AgentInstanceId IN (" + deadIds + ")")).isZero();
      assertThat(wake.scalar("SELECT count() FROM otel_traces WHERE SpanName LIKE 'chat %'")).isPositive();
      long errors = result.reports().values().stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED)
          .mapToLong(AgentReport::errors).sum();
      assertThat(errors).isPositive();
      assertThat(wake.scalar("SELECT sum(ErrorCount) FROM agent_instances FINAL")).isEqualTo(errors);
      assertThat(wake.scalar("SELECT count() FROM otel_traces WHERE StatusCode = 'Error'"
          + " AND has(Events.Name, 'exception')")).isEqualTo(errors);

      long input = result.reports().values().stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED)
          .mapToLong(AgentReport::inputTokens).sum();
      assertThat(wake.await("SELECT toInt64(sum(Sum)) FROM otel_metrics_histogram WHERE MetricName ="
          + " 'gen_ai.client.token.usage' AND Attributes['gen_ai.token.type'] = 'input'", input)).isEqualTo(input);
      assertThat(wake.scalar("SELECT count() FROM otel_metrics_gauge WHERE MetricName = 'hw.gpu.utilization'"
          + " AND AgentInstanceId IN (SELECT InstanceId FROM agent_instances FINAL WHERE AgentName = 'local-llm')"))
          .isPositive();
      if (result.reports().values().stream().allMatch(r -> r.gpu() != Gpu.Source.REAL)) {
        assertThat(wake.scalar("SELECT countIf(Attributes['wake.simulated'] != 'true') FROM otel_metrics_gauge"))
            .isZero();
        assertThat(output).contains("SIMULATED");
      }

      AgentReport showcased = result.reports().get("0.2.1.1");
      assertThat(output).contains("DIED before export", "1 died before export",
          "http://127.0.0.1:9/agents/" + showcased.instanceId(),
          "http://127.0.0.1:9/api/v1/agents/" + showcased.instanceId() + "/lineage", "the data may still be on its way");
    }
  }

  /** An edge up from child to parent, by plan id. */
  private record Edge(String child, String parent, String kind) {}

  /**
   * Every exported agent whose parent exported too: a process edge, and a span_link (new trace) or a
   * parent_span edge. A child of a dead agent has neither: its lineage has a gap there.
   */
  private static List<Edge> expectedEdges(SwarmPlan plan, Swarm.Result result) {
    List<Edge> edges = new ArrayList<>();
    for (AgentPlan a : plan.all()) {
      if (a.isRoot() || a.dies() || plan.get(a.parentId()).dies()) {
        continue;
      }
      edges.add(new Edge(a.id(), a.parentId(), "process"));
      edges.add(new Edge(a.id(), a.parentId(), a.newTrace() ? "span_link" : "parent_span"));
    }
    return edges;
  }

  private static List<String> ids(Swarm.Result result, AgentReport.Outcome outcome) {
    return result.reports().values().stream().filter(r -> r.outcome() == outcome).map(AgentReport::instanceId).toList();
  }
}
