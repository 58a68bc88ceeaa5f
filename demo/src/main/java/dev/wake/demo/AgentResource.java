package dev.wake.demo;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

/**
 * Who an agent process is, as the OTel resource says it: a fresh {@code service.instance.id}, the
 * real host name, pid, parent pid and start time of the process.
 *
 * @param instanceId a random UUID, this process's {@code service.instance.id}
 * @param host the host name ({@code /proc/sys/kernel/hostname} on Linux, else the JDK's local host name)
 * @param pid this process
 * @param parentPid the process that started it, 0 when unknown
 * @param created when it started, RFC 3339
 */
record AgentResource(String instanceId, String host, long pid, long parentPid, String created) {
  static final String SERVICE = "wake-demo";

  /** This process; read its parent pid early, before a parent that halts is replaced by init. */
  static AgentResource ofThisProcess() {
    ProcessHandle self = ProcessHandle.current();
    return new AgentResource(UUID.randomUUID().toString(), hostName(), self.pid(),
        self.parent().map(ProcessHandle::pid).orElse(0L),
        self.info().startInstant().orElseGet(Instant::now).toString());
  }

  /** The SDK's default resource with this identity and agent {@code name}. */
  Resource resource(String name) {
    return Resource.getDefault().merge(Resource.create(Attributes.builder()
        .put("service.name", SERVICE)
        .put("service.instance.id", instanceId)
        .put("gen_ai.agent.name", name)
        .put("host.name", host)
        .put("process.pid", pid)
        .put("process.parent_pid", parentPid)
        .put("process.creation.time", created)
        .build()));
  }

  private static String hostName() {
    try {
      Path kernel = Path.of("/proc/sys/kernel/hostname");
      if (Files.isReadable(kernel)) {
        return Files.readString(kernel).strip();
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
