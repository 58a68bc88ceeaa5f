package dev.wake.demo;

import java.io.PrintStream;
import java.util.Collection;
import java.util.Objects;

/** The demo's lines: one per agent as it ends, then the summary of the swarm. Pure but for printing. */
final class DemoSummary {
  private DemoSummary() { }

  /** e.g. {@code [ 3/40] exported          coder        0.2.1      pid 4242   1.3 s  2,310 tokens}. */
  static String progress(int done, SwarmPlan plan, AgentReport r) {
    String outcome = switch (r.outcome()) {
      case EXPORTED -> "exported";
      case DIED -> "DIED before export";
      case EXPORT_FAILED -> "export FAILED";
    };
    int width = Integer.toString(plan.size()).length();
    String children = plan.get(r.id()).children().isEmpty() ? "" : "  spawned " + plan.get(r.id()).children().size();
    return String.format("  [%" + width + "d/%d] %-18s %-12s %-10s pid %-7d %5.1f s  %,6d tokens%s%s", done,
        plan.size(), outcome, r.name(), r.id(), r.pid(), r.millis() / 1000.0, r.inputTokens() + r.outputTokens(),
        children, r.gpu() == Gpu.Source.NONE ? "" : "  GPU " + r.gpu().name().toLowerCase(java.util.Locale.ROOT));
  }

  static void print(PrintStream out, SwarmPlan plan, Swarm.Result result) {
    Collection<AgentReport> reports = result.reports().values();
    long exported = count(reports, AgentReport.Outcome.EXPORTED);
    long died = count(reports, AgentReport.Outcome.DIED);
    long failed = count(reports, AgentReport.Outcome.EXPORT_FAILED);
    long traces = reports.stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED)
        .map(AgentReport::traceId).distinct().count();
    long links = plan.all().stream().filter(a -> a.newTrace() && exported(result, a.id())).count();
    long in = reports.stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED)
        .mapToLong(AgentReport::inputTokens).sum();
    long outTokens = reports.stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED)
        .mapToLong(AgentReport::outputTokens).sum();
    out.printf("%nDone in %.1f s: %d agents spawned as processes; %d exported, %d died before export"
        + " (halted mid-work; the children they had spawned lived on)%s.%n", result.elapsed().toMillis() / 1000.0,
        reports.size() + result.crashed().size(), exported, died,
        failed == 0 ? "" : ", " + failed + " could not export");
    if (!result.crashed().isEmpty() || !result.neverStarted().isEmpty() || !result.running().isEmpty()) {
      out.printf("Unplanned: crashed %s, never started %s, still running %s.%n", result.crashed(),
          result.neverStarted(), result.running());
    }
    out.printf("Traces exported: %d (%d %s in a new trace linked to the parent's span).%n",
        traces, links, links == 1 ? "agent continued" : "agents continued");
    out.printf("Tokens exported: %,d in, %,d out (what died with its agent is not counted).%n", in, outTokens);
    out.printf("Failed LLM and tool calls exported: %d (status ERROR with an exception event).%n",
        reports.stream().filter(r -> r.outcome() == AgentReport.Outcome.EXPORTED).mapToLong(AgentReport::errors).sum());
    long real = reports.stream().filter(r -> r.gpu() == Gpu.Source.REAL).count();
    long simulated = reports.stream().filter(r -> r.gpu() == Gpu.Source.SIMULATED).count();
    if (real + simulated == 0) {
      out.println("GPU: no local-model agent in this swarm.");
    } else {
      out.printf("GPU: %s%n", simulated == 0 ? agents(real) + " reported REAL nvidia-smi readings."
          : agents(simulated) + " reported SIMULATED figures (wake.simulated=true)"
              + (real == 0 ? "; no real GPU readings." : ", " + real + " real ones."));
    }
  }

  private static String agents(long n) {
    return n + (n == 1 ? " local-model agent" : " local-model agents");
  }

  private static boolean exported(Swarm.Result result, String id) {
    AgentReport r = result.reports().get(id);
    return r != null && r.outcome() == AgentReport.Outcome.EXPORTED;
  }

  private static long count(Collection<AgentReport> reports, AgentReport.Outcome outcome) {
    return reports.stream().filter(r -> Objects.equals(r.outcome(), outcome)).count();
  }
}
