package dev.wake.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * GPU readings for the agents that run a local model: real ones from {@code nvidia-smi} when it is on
 * the PATH and answers, else simulated ones marked {@code wake.simulated=true}. Recorded as the gauges
 * {@code hw.gpu.utilization} (ratio 0..1) and {@code hw.gpu.memory.usage} (bytes), attributes
 * {@code hw.id} (the GPU's UUID) and {@code gpu.index}.
 */
final class Gpu {
  static final String QUERY = "index,uuid,utilization.gpu,memory.used,memory.total";
  private static final long MIB = 1024L * 1024L;
  private static final AttributeKey<String> HW_ID = AttributeKey.stringKey("hw.id");
  private static final AttributeKey<Long> INDEX = AttributeKey.longKey("gpu.index");
  private static final AttributeKey<Boolean> SIMULATED = AttributeKey.booleanKey("wake.simulated");

  private Gpu() { }

  /** Where an agent's GPU figures came from. */
  enum Source { REAL, SIMULATED, NONE }

  /**
   * One GPU at one moment; a figure {@code nvidia-smi} reports as {@code [N/A]} is empty.
   *
   * @param utilization busy fraction, 0..1
   * @param memoryUsed bytes
   * @param memoryTotal bytes
   */
  record Reading(int index, String uuid, OptionalDouble utilization, OptionalLong memoryUsed, OptionalLong memoryTotal) {}

  /**
   * Parses {@code nvidia-smi --query-gpu=}{@value #QUERY}{@code --format=csv,noheader,nounits} output
   * (percent and MiB); blank lines are skipped, a line without five fields is an {@link IllegalArgumentException}.
   */
  static List<Reading> parse(String csv) {
    List<Reading> readings = new ArrayList<>();
    for (String line : csv.split("\\R")) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      if (f.length != 5) {
        throw new IllegalArgumentException("expected 5 fields (" + QUERY + "), got: " + line);
      }
      OptionalDouble percent = number(f[2]);
      readings.add(new Reading(Integer.parseInt(f[0].strip()), f[1].strip(),
          percent.isPresent() ? OptionalDouble.of(percent.getAsDouble() / 100.0) : OptionalDouble.empty(),
          mebibytes(f[3]), mebibytes(f[4])));
    }
    return readings;
  }

  /** Asks {@code nvidia-smi} (up to 5 s); empty when it is absent, fails or lists no GPU. Blocks. */
  static Optional<List<Reading>> probe() {
    Path out = null;
    try {
      out = Files.createTempFile("wake-demo-nvidia-smi", ".csv"); // a file, not a pipe: a hung nvidia-smi cannot block us
      Process smi = new ProcessBuilder("nvidia-smi", "--query-gpu=" + QUERY, "--format=csv,noheader,nounits")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!smi.waitFor(5, TimeUnit.SECONDS)) {
        smi.destroyForcibly();
        return Optional.empty();
      }
      List<Reading> readings = smi.exitValue() == 0 ? parse(Files.readString(out)) : List.of();
      return readings.isEmpty() ? Optional.empty() : Optional.of(readings);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (out != null) {
        out.toFile().delete();
      }
    }
  }

  /** Plausible figures of one 80 GiB GPU under a local model's load. */
  static List<Reading> simulated(Random random) {
    long total = 80L * 1024 * MIB;
    return List.of(new Reading(0, "GPU-00000000-wake-demo-simulated", OptionalDouble.of(0.35 + random.nextDouble() * 0.6),
        OptionalLong.of((long) (total * (0.2 + random.nextDouble() * 0.7))), OptionalLong.of(total)));
  }

  /** Records {@code readings} as gauges of {@code meter}, marked {@code wake.simulated=true} when {@code simulated}. */
  static void record(Meter meter, List<Reading> readings, boolean simulated) {
    var utilization = meter.gaugeBuilder("hw.gpu.utilization").setUnit("1")
        .setDescription("Fraction of time the GPU was busy").build();
    var memory = meter.gaugeBuilder("hw.gpu.memory.usage").ofLongs().setUnit("By")
        .setDescription("GPU memory in use").build();
    for (Reading r : readings) {
      var attributes = Attributes.builder().put(HW_ID, r.uuid()).put(INDEX, (long) r.index());
      if (simulated) {
        attributes.put(SIMULATED, true);
      }
      Attributes a = attributes.build();
      r.utilization().ifPresent(u -> utilization.set(u, a));
      r.memoryUsed().ifPresent(m -> memory.set(m, a));
    }
  }

  private static OptionalDouble number(String field) {
    String s = field.strip();
    if (s.isEmpty() || s.startsWith("[")) { // [N/A], [Not Supported]
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Double.parseDouble(s));
  }

  private static OptionalLong mebibytes(String field) {
    OptionalDouble n = number(field);
    return n.isPresent() ? OptionalLong.of((long) (n.getAsDouble() * MIB)) : OptionalLong.empty();
  }
}
