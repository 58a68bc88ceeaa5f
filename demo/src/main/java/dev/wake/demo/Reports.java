package dev.wake.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * The swarm's shared directory, through which agent processes tell the demo what became of them,
 * whatever became of their parents: {@code <id>.started} (the pid) as soon as an agent's JVM runs,
 * {@code <id>.report} (an {@link AgentReport}) when it is done. Files appear whole (written aside,
 * then moved). Any process may read and write concurrently; calls block on file I/O only.
 */
final class Reports {
  private static final String STARTED = ".started";
  private static final String REPORT = ".report";

  private final Path dir;

  Reports(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Records that agent {@code id} runs as process {@code pid}. */
  void started(String id, long pid) {
    write(id + STARTED, Long.toString(pid));
  }

  /** Records how an agent ended. */
  void finished(AgentReport report) {
    StringWriter text = new StringWriter();
    try {
      report.toProperties().store(text, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(report.id() + REPORT, text.toString());
  }

  /** The pid agent {@code id} started as, if it started. */
  OptionalLong startedPid(String id) {
    try {
      return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve(id + STARTED)).strip()));
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (polling every 20 ms) until agent {@code id} started; false when it did not within {@code timeout}. */
  boolean awaitStarted(String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (startedPid(id).isEmpty()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
    return true;
  }

  /** Whether agent {@code id} has written its report. */
  boolean hasReport(String id) {
    return Files.exists(dir.resolve(id + REPORT));
  }

  /** Every report written so far, by agent id. */
  Map<String, AgentReport> reports() {
    Map<String, AgentReport> reports = new HashMap<>();
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(REPORT)).toList()) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          p.load(reader);
        }
        AgentReport report = AgentReport.fromProperties(p);
        reports.put(report.id(), report);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return reports;
  }

  private void write(String name, String content) {
    try {
      Path aside = Files.createTempFile(dir, name, ".tmp");
      Files.writeString(aside, content);
      Files.move(aside, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
