package dev.wake.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * What an agent does between its birth and its end: LLM calls ({@code chat <model>} client spans with
 * the GenAI semantic conventions' attributes and the {@code gen_ai.client.token.usage} histogram) and
 * tool calls ({@code execute_tool <tool>}), a few failing. Latencies are slept, choices drawn from the
 * agent's own seed. Runs on the caller's thread, as children of the current span; not thread-safe.
 */
final class AgentWork {
  private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  private static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  private static final List<Model> CLOUD_MODELS = List.of(new Model("gpt-4o", "openai"),
      new Model("claude-sonnet-4", "anthropic"), new Model("gemini-2.5-flash", "gcp.gemini"));
  private static final Model LOCAL_MODEL = new Model("llama-3.1-8b-instruct", "vllm");
  private static final Map<String, List<String>> TOOLS = Map.of(
      "planner", List.of("list_tasks", "read_file"),
      "researcher", List.of("web_search", "fetch_url"),
      "coder", List.of("read_file", "write_file", "run_tests"),
      "reviewer", List.of("read_file", "lint"),
      "tool-runner", List.of("shell", "http_request"),
      "summarizer", List.of("read_file"),
      AgentPlan.LOCAL_MODEL, List.of("read_file"));

  private record Model(String name, String system) {}

  private final Tracer tracer;
  private final AgentPlan plan;
  private final Random random;
  private final LongHistogram tokenUsage;
  private long inputTokens;
  private long outputTokens;
  private long errors;

  AgentWork(Tracer tracer, Meter meter, AgentPlan plan, Random random) {
    this.tracer = tracer;
    this.plan = plan;
    this.random = random;
    this.tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
        .setDescription("Measures number of input and output tokens used").build();
  }

  /**
   * {@code steps} LLM or tool calls, each a child of the current span, an LLM call first when {@code think};
   * blocks while they "run".
   */
  void steps(int steps, boolean think) throws InterruptedException {
    for (int i = 0; i < steps; i++) {
      if (think && i == 0 || random.nextInt(3) < 2) {
        chat();
      } else {
        tool();
      }
    }
  }

  long inputTokens() {
    return inputTokens;
  }

  long outputTokens() {
    return outputTokens;
  }

  /** Calls that failed (spans with status ERROR). */
  long errors() {
    return errors;
  }

  private void chat() throws InterruptedException {
    Model model = plan.reportsGpu() ? LOCAL_MODEL : CLOUD_MODELS.get(random.nextInt(CLOUD_MODELS.size()));
    Span span = tracer.spanBuilder("chat " + model.name()).setSpanKind(SpanKind.CLIENT)
        .setAttribute(OPERATION, "chat").setAttribute(SYSTEM, model.system()).setAttribute(MODEL, model.name())
        .startSpan();
    try {
      Thread.sleep(plan.reportsGpu() ? 40 + random.nextInt(200) : 100 + random.nextInt(500));
      if (random.nextInt(15) == 0) {
        fail(span, "rate_limit_exceeded", new IllegalStateException("429 Too Many Requests from " + model.system()));
        return;
      }
      long in = 200 + random.nextInt(3_000);
      long out = 20 + random.nextInt(800);
      span.setAttribute("gen_ai.response.model", model.name());
      span.setAttribute("gen_ai.usage.input_tokens", in);
      span.setAttribute("gen_ai.usage.output_tokens", out);
      span.setAttribute(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"));
      Attributes common = Attributes.of(OPERATION, "chat", SYSTEM, model.system(), MODEL, model.name());
      tokenUsage.record(in, common.toBuilder().put(TOKEN_TYPE, "input").build());
      tokenUsage.record(out, common.toBuilder().put(TOKEN_TYPE, "output").build());
      inputTokens += in;
      outputTokens += out;
    } finally {
      span.end();
    }
  }

  private void tool() throws InterruptedException {
    List<String> tools = TOOLS.getOrDefault(plan.name(), List.of("read_file"));
    String tool = tools.get(random.nextInt(tools.size()));
    Span span = tracer.spanBuilder("execute_tool " + tool).setSpanKind(SpanKind.INTERNAL)
        .setAttribute(OPERATION, "execute_tool").setAttribute(TOOL, tool)
        .setAttribute("gen_ai.tool.call.id", "call_" + Long.toHexString(random.nextLong())).startSpan();
    try {
      Thread.sleep(20 + random.nextInt(250));
      if (random.nextInt(6) == 0) {
        fail(span, TimeoutException.class.getName(), new TimeoutException(tool + " timed out after 30 s"));
      }
    } finally {
      span.end();
    }
  }

  private void fail(Span span, String errorType, Exception e) {
    errors++;
    span.recordException(e);
    span.setAttribute(ERROR_TYPE, errorType);
    span.setStatus(StatusCode.ERROR, e.getMessage());
  }
}
