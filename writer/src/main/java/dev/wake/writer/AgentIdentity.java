package dev.wake.writer;

import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;

/**
 * Who sent a resource: the agent instance Wake files its spans, metrics and logs under.
 *
 * <p>The instance id is {@code service.instance.id} when present (recommended: unique per agent
 * instance), else {@code host.name/process.pid/process.creation.time} (creation time disambiguates
 * reused pids), else {@code host.name/service.name}, else empty.
 *
 * @param instanceId the identity described above
 * @param agentName {@code gen_ai.agent.name}, else {@code service.name}
 * @param serviceName {@code service.name}, empty when absent
 * @param host {@code host.name}, empty when absent
 * @param pid {@code process.pid}, 0 when absent, negative or not a number
 * @param parentPid {@code process.parent_pid}, 0 when absent, negative or not a number
 * @param region {@code cloud.region}, empty when absent
 */
record AgentIdentity(String instanceId, String agentName, String serviceName, String host, long pid, long parentPid,
    String region) {

  static AgentIdentity of(List<KeyValue> resource) {
    String explicit = AnyValues.find(resource, "service.instance.id");
    String service = orEmpty(AnyValues.find(resource, "service.name"));
    String host = orEmpty(AnyValues.find(resource, "host.name"));
    long pid = number(AnyValues.find(resource, "process.pid"));
    long parentPid = number(AnyValues.find(resource, "process.parent_pid"));
    String created = AnyValues.find(resource, "process.creation.time");
    String id;
    if (explicit != null && !explicit.isEmpty()) {
      id = explicit;
    } else if (!host.isEmpty() && pid > 0) {
      id = host + "/" + pid + (created == null ? "" : "/" + created);
    } else if (!host.isEmpty() || !service.isEmpty()) {
      id = host + "/" + service;
    } else {
      id = "";
    }
    String agent = AnyValues.find(resource, "gen_ai.agent.name");
    return new AgentIdentity(id, agent == null || agent.isEmpty() ? service : agent, service, host, pid, parentPid,
        orEmpty(AnyValues.find(resource, "cloud.region")));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  private static long number(String value) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.strip())); // no pid is negative; the UInt64 columns could not hold it
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
