package dev.wake.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time a process has used so far, from /proc/PID/stat (utime + stime). */
final class ProcessCpu {
  /** Clock ticks per second of /proc's counters; 100 on Linux x86-64. */
  private static final double TICKS_PER_SECOND = 100.0;

  private ProcessCpu() {}

  static double seconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12.
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
  }
}
