package dev.wake.query;

import static dev.wake.query.QueryStack.ACME;
import static dev.wake.query.QueryStack.GLOBEX;
import static dev.wake.query.QueryStack.INITECH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.query.QueryStack.Response;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metrics endpoints against data sent through the whole pipeline by the OpenTelemetry SDK,
 * stamped at known seconds: T1 and T2 in the minute starting BASE, T3 in the next one. GPU gauges:
 * agent trainer with GPUs a1 and a2 on host h1, agent server with a simulated GPU b1 on h2, a DCGM
 * exporter's GPU d1 on h3 (percent and MiB); globex's GPU g1. Token usage: a cumulative histogram
 * (gpt-4o, exported at T1 and T3), a delta one (llama-3-8b), and LLM spans.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class MetricsApiIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String H1 = "h1-" + RUN;
  private static final String H2 = "h2-" + RUN;
  private static final String H3 = "h3-" + RUN;
  private static final long BASE = Instant.now().getEpochSecond() / 60 * 60 - 1800;
  private static final long T1 = BASE + 10;
  private static final long T2 = BASE + 20;
  private static final long T3 = BASE + 70;
  private static final String WINDOW = "start=" + iso(BASE) + "&end=" + iso(BASE + 119) + "&step=60";
  private static final AttributeKey<String> TYPE = AttributeKey.stringKey("gen_ai.token.type");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static QueryStack stack;

  @BeforeAll
  static void send(TestKafka kafka, TestClickHouse ch) throws Exception {
    stack = new QueryStack(kafka, ch);
    sendGpus();
    sendTokenHistograms();
    sendTokenSpans();
    sendGpuAgentSpans();
    await("/api/v1/agents/gpu-b-" + RUN + "/lineage", body -> body.path("nodes").size() == 1);
    await("/api/v1/agents/gpu-a-" + RUN + "/lineage", body -> body.path("nodes").size() == 1);
    await("/api/v1/metrics/gpu?groupBy=gpu&" + WINDOW, body -> body.path("series").size() == 4
        && points(body).size() == 7);
    await("/api/v1/metrics/gpu?metric=memory&" + WINDOW, body -> points(body).size() == 7);
    await("/api/v1/metrics/tokens?source=metric&" + WINDOW, body -> points(body).size() == 7);
    await("/api/v1/metrics/tokens?" + WINDOW, body -> points(body).size() == 8);
  }

  private static void sendGpus() {
    String grpc = stack.otlpGrpc();
    TestMeterAgent trainer = new TestMeterAgent(grpc, ACME,
        TestMeterAgent.resource("swarm", "gpu-a-" + RUN, "trainer", H1), false, BASE);
    TestMeterAgent server = new TestMeterAgent(grpc, ACME,
        TestMeterAgent.resource("swarm", "gpu-b-" + RUN, "server", H2), false, BASE);
    TestMeterAgent dcgm = new TestMeterAgent(grpc, ACME,
        TestMeterAgent.resource("dcgm-exporter", "dcgm-" + RUN, null, "scraper-" + RUN), false, BASE);
    TestMeterAgent globex = new TestMeterAgent(grpc, GLOBEX,
        TestMeterAgent.resource("swarm", "gpu-g-" + RUN, "trainer", H1), false, BASE);
    gpu(trainer, "a1", 0.5, 1000, false);
    gpu(trainer, "a2", 0.9, 3000, false);
    trainer.export(T1);
    gpu(trainer, "a1", 0.7, 1000, false);
    gpu(trainer, "a2", 0.9, 3000, false);
    trainer.export(T2);
    gpu(trainer, "a1", 0.2, 1000, false);
    gpu(trainer, "a2", 0.4, 3000, false);
    trainer.close(T3);
    gpu(server, "b1", 0.3, 1L << 30, true);
    server.export(T1);
    gpu(server, "b1", 0.6, 1L << 30, true);
    server.close(T3);
    Attributes d1 = Attributes.builder().put("UUID", "GPU-d1").put("gpu", "0").put("Hostname", H3).build();
    dcgm.meter.gaugeBuilder("DCGM_FI_DEV_GPU_UTIL").build().set(80, d1);
    dcgm.meter.gaugeBuilder("DCGM_FI_DEV_FB_USED").build().set(1024, d1);
    dcgm.close(T1);
    gpu(globex, "g1", 0.1, 10, false);
    globex.close(T1);
  }

  private static void gpu(TestMeterAgent agent, String id, double utilization, long memory, boolean simulated) {
    var attributes = Attributes.builder().put("hw.id", "GPU-" + id);
    if (simulated) {
      attributes.put("wake.simulated", true);
    }
    DoubleGauge gauge = agent.meter.gaugeBuilder("hw.gpu.utilization").setUnit("1").build();
    gauge.set(utilization, attributes.build());
    agent.meter.gaugeBuilder("hw.gpu.memory.usage").ofLongs().setUnit("By").build().set(memory, attributes.build());
  }

  /**
   * Spans of the GPU agents, so that they are agent instances: trainer's from T1 to T3, beside
   * its GPU samples; server's three hours before its samples (further than the hour GPU seconds
   * look around an agent's spans).
   */
  private static void sendGpuAgentSpans() {
    String grpc = stack.otlpGrpc();
    try (TestAgent trainer = new TestAgent(grpc, ACME, "gpu-a-" + RUN, "trainer", H1, 20, 1);
        TestAgent server = new TestAgent(grpc, ACME, "gpu-b-" + RUN, "server", H2, 21, 1)) {
      trainer.span("train", null).setStartTimestamp(T1, TimeUnit.SECONDS).startSpan().end(T3, TimeUnit.SECONDS);
      server.span("serve", null).setStartTimestamp(BASE - 3 * 3600, TimeUnit.SECONDS).startSpan()
          .end(BASE - 3 * 3600 + 5, TimeUnit.SECONDS);
    }
  }

  /** Cumulative: 100 in + 20 out by T1, 50 more in by T3. Delta: 40 in by T1, 60 in + 7 out by T3. */
  private static void sendTokenHistograms() {
    String grpc = stack.otlpGrpc();
    TestMeterAgent cumulative = new TestMeterAgent(grpc, ACME,
        TestMeterAgent.resource("swarm", "tok-a-" + RUN, "writer", H1), false, BASE);
    LongHistogram usage = tokens(cumulative);
    usage.record(60, Attributes.of(TYPE, "input", MODEL, "gpt-4o"));
    usage.record(40, Attributes.of(TYPE, "input", MODEL, "gpt-4o"));
    usage.record(20, Attributes.of(TYPE, "output", MODEL, "gpt-4o"));
    cumulative.export(T1);
    usage.record(50, Attributes.of(TYPE, "input", MODEL, "gpt-4o"));
    cumulative.close(T3);
    TestMeterAgent delta = new TestMeterAgent(grpc, ACME,
        TestMeterAgent.resource("swarm", "tok-b-" + RUN, "reviewer", H2), true, BASE);
    LongHistogram deltaUsage = tokens(delta);
    deltaUsage.record(40, Attributes.of(TYPE, "input", MODEL, "llama-3-8b"));
    delta.export(T1);
    deltaUsage.record(60, Attributes.of(TYPE, "input", MODEL, "llama-3-8b"));
    deltaUsage.record(7, Attributes.of(TYPE, "output", MODEL, "llama-3-8b"));
    delta.close(T3);
  }

  private static LongHistogram tokens(TestMeterAgent agent) {
    return agent.meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}").build();
  }

  /** gpt-4o: 100/20 at T1, 50/10 at T2, 7/3 at T3; claude (response model only) 5/1 and llama 30/5 at T1. */
  private static void sendTokenSpans() {
    String grpc = stack.otlpGrpc();
    try (TestAgent writer = new TestAgent(grpc, ACME, "span-a-" + RUN, "writer", H1, 10, 1);
        TestAgent reviewer = new TestAgent(grpc, ACME, "span-b-" + RUN, "reviewer", H2, 11, 1)) {
      llm(writer, "gen_ai.request.model", "gpt-4o", T1, 100, 20);
      llm(writer, "gen_ai.request.model", "gpt-4o", T2, 50, 10);
      llm(writer, "gen_ai.request.model", "gpt-4o", T3, 7, 3);
      llm(writer, "gen_ai.response.model", "claude", T1, 5, 1);
      writer.span("invoke_agent writer", null).setStartTimestamp(T1, TimeUnit.SECONDS).startSpan()
          .end(T3, TimeUnit.SECONDS);
      llm(reviewer, "gen_ai.request.model", "llama-3-8b", T1, 30, 5);
    }
  }

  private static void llm(TestAgent agent, String modelKey, String model, long second, long input, long output) {
    Span span = agent.span("chat " + model, null).setAttribute(modelKey, model)
        .setAttribute("gen_ai.usage.input_tokens", input).setAttribute("gen_ai.usage.output_tokens", output)
        .setStartTimestamp(second, TimeUnit.SECONDS).startSpan();
    span.end(second + 1, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  /**
   * An agent's GPU seconds in its lineage and in the agents list: each utilisation sample times the
   * time to its GPU's next sample (trainer: a1 0.5 x 10 s + 0.7 x 50 s, a2 0.9 x 10 s + 0.9 x 50 s;
   * the last samples count 0 s), only samples within an hour of the agent's spans (server's are
   * three hours from its spans: none).
   */
  @Test
  void gpuSeconds_ofAnAgent_itsSamplesWithinAnHourOfItsSpans() throws Exception {
    JsonNode trainer = ok("/api/v1/agents/gpu-a-" + RUN + "/lineage");
    assertThat(trainer.path("nodes").get(0).path("gpuSeconds").asDouble()).isCloseTo(94.0, within(1e-6));
    assertThat(trainer.path("totals").path("gpuSeconds").asDouble()).isCloseTo(94.0, within(1e-6));
    JsonNode server = ok("/api/v1/agents/gpu-b-" + RUN + "/lineage");
    assertThat(server.path("nodes").get(0).path("gpuSeconds").asDouble()).isZero();
    JsonNode agents = ok("/api/v1/agents?name=trainer&start=" + iso(BASE) + "&end=" + iso(BASE + 119));
    assertThat(agents.path("agents")).hasSize(1);
    assertThat(agents.path("agents").get(0).path("gpuSeconds").asDouble()).isCloseTo(94.0, within(1e-6));
  }

  /**
   * A kept lineage answer is not served once the writer wrote GPU samples of one of its agents
   * (tenant initech: out of the other tests' series).
   */
  @Test
  void gpuSeconds_arrivingAfterALineageWasKept_areInTheNextAnswer() throws Exception {
    String id = "gpu-k-" + RUN;
    String path = "/api/v1/agents/" + id + "/lineage";
    try (TestAgent agent = new TestAgent(stack.otlpGrpc(), INITECH, id, "finetuner", H1, 30, 1)) {
      agent.span("finetune", null).setStartTimestamp(T1, TimeUnit.SECONDS).startSpan().end(T3, TimeUnit.SECONDS);
    }
    JsonNode read = stack.await(INITECH, path, body -> body.path("nodes").size() == 1, 60);
    assertThat(stack.awaitKept(INITECH, path, read).path("totals").path("gpuSeconds").asDouble()).isZero();
    TestMeterAgent meter = new TestMeterAgent(stack.otlpGrpc(), INITECH,
        TestMeterAgent.resource("swarm", id, "finetuner", H1), false, BASE);
    gpu(meter, "k1", 0.5, 1000, false);
    meter.export(T1);
    gpu(meter, "k1", 0.5, 1000, false);
    meter.close(T2); // 0.5 x 10 s
    stack.await(INITECH, path, body -> Math.abs(body.path("totals").path("gpuSeconds").asDouble() - 5.0) < 1e-6, 60);
  }

  @Test
  void gpu_byGpu_meanPerBucketWithDcgmScaledAndSimulatedMarked() throws Exception {
    JsonNode body = ok("/api/v1/metrics/gpu?" + WINDOW);
    assertThat(body.path("groupBy").asText()).isEqualTo("gpu");
    assertThat(body.path("metric").asText()).isEqualTo("utilization");
    assertThat(body.path("unit").asText()).isEqualTo("1");
    assertThat(body.path("stepSeconds").asInt()).isEqualTo(60);
    assertThat(body.path("start").asText()).isEqualTo(iso(BASE).replace("Z", ".000000000Z"));
    assertThat(body.path("truncated").asBoolean()).isFalse();
    Map<String, JsonNode> series = byGroup(body);
    assertThat(series.keySet()).containsExactly(H1 + "/GPU-a1", H1 + "/GPU-a2", H2 + "/GPU-b1", H3 + "/GPU-d1");
    assertPoints(series.get(H1 + "/GPU-a1"), BASE, 0.6, BASE + 60, 0.2);
    assertPoints(series.get(H1 + "/GPU-a2"), BASE, 0.9, BASE + 60, 0.4);
    assertPoints(series.get(H2 + "/GPU-b1"), BASE, 0.3, BASE + 60, 0.6);
    assertPoints(series.get(H3 + "/GPU-d1"), BASE, 0.8);
    assertThat(series.get(H1 + "/GPU-a1").path("host").asText()).isEqualTo(H1);
    assertThat(series.get(H1 + "/GPU-a1").path("gpu").asText()).isEqualTo("GPU-a1");
    assertThat(series.get(H2 + "/GPU-b1").path("simulated").asBoolean()).isTrue();
    assertThat(series.get(H1 + "/GPU-a1").path("simulated").isBoolean()).isTrue();
    assertThat(series.get(H1 + "/GPU-a1").path("simulated").asBoolean()).isFalse();
  }

  @Test
  void gpu_byAgentHostInstance_meanOverTheGroupsGpus() throws Exception {
    Map<String, JsonNode> agents = byGroup(ok("/api/v1/metrics/gpu?groupBy=agent&" + WINDOW));
    assertThat(agents.keySet()).containsExactly("dcgm-exporter", "server", "trainer");
    assertPoints(agents.get("trainer"), BASE, 0.75, BASE + 60, 0.3);
    assertPoints(agents.get("dcgm-exporter"), BASE, 0.8);
    assertThat(agents.get("trainer").path("agent").asText()).isEqualTo("trainer");
    Map<String, JsonNode> hosts = byGroup(ok("/api/v1/metrics/gpu?groupBy=host&" + WINDOW));
    assertThat(hosts.keySet()).containsExactly(H1, H2, H3);
    assertPoints(hosts.get(H1), BASE, 0.75, BASE + 60, 0.3);
    Map<String, JsonNode> instances = byGroup(ok("/api/v1/metrics/gpu?groupBy=instance&" + WINDOW));
    assertThat(instances.keySet()).containsExactly("dcgm-" + RUN, "gpu-a-" + RUN, "gpu-b-" + RUN);
    assertThat(instances.get("gpu-b-" + RUN).path("simulated").asBoolean()).isTrue();
  }

  @Test
  void gpu_memory_bytesWithDcgmMebibytesConverted() throws Exception {
    JsonNode body = ok("/api/v1/metrics/gpu?metric=memory&" + WINDOW);
    assertThat(body.path("unit").asText()).isEqualTo("By");
    Map<String, JsonNode> series = byGroup(body);
    assertPoints(series.get(H1 + "/GPU-a2"), BASE, 3000, BASE + 60, 3000);
    assertPoints(series.get(H3 + "/GPU-d1"), BASE, 1024.0 * 1024 * 1024);
    assertPoints(byGroup(ok("/api/v1/metrics/gpu?metric=memory&groupBy=host&" + WINDOW)).get(H1),
        BASE, 2000, BASE + 60, 2000);
  }

  @Test
  void tokens_fromSpans_sumPerModelAndTypePerBucket() throws Exception {
    JsonNode body = ok("/api/v1/metrics/tokens?" + WINDOW);
    assertThat(body.path("source").asText()).isEqualTo("spans");
    assertThat(body.path("groupBy").asText()).isEqualTo("model");
    Map<String, JsonNode> series = byGroupAndType(body);
    assertThat(series.keySet()).containsExactly("claude input", "claude output", "gpt-4o input", "gpt-4o output",
        "llama-3-8b input", "llama-3-8b output");
    assertPoints(series.get("gpt-4o input"), BASE, 150, BASE + 60, 7);
    assertPoints(series.get("gpt-4o output"), BASE, 30, BASE + 60, 3);
    assertPoints(series.get("claude input"), BASE, 5);
    assertPoints(series.get("llama-3-8b output"), BASE, 5);
    assertThat(series.get("gpt-4o input").path("points").get(0).path("value").isIntegralNumber()).isTrue();
    Map<String, JsonNode> agents = byGroupAndType(ok("/api/v1/metrics/tokens?groupBy=agent&" + WINDOW));
    assertPoints(agents.get("writer input"), BASE, 155, BASE + 60, 7);
    assertPoints(agents.get("reviewer output"), BASE, 5);
    assertThat(byGroupAndType(ok("/api/v1/metrics/tokens?groupBy=host&" + WINDOW)).keySet())
        .containsExactly(H1 + " input", H1 + " output", H2 + " input", H2 + " output");
  }

  @Test
  void tokens_fromMetric_cumulativeCountsIncreasesDeltaAsIs() throws Exception {
    JsonNode body = ok("/api/v1/metrics/tokens?source=metric&" + WINDOW);
    assertThat(body.path("source").asText()).isEqualTo("metric");
    Map<String, JsonNode> series = byGroupAndType(body);
    assertThat(series.keySet()).containsExactly("gpt-4o input", "gpt-4o output", "llama-3-8b input",
        "llama-3-8b output");
    // Cumulative: the second export holds 150 and 20 since the start; the bucket counts the increase.
    assertPoints(series.get("gpt-4o input"), BASE, 100, BASE + 60, 50);
    assertPoints(series.get("gpt-4o output"), BASE, 20, BASE + 60, 0);
    assertPoints(series.get("llama-3-8b input"), BASE, 40, BASE + 60, 60);
    assertPoints(series.get("llama-3-8b output"), BASE + 60, 7);
    Map<String, JsonNode> instances = byGroupAndType(ok("/api/v1/metrics/tokens?source=metric&groupBy=instance&"
        + WINDOW));
    assertPoints(instances.get("tok-a-" + RUN + " input"), BASE, 100, BASE + 60, 50);
  }

  @Test
  void tokens_fromMetric_windowAfterAPoint_countsOnlyTheIncreaseSinceIt() throws Exception {
    JsonNode body = ok("/api/v1/metrics/tokens?source=metric&start=" + iso(BASE + 30) + "&end=" + iso(BASE + 119)
        + "&step=60");
    Map<String, JsonNode> series = byGroupAndType(body);
    assertPoints(series.get("gpt-4o input"), BASE + 60, 50);
    assertPoints(series.get("gpt-4o output"), BASE + 60, 0);
    assertPoints(series.get("llama-3-8b input"), BASE + 60, 60);
  }

  @Test
  void defaults_lastHourAboutThreeHundredPoints() throws Exception {
    JsonNode body = ok("/api/v1/metrics/tokens");
    assertThat(body.path("stepSeconds").asInt()).isEqualTo(12);
    assertThat(body.path("series")).isNotEmpty();
    assertThat(ok("/api/v1/metrics/gpu").path("stepSeconds").asInt()).isEqualTo(12);
  }

  @Test
  void tenants_seeOnlyTheirOwnSeries() throws Exception {
    JsonNode globex = stack.get(GLOBEX, "/api/v1/metrics/gpu?" + WINDOW).body();
    assertThat(byGroup(globex).keySet()).containsExactly(H1 + "/GPU-g1");
    assertThat(stack.get(GLOBEX, "/api/v1/metrics/tokens?" + WINDOW).body().path("series")).isEmpty();
    assertThat(stack.get(GLOBEX, "/api/v1/metrics/tokens?source=metric&" + WINDOW).body().path("series")).isEmpty();
    assertThat(stack.get(null, "/api/v1/metrics/gpu").status()).isEqualTo(401);
  }

  @Test
  void badParameters_400NamingTheParameter() throws Exception {
    assertBadRequest("/api/v1/metrics/gpu?groupBy=model", "query parameter groupBy");
    assertBadRequest("/api/v1/metrics/gpu?metric=power", "query parameter metric");
    assertBadRequest("/api/v1/metrics/tokens?groupBy=gpu", "query parameter groupBy");
    assertBadRequest("/api/v1/metrics/tokens?source=logs", "query parameter source");
    assertBadRequest("/api/v1/metrics/tokens?step=0", "query parameter step");
    assertBadRequest("/api/v1/metrics/tokens?step=86401", "query parameter step");
    assertBadRequest("/api/v1/metrics/gpu?step=1.5", "query parameter step");
    assertBadRequest("/api/v1/metrics/gpu?start=" + iso(BASE - 86_400) + "&end=" + iso(BASE) + "&step=1",
        "query parameter step");
    assertBadRequest("/api/v1/metrics/gpu?start=" + iso(BASE) + "&end=" + iso(BASE - 1), "query parameter start");
  }

  private static void assertBadRequest(String path, String where) throws Exception {
    Response response = stack.get(ACME, path);
    assertThat(response.status()).as(path).isEqualTo(400);
    assertThat(response.body().path("error").path("where").asText()).as(path).isEqualTo(where);
  }

  private static JsonNode ok(String path) throws Exception {
    Response response = stack.get(ACME, path);
    assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static void await(String path, Predicate<JsonNode> done) throws Exception {
    stack.await(ACME, path, done, 90);
  }

  private static List<JsonNode> points(JsonNode body) {
    List<JsonNode> out = new ArrayList<>();
    body.path("series").forEach(series -> series.path("points").forEach(out::add));
    return out;
  }

  private static Map<String, JsonNode> byGroup(JsonNode body) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    body.path("series").forEach(series -> out.put(series.path("group").asText(), series));
    return out;
  }

  private static Map<String, JsonNode> byGroupAndType(JsonNode body) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    body.path("series").forEach(series -> out.put(series.path("group").asText() + " " + series.path("type").asText(),
        series));
    return out;
  }

  /** {@code series} has exactly these points: second, value, second, value, ... */
  private static void assertPoints(JsonNode series, double... expected) {
    assertThat(series).as("series").isNotNull();
    JsonNode points = series.path("points");
    assertThat(points.size()).as(series.toString()).isEqualTo(expected.length / 2);
    for (int i = 0; i < expected.length / 2; i++) {
      assertThat(points.get(i).path("t").asText()).as(series.toString())
          .isEqualTo(iso((long) expected[2 * i]).replace("Z", ".000000000Z"));
      assertThat(points.get(i).path("value").asDouble()).as(series.toString()).isCloseTo(expected[2 * i + 1],
          within(1e-9));
    }
  }

  private static String iso(long second) {
    return Instant.ofEpochSecond(second).toString();
  }
}
