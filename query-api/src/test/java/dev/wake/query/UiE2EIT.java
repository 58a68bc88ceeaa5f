package dev.wake.query;

import static dev.wake.query.QueryStack.ACME;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web UI end to end: a multi-agent scenario sent through OTLP into the real stack, then
 * {@code ui/e2e/explorer.e2e.mjs} drives Debian's Chromium (playwright-core) through search, a
 * trace, a span link to another trace, a lineage with a dead agent, an audit query and the metrics;
 * its screenshots land in {@code target/ui-screenshots}. The scenario is the one the script's header
 * describes.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(600)
class UiE2EIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPT = Path.of("../ui/e2e/explorer.e2e.mjs");
  private static final Path SCREENSHOTS = Path.of("target/ui-screenshots");
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static QueryStack stack;

  @BeforeAll
  static void sendScenario(TestKafka kafka, TestClickHouse ch) throws Exception {
    assertThat(CHROMIUM).as("Debian's Chromium for the UI end-to-end test: apt-get install -y chromium"
        + " (.ci/run installs it)").isExecutable();
    assertThat(SCRIPT).as("the end-to-end script, run from the query-api module").exists();
    stack = new QueryStack(kafka, ch);
    String grpc = stack.otlpGrpc();
    String host = "node-" + RUN;
    sendChain(grpc, host);
    sendAroundADeadAgent(grpc, host);
    sendGpu(grpc, host);
    stack.await(ACME, "/api/v1/agents/d-" + RUN + "/lineage", body -> body.path("nodes").size() == 4, 120);
    stack.await(ACME, "/api/v1/agents/h-" + RUN + "/lineage", body -> body.path("nodes").size() >= 3, 120);
    stack.await(ACME, "/api/v1/metrics/gpu", body -> body.path("series").size() > 0, 120);
  }

  /** A -> B (parent span, trace 1; B's LLM call fails); C starts trace 2 linking B's span; D is C's child process. */
  private static void sendChain(String grpc, String host) {
    try (TestAgent a = new TestAgent(grpc, ACME, "a-" + RUN, "planner", host, 100, 1);
        TestAgent b = new TestAgent(grpc, ACME, "b-" + RUN, "researcher", host, 101, 555);
        TestAgent c = new TestAgent(grpc, ACME, "c-" + RUN, "coder", host, 102, 999);
        TestAgent d = new TestAgent(grpc, ACME, "d-" + RUN, "tool-runner", host, 103, 102)) {
      Span aRoot = a.span("invoke_agent planner", null).startSpan();
      Span bRoot = b.span("invoke_agent researcher", aRoot.getSpanContext()).startSpan();
      b.chat(bRoot, "gpt-4o", 50, 10, true);
      Span cRoot = c.span("invoke_agent coder", null).addLink(bRoot.getSpanContext()).startSpan();
      c.chat(cRoot, "gpt-4o", 30, 5, false);
      Span dRoot = d.span("invoke_agent tool-runner", null).startSpan();
      d.chat(dRoot, "llama-3-8b", 7, 3, false);
      dRoot.end();
      cRoot.end();
      bRoot.end();
      a.chat(aRoot, "gpt-4o", 100, 20, false);
      aRoot.end();
    }
  }

  /** F runs; its child (pid 201) dies before exporting; H continues F's trace under it, I links to it. */
  private static void sendAroundADeadAgent(String grpc, String host) {
    try (TestAgent f = new TestAgent(grpc, ACME, "f-" + RUN, "planner2", host, 200, 1);
        TestAgent h = new TestAgent(grpc, ACME, "h-" + RUN, "builder", host, 202, 201);
        TestAgent i = new TestAgent(grpc, ACME, "i-" + RUN, "reviewer", host, 203, 201)) {
      Span fRoot = f.span("invoke_agent planner2", null).startSpan();
      SpanContext dead = TestAgent.ghost(fRoot.getSpanContext().getTraceId(), "0badc0ffee0ddf00");
      h.span("invoke_agent builder", dead).startSpan().end();
      i.span("invoke_agent reviewer", null).addLink(dead).startSpan().end();
      fRoot.end();
    }
  }

  /** A local-llm agent's GPU: utilisation and memory, three samples a minute apart ending now. */
  private static void sendGpu(String grpc, String host) {
    long now = Instant.now().getEpochSecond();
    TestMeterAgent gpu = new TestMeterAgent(grpc, ACME, TestMeterAgent.resource("swarm", "gpu-" + RUN, "local-llm", host),
        false, now - 180);
    Attributes device = Attributes.builder().put("hw.id", "GPU-0").build();
    double[] utilization = {0.35, 0.8, 0.55};
    for (int sample = 0; sample < utilization.length; sample++) {
      gpu.meter.gaugeBuilder("hw.gpu.utilization").setUnit("1").build().set(utilization[sample], device);
      gpu.meter.gaugeBuilder("hw.gpu.memory.usage").ofLongs().setUnit("By").build().set((4L + sample) << 30, device);
      if (sample < utilization.length - 1) {
        gpu.export(now - 120 + sample * 60L);
      }
    }
    gpu.close(now);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void explorer_searchTraceLinkLineageAuditMetrics_inChromium() throws Exception {
    Path log = Files.createTempFile("wake-ui-e2e", ".log");
    Process node = new ProcessBuilder("node", SCRIPT.toString(), "http://127.0.0.1:" + stack.api.port(), ACME,
        SCREENSHOTS.toAbsolutePath().toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = node.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      node.destroyForcibly();
    }
    String output = read(log);
    assertThat(finished).as("the end-to-end script finished within 300 s:\n%s", output).isTrue();
    assertThat(node.exitValue()).as("the end-to-end script (screenshots in %s):\n%s", SCREENSHOTS.toAbsolutePath(),
        output).isZero();
    assertThat(output).contains("all steps passed");
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
