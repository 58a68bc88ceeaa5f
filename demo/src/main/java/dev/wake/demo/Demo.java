package dev.wake.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./wake demo}: runs a swarm of short-lived agents as real processes against a running Wake,
 * prints each agent's end as it happens, a summary, and the links to one agent's lineage.
 */
public final class Demo {
  private final DemoConfig config;
  private final PrintStream out;

  Demo(DemoConfig config, PrintStream out) {
    this.config = config;
    this.out = out;
  }

  /** {@code [--agents N] [--seed S]}; exits 0 when every agent ended as planned, 1 otherwise, 2 on bad arguments. */
  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.println(DemoConfig.USAGE);
      return;
    }
    DemoConfig config;
    try {
      config = DemoConfig.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(DemoConfig.USAGE);
      System.exit(2);
      return;
    }
    String collector = config.endpoints().otlpGrpc();
    if (!reachable(URI.create(collector))) {
      System.err.println("Wake's collector does not answer at " + collector
          + " (OTLP/gRPC): start Wake first with ./wake up");
      System.exit(1);
    }
    Swarm.Result result = new Demo(config, System.out).run();
    System.exit(result.crashed().isEmpty() && result.neverStarted().isEmpty() && result.running().isEmpty() ? 0 : 1);
  }

  /** Runs the swarm and prints as it goes; blocks until every agent is accounted for. */
  Swarm.Result run() throws IOException, InterruptedException {
    SwarmPlan plan = SwarmPlan.generate(config.seed(), config.agents());
    out.printf("Wake demo: %d agents as real processes (seed %d; --seed %d replays this swarm), exporting OTLP/gRPC"
        + " to %s%n", plan.size(), plan.seed(), plan.seed(), config.endpoints().otlpGrpc());
    Optional<List<Gpu.Reading>> gpus = Gpu.probe();
    out.println(gpus.map(g -> "GPU: real readings from nvidia-smi (" + g.size() + " GPU" + (g.size() == 1 ? "" : "s") + ")")
        .orElse("GPU: nvidia-smi is not available here, so GPU figures are SIMULATED (marked wake.simulated=true)"));
    Path dir = Files.createTempDirectory("wake-demo-");
    AgentLauncher launcher = AgentLauncher.ofThisJvm(plan.seed(), plan.size(), dir);
    int[] done = {0};
    Swarm.Result result = Swarm.run(plan, launcher, config.endpoints().otlpGrpc(), config.timeout(),
        report -> out.println(DemoSummary.progress(++done[0], plan, report)));
    DemoSummary.print(out, plan, result);
    printLineage(plan, result);
    if (result.crashed().isEmpty() && result.neverStarted().isEmpty() && result.running().isEmpty()) {
      deleteQuietly(dir);
    } else {
      out.println("Agent logs: " + dir);
    }
    return result;
  }

  private void printLineage(SwarmPlan plan, Swarm.Result result) throws InterruptedException {
    Optional<Showcase.Pick> pick = Showcase.pick(plan, result.reports());
    if (pick.isEmpty()) {
      out.println("No agent at depth 2 or more exported; run a larger swarm (--agents) for a lineage to look at.");
      return;
    }
    String id = pick.get().agent().instanceId();
    String http = config.endpoints().http();
    String answer = LineageProbe.await(http, id, config.lineageWait());
    out.printf("%nLineage of %s %s (depth %d): %s.%n", pick.get().agent().name(), pick.get().agent().id(),
        pick.get().depth(), pick.get().why());
    out.println("  UI:  " + LineageProbe.uiLink(http, id));
    out.println("  API: " + LineageProbe.apiLink(http, id));
    if (!answer.equals("200")) {
      out.printf("  (the query API did not answer 200 within %d s, last answer: %s; the data may still be on its way)%n",
          config.lineageWait().toSeconds(), answer);
    }
  }

  /** Whether something accepts TCP connections at the endpoint's host and port (1 s). */
  static boolean reachable(URI endpoint) {
    int port = endpoint.getPort() > 0 ? endpoint.getPort() : "https".equals(endpoint.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(endpoint.getHost(), port), 1_000);
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
