package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentIdentityTest {

  @Test
  void of_negativeOrTextPids_areZero() {
    AgentIdentity agent = AgentIdentity.of(TestSpans.resource(null, "a", "h", -5, 0).toBuilder()
        .addAttributes(TestSpans.attr("process.parent_pid", "x")).build().getAttributesList());

    assertThat(agent.pid()).isZero();
    assertThat(agent.parentPid()).isZero();
    assertThat(agent.instanceId()).isEqualTo("h/svc-a");
  }

  @Test
  void of_pidOnHost_identifiesByHostPidAndCreationTime() {
    AgentIdentity agent = AgentIdentity.of(TestSpans.resource(null, "a", "h", 42, 7).toBuilder()
        .addAttributes(TestSpans.attr("process.creation.time", "t0")).build().getAttributesList());

    assertThat(agent.pid()).isEqualTo(42);
    assertThat(agent.parentPid()).isEqualTo(7);
    assertThat(agent.instanceId()).isEqualTo("h/42/t0");
  }
}
