package dev.wake.demo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs a {@link SwarmPlan} as processes: starts the root agent, which starts the rest, and follows
 * every agent through the {@link Reports} directory until each has reported, crashed (its process is
 * gone without a report) or never started (its parent is done and it has no start record). Orphans
 * whose parent halted are followed the same way: nothing depends on the process tree staying whole.
 */
final class Swarm {
  private static final long POLL_MS = 100;

  private Swarm() { }

  /**
   * How a swarm ended.
   *
   * @param reports the agents that reported, in the order the demo saw them
   * @param crashed agents whose process ended without a report
   * @param neverStarted agents whose parent ended without starting them
   * @param running agents still running when the timeout came
   */
  record Result(Map<String, AgentReport> reports, List<String> crashed, List<String> neverStarted,
      List<String> running, Duration elapsed) {}

  /**
   * Starts the root agent exporting to {@code otlpEndpoint} and blocks until every agent of {@code plan}
   * is accounted for or {@code timeout} passed; {@code progress} gets each report as it is seen, on the
   * calling thread.
   */
  static Result run(SwarmPlan plan, AgentLauncher launcher, String otlpEndpoint, Duration timeout,
      Consumer<AgentReport> progress) throws IOException, InterruptedException {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    Reports reports = new Reports(launcher.dir());
    Process root = launcher.start(plan.root().id(), Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint));
    Map<String, AgentReport> seen = new LinkedHashMap<>();
    List<String> crashed = new ArrayList<>();
    List<String> neverStarted = new ArrayList<>();
    List<String> running = new ArrayList<>();
    while (true) {
      reports.reports().values().stream().filter(r -> !seen.containsKey(r.id()))
          .sorted(Comparator.comparingLong(AgentReport::millis)).forEach(r -> {
            seen.put(r.id(), r);
            progress.accept(r);
          });
      crashed.clear();
      neverStarted.clear();
      running.clear();
      Set<String> settled = new HashSet<>(seen.keySet());
      for (AgentPlan agent : plan.all()) { // parents before children
        if (settled.contains(agent.id())) {
          continue;
        }
        OptionalLong pid = reports.startedPid(agent.id());
        boolean parentDone = agent.isRoot() ? !root.isAlive() : settled.contains(agent.parentId());
        if (pid.isPresent() && !alive(pid.getAsLong()) && !reports.hasReport(agent.id())) {
          crashed.add(agent.id());
          settled.add(agent.id());
        } else if (pid.isEmpty() && parentDone) {
          neverStarted.add(agent.id());
          settled.add(agent.id());
        } else {
          running.add(agent.id()); // or reported since the read above: seen next round
        }
      }
      if (running.isEmpty() || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(POLL_MS);
    }
    root.waitFor(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
    return new Result(seen, List.copyOf(crashed), List.copyOf(neverStarted), List.copyOf(running),
        Duration.ofNanos(System.nanoTime() - start));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
