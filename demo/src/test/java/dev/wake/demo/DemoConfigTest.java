package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoConfigTest {

  @Test
  void parse_defaults_wakesOwnPortsOnLoopback() {
    DemoConfig config = DemoConfig.parse(new String[0], Map.of());
    assertThat(config.agents()).isEqualTo(40);
    assertThat(config.endpoints()).isEqualTo(new Endpoints("http://127.0.0.1:4317", "http://127.0.0.1:8080"));
  }

  @Test
  void parse_argumentsAndVariables_used() {
    DemoConfig config = DemoConfig.parse(new String[] {"--agents", "8", "--seed", "-3"},
        Map.of("WAKE_BIND", "0.0.0.0", "WAKE_OTLP_GRPC_PORT", "14317", "WAKE_HTTP_PORT", "18080"));
    assertThat(config.agents()).isEqualTo(8);
    assertThat(config.seed()).isEqualTo(-3);
    assertThat(config.endpoints()).isEqualTo(new Endpoints("http://127.0.0.1:14317", "http://127.0.0.1:18080"));
    assertThat(DemoConfig.parse(new String[0], Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
        "WAKE_BIND", "10.0.0.5")).endpoints()).isEqualTo(new Endpoints("http://collector:4317", "http://10.0.0.5:8080"));
  }

  @Test
  void parse_problems_allNamedAtOnce() {
    assertThatThrownBy(() -> DemoConfig.parse(new String[] {"--agents", "0", "--fast"}, Map.of("WAKE_HTTP_PORT", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--agents needs a whole number from 1 to 200, not '0'")
        .hasMessageContaining("unknown argument '--fast'")
        .hasMessageContaining("WAKE_HTTP_PORT must be a port (1-65535), not 'x'");
  }

  @Test
  void agentReport_properties_roundTrip() {
    AgentReport report = new AgentReport("0.2.1", "coder", "5d3c", 4242, "abc", AgentReport.Outcome.DIED, 12, 3,
        2, Gpu.Source.SIMULATED, 870);
    assertThat(AgentReport.fromProperties(report.toProperties())).isEqualTo(report);
  }
}
