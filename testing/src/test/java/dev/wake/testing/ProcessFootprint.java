package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Open files, threads and resident memory of a process, from /proc; all zero when unknown. */
record ProcessFootprint(long openFiles, long threads, long rssKb) {

  static ProcessFootprint of(OptionalLong pid) throws IOException {
    if (pid.isEmpty() || !Files.exists(Path.of("/proc", Long.toString(pid.getAsLong())))) {
      return new ProcessFootprint(0, 0, 0);
    }
    Path proc = Path.of("/proc", Long.toString(pid.getAsLong()));
    long files;
    try (Stream<Path> fds = Files.list(proc.resolve("fd"))) {
      files = fds.count();
    }
    long threads = 0;
    long rss = 0;
    for (String line : Files.readAllLines(proc.resolve("status"))) {
      if (line.startsWith("Threads:")) {
        threads = Long.parseLong(line.substring(8).trim());
      } else if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
      }
    }
    return new ProcessFootprint(files, threads, rss);
  }

  /** Fails when {@code after} grew beyond what a steady server needs (not exact: GC, caches). */
  void assertNoLeakTo(ProcessFootprint after) {
    assertThat(after.openFiles()).as("open files").isLessThanOrEqualTo(openFiles + 16);
    assertThat(after.threads()).as("threads").isLessThanOrEqualTo(threads + 16);
    assertThat(after.rssKb()).as("resident memory (KiB)").isLessThanOrEqualTo(rssKb + 256 * 1024);
  }

  @Override
  public String toString() {
    return openFiles + " files, " + threads + " threads, " + rssKb / 1024 + " MiB RSS";
  }
}
