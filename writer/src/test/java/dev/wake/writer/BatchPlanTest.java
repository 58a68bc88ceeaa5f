package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPlanTest {
  @Test
  void twoBatches_roundTrip() {
    assertThat(BatchPlan.format(List.of(120L, 245L))).isEqualTo("wake-plan:120,245");
    assertThat(BatchPlan.parse("wake-plan:120,245")).containsExactly(120L, 245L);
  }

  @Test
  void oneBatch_asWritersBeforePipeliningWroteIt() {
    assertThat(BatchPlan.parse("wake-plan:7")).containsExactly(7L);
    assertThat(BatchPlan.format(List.of(7L))).isEqualTo("wake-plan:7");
  }

  @Test
  void noPlan_isNoBatches() {
    assertThat(BatchPlan.format(List.of())).isEmpty();
    assertThat(BatchPlan.parse(null)).isEmpty();
    assertThat(BatchPlan.parse("")).isEmpty();
    assertThat(BatchPlan.parse("committed by another tool")).isEmpty();
  }

  @Test
  void malformedPlan_isRefusedNamingIt() {
    assertThatThrownBy(() -> BatchPlan.parse("wake-plan:12,x")).hasMessageContaining("wake-plan:12,x");
    assertThatThrownBy(() -> BatchPlan.parse("wake-plan:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BatchPlan.parse("wake-plan:30,20")).hasMessageContaining("increase");
  }
}
