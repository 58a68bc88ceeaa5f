package dev.wake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far, from /proc/PID/stat (utime + stime). */
final class ProcessCpu {
  /** Clock ticks per second of /proc's counters; 100 on Linux x86-64. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  /**
   * The machine's {total, steal} CPU ticks so far (/proc/stat). Steal is time a virtual machine
   * wanted the CPU but its host ran something else: a run with much of it measured a busy host.
   */
  static long[] hostTicks() throws IOException {
    String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < cpu.length; i++) {
      total += Long.parseLong(cpu[i]);
    }
    return new long[] {total, cpu.length > 8 ? Long.parseLong(cpu[8]) : 0};
  }

  /** Percent of CPU time stolen by the host between two {@link #hostTicks()} readings. */
  static double stealPercent(long[] before, long[] after) {
    long total = after[0] - before[0];
    return total == 0 ? 0 : 100.0 * (after[1] - before[1]) / total;
  }

  static double seconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
