package dev.wake.demo;

import java.util.Properties;

/**
 * What an agent process tells the demo about itself, written to the swarm's directory once it has
 * exported (or just before it halts).
 *
 * @param id the agent's id in the {@link SwarmPlan}
 * @param name its role ({@code gen_ai.agent.name})
 * @param instanceId its {@code service.instance.id}
 * @param pid its process id
 * @param traceId the trace of its root span
 * @param outcome how it ended
 * @param inputTokens tokens its LLM calls read
 * @param outputTokens tokens its LLM calls wrote
 * @param errors its spans with status ERROR (failed LLM and tool calls)
 * @param gpu where its GPU figures came from
 * @param millis from its start to its report, in milliseconds
 */
record AgentReport(String id, String name, String instanceId, long pid, String traceId, Outcome outcome,
    long inputTokens, long outputTokens, long errors, Gpu.Source gpu, long millis) {

  /** How an agent ended. */
  enum Outcome {
    /** Exported its spans and metrics and exited. */
    EXPORTED,
    /** Halted on purpose before exporting anything. */
    DIED,
    /** Tried to export, but the exporter did not succeed in time. */
    EXPORT_FAILED
  }

  Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("id", id);
    p.setProperty("name", name);
    p.setProperty("instanceId", instanceId);
    p.setProperty("pid", Long.toString(pid));
    p.setProperty("traceId", traceId);
    p.setProperty("outcome", outcome.name());
    p.setProperty("inputTokens", Long.toString(inputTokens));
    p.setProperty("outputTokens", Long.toString(outputTokens));
    p.setProperty("errors", Long.toString(errors));
    p.setProperty("gpu", gpu.name());
    p.setProperty("millis", Long.toString(millis));
    return p;
  }

  static AgentReport fromProperties(Properties p) {
    return new AgentReport(p.getProperty("id"), p.getProperty("name"), p.getProperty("instanceId"),
        Long.parseLong(p.getProperty("pid")), p.getProperty("traceId"), Outcome.valueOf(p.getProperty("outcome")),
        Long.parseLong(p.getProperty("inputTokens")), Long.parseLong(p.getProperty("outputTokens")),
        Long.parseLong(p.getProperty("errors")),
        Gpu.Source.valueOf(p.getProperty("gpu")), Long.parseLong(p.getProperty("millis")));
  }
}
