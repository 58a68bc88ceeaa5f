package dev.wake.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {

  @Test
  void render_countersHistogramsAndGauges_inPrometheusTextFormat() {
    Metrics metrics = new Metrics();
    metrics.add("wake_things_total", "Things.", "kind=\"a\"", 2);
    metrics.add("wake_unlabelled_total", "Unlabelled.", "", 3);
    metrics.observe("wake_op_seconds", "Op time.", "", 2_000_000); // 2 ms
    metrics.observe("wake_call_seconds", "Call time.", "table=\"t\"", 30_000_000_000L); // 30 s
    metrics.gauge("wake_lag", "Lag.", () -> 7);

    String text = metrics.render();

    assertThat(text).contains("# TYPE wake_things_total counter\nwake_things_total{kind=\"a\"} 2\n")
        .contains("wake_unlabelled_total 3\n")
        .contains("# TYPE wake_op_seconds histogram\n")
        .contains("wake_op_seconds_bucket{le=\"0.001\"} 0\n")
        .contains("wake_op_seconds_bucket{le=\"0.0025\"} 1\n")
        .contains("wake_op_seconds_count 1\n").contains("wake_op_seconds_sum 0.002\n")
        .contains("wake_call_seconds_bucket{table=\"t\",le=\"10.0\"} 0\n").contains("wake_call_seconds_bucket{table=\"t\",le=\"+Inf\"} 1\n")
        .contains("# TYPE wake_lag gauge\nwake_lag 7\n")
        .doesNotContain("{}").doesNotContain("{,");
  }
}
