package dev.wake.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's settings: its arguments and the endpoint variables Wake itself reads ({@link Endpoints}).
 *
 * @param agents agents in the swarm ({@code --agents}, 40; 1-{@value #MAX_AGENTS})
 * @param seed the swarm's seed ({@code --seed}; random when absent, printed so a run can be replayed)
 * @param endpoints where Wake listens
 * @param lineageWait how long to wait for the query API to answer for the picked agent (30 s)
 * @param timeout how long the whole swarm may run (5 minutes)
 */
record DemoConfig(int agents, long seed, Endpoints endpoints, Duration lineageWait, Duration timeout) {
  static final int MAX_AGENTS = 200;
  static final String USAGE = "usage: ./wake demo [--agents N (1-" + MAX_AGENTS + ", default 40)] [--seed S]";

  /** Reads {@code args} and {@code env}; an {@link IllegalArgumentException} names every problem. */
  static DemoConfig parse(String[] args, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    int agents = 40;
    long seed = ThreadLocalRandom.current().nextLong(1, 1_000_000);
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--agents" -> {
          agents = (int) number("--agents", value, 1, MAX_AGENTS, problems);
          i++;
        }
        case "--seed" -> {
          seed = number("--seed", value, Long.MIN_VALUE, Long.MAX_VALUE, problems);
          i++;
        }
        default -> problems.add("unknown argument '" + args[i] + "'");
      }
    }
    Endpoints endpoints = Endpoints.from(env, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new DemoConfig(agents, seed, endpoints, Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** The same settings waiting {@code wait} for the lineage endpoint (tests pass zero). */
  DemoConfig withLineageWait(Duration wait) {
    return new DemoConfig(agents, seed, endpoints, wait, timeout);
  }

  private static long number(String name, String value, long min, long max, List<String> problems) {
    try {
      long n = Long.parseLong(value == null ? "" : value.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // named below
    }
    problems.add(name + " needs a whole number" + (min == Long.MIN_VALUE ? "" : " from " + min + " to " + max)
        + ", not '" + value + "'");
    return min;
  }
}
