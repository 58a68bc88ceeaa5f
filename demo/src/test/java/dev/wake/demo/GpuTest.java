package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GpuTest {
  private static final long MIB = 1024L * 1024L;

  @Test
  void parse_nvidiaSmiCsv_ratiosAndBytes() {
    String csv = "0, GPU-5e3a1c2b-aaaa-bbbb-cccc-0123456789ab, 87, 40536, 81559\n"
        + "1, GPU-7f00d1e2-aaaa-bbbb-cccc-0123456789ab, 0, 4, 81559\n";
    assertThat(Gpu.parse(csv)).containsExactly(
        new Gpu.Reading(0, "GPU-5e3a1c2b-aaaa-bbbb-cccc-0123456789ab", OptionalDouble.of(0.87),
            OptionalLong.of(40536 * MIB), OptionalLong.of(81559 * MIB)),
        new Gpu.Reading(1, "GPU-7f00d1e2-aaaa-bbbb-cccc-0123456789ab", OptionalDouble.of(0.0),
            OptionalLong.of(4 * MIB), OptionalLong.of(81559 * MIB)));
  }

  @Test
  void parse_notAvailableFigures_empty() {
    assertThat(Gpu.parse("0, MIG-GPU-1, [N/A], [N/A], 40192\r\n\n")).containsExactly(new Gpu.Reading(0, "MIG-GPU-1",
        OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.of(40192 * MIB)));
  }

  @Test
  void parse_otherOutput_refused() {
    assertThat(Gpu.parse("")).isEmpty();
    assertThatThrownBy(() -> Gpu.parse("NVIDIA-SMI has failed because it couldn't communicate with the driver"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Gpu.parse("x, GPU-1, 1, 2, 3")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void simulated_plausibleFigures() {
    List<Gpu.Reading> readings = Gpu.simulated(new Random(3));
    assertThat(readings).singleElement().satisfies(r -> {
      assertThat(r.utilization().getAsDouble()).isBetween(0.0, 1.0);
      assertThat(r.memoryUsed().getAsLong()).isBetween(0L, r.memoryTotal().getAsLong());
      assertThat(r.uuid()).contains("simulated");
    });
  }
}
