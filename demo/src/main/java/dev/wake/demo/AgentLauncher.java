package dev.wake.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Starts agents of one swarm as real child processes: {@code java -cp <classpath> dev.wake.demo.Agent}
 * with a small heap and C1 only, for a fast start. Output and errors go to {@code <dir>/<id>.log}, never
 * to a pipe, so an agent never blocks on a parent that died.
 *
 * @param java the {@code java} executable
 * @param classpath the demo's classpath
 * @param seed the swarm's seed
 * @param agents the swarm's size
 * @param dir the swarm's {@link Reports} directory
 */
record AgentLauncher(String java, String classpath, long seed, int agents, Path dir) {
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  /** The launcher of the running JVM's own {@code java} and classpath. */
  static AgentLauncher ofThisJvm(long seed, int agents, Path dir) {
    return new AgentLauncher(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        System.getProperty("java.class.path"), seed, agents, dir);
  }

  /** The arguments {@link Agent#main} reads back with {@link #parse}. */
  List<String> command(String id) {
    List<String> command = new java.util.ArrayList<>();
    command.add(java);
    command.addAll(JVM_OPTIONS);
    command.addAll(List.of("-cp", classpath, Agent.class.getName(),
        "--seed", Long.toString(seed), "--agents", Integer.toString(agents), "--dir", dir.toString(), "--id", id));
    return command;
  }

  /** Starts agent {@code id} with {@code env} added to this process's environment; does not wait. */
  Process start(String id, Map<String, String> env) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(id));
    builder.environment().remove("TRACEPARENT");
    builder.environment().remove("TRACESTATE");
    builder.environment().putAll(env);
    java.io.File log = dir.resolve(id + ".log").toFile();
    Process process = builder.redirectErrorStream(true).redirectOutput(log).start();
    process.getOutputStream().close();
    return process;
  }

  /** An agent's launcher and own id from its arguments (as {@link #command} wrote them). */
  record Parsed(AgentLauncher launcher, String id) {}

  static Parsed parse(String[] args) {
    Map<String, String> options = new java.util.HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    for (String required : List.of("--seed", "--agents", "--dir", "--id")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException("missing " + required + " (agents are started by ./wake demo)");
      }
    }
    return new Parsed(ofThisJvm(Long.parseLong(options.get("--seed")), Integer.parseInt(options.get("--agents")),
        Path.of(options.get("--dir"))), options.get("--id"));
  }
}
