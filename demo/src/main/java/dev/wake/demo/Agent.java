package dev.wake.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One agent of the demo swarm, run as its own process by its parent agent (or by {@link Demo}): it
 * continues the trace in {@code TRACEPARENT} (or starts a new one linked to it), calls LLMs and tools,
 * spawns its children with its span in their {@code TRACEPARENT}, then exports and exits; or, when
 * its plan says so, halts right after spawning, exporting nothing. Exit status: 0 exported, 1 halted,
 * 2 the export failed.
 */
public final class Agent {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CHILDREN_TIMEOUT = Duration.ofMinutes(3);

  private final AgentPlan plan;
  private final AgentLauncher launcher;
  private final Reports reports;
  private final AgentResource identity;
  private final long startNanos;

  private Agent(AgentPlan plan, AgentLauncher launcher, AgentResource identity, long startNanos) {
    this.plan = plan;
    this.launcher = launcher;
    this.reports = new Reports(launcher.dir());
    this.identity = identity;
    this.startNanos = startNanos;
  }

  /** {@code --seed S --agents N --dir DIR --id ID}, as {@link AgentLauncher} starts it. */
  public static void main(String[] args) throws Exception {
    long startNanos = System.nanoTime();
    AgentResource identity = AgentResource.ofThisProcess(); // the parent pid first, while the parent surely lives
    AgentLauncher.Parsed parsed = AgentLauncher.parse(args);
    new Reports(parsed.launcher().dir()).started(parsed.id(), identity.pid());
    AgentPlan plan = SwarmPlan.generate(parsed.launcher().seed(), parsed.launcher().agents()).get(parsed.id());
    System.exit(new Agent(plan, parsed.launcher(), identity, startNanos).run());
  }

  private int run() throws Exception {
    Random random = new Random(plan.workSeed());
    Resource resource = identity.resource(plan.name());
    Telemetry telemetry = new Telemetry(Endpoints.from(System.getenv()).otlpGrpc(), resource);
    AgentWork work = new AgentWork(telemetry.tracer(), telemetry.meter(), plan, random);
    Span root = rootSpan(telemetry).startSpan();
    Gpu.Source gpu = Gpu.Source.NONE;
    try (Scope scope = root.makeCurrent()) {
      work.steps(1 + random.nextInt(3), true);
      if (plan.reportsGpu()) {
        gpu = recordGpu(telemetry, random);
      }
      List<Process> children = spawnChildren(telemetry);
      if (plan.dies()) {
        reports.finished(report(root, AgentReport.Outcome.DIED, work, gpu));
        System.out.println("agent " + plan.id() + " halts before exporting, as planned");
        Runtime.getRuntime().halt(1);
      }
      work.steps(random.nextInt(3), false);
      if (plan.waits()) {
        long deadline = System.nanoTime() + CHILDREN_TIMEOUT.toNanos();
        for (Process child : children) {
          child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
      }
    } finally {
      root.end();
    }
    boolean exported = telemetry.shutdown(Duration.ofSeconds(15));
    reports.finished(report(root, exported ? AgentReport.Outcome.EXPORTED : AgentReport.Outcome.EXPORT_FAILED, work, gpu));
    return exported ? 0 : 2;
  }

  /** {@code invoke_agent <name>}: a child of TRACEPARENT's span, or the root of a new trace linked to it. */
  private SpanBuilder rootSpan(Telemetry telemetry) {
    Context parent = TraceParent.extract(System.getenv());
    SpanContext parentSpan = Span.fromContext(parent).getSpanContext();
    SpanBuilder builder = telemetry.tracer().spanBuilder("invoke_agent " + plan.name()).setSpanKind(SpanKind.INTERNAL)
        .setAttribute("gen_ai.operation.name", "invoke_agent").setAttribute("gen_ai.agent.name", plan.name())
        .setAttribute("gen_ai.agent.id", identity.instanceId()).setAttribute("wake.demo.agent", plan.id());
    if (plan.newTrace() && parentSpan.isValid()) {
      return builder.setNoParent().addLink(parentSpan, Attributes.of(AttributeKey.stringKey("wake.link"), "continues"));
    }
    return builder.setParent(parent);
  }

  /** One {@code execute_tool spawn_agent} span per child, handed down in its TRACEPARENT; waits for each to start. */
  private List<Process> spawnChildren(Telemetry telemetry) throws Exception {
    List<Process> children = new ArrayList<>();
    for (String child : plan.children()) {
      Span spawn = telemetry.tracer().spanBuilder("execute_tool spawn_agent").setSpanKind(SpanKind.INTERNAL)
          .setAttribute("gen_ai.operation.name", "execute_tool").setAttribute("gen_ai.tool.name", "spawn_agent")
          .setAttribute("wake.demo.child", child).startSpan();
      try {
        children.add(launcher.start(child, TraceParent.inject(Context.current().with(spawn))));
        spawn.setAttribute("wake.demo.child.pid", children.get(children.size() - 1).pid());
      } finally {
        spawn.end();
      }
    }
    for (String child : plan.children()) {
      reports.awaitStarted(child, START_TIMEOUT);
    }
    return children;
  }

  private static Gpu.Source recordGpu(Telemetry telemetry, Random random) {
    var real = Gpu.probe();
    Gpu.record(telemetry.meter(), real.orElseGet(() -> Gpu.simulated(random)), real.isEmpty());
    return real.isPresent() ? Gpu.Source.REAL : Gpu.Source.SIMULATED;
  }

  private AgentReport report(Span root, AgentReport.Outcome outcome, AgentWork work, Gpu.Source gpu) {
    return new AgentReport(plan.id(), plan.name(), identity.instanceId(), identity.pid(),
        root.getSpanContext().getTraceId(), outcome, work.inputTokens(), work.outputTokens(), work.errors(), gpu,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
  }
}
