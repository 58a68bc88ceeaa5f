package dev.wake.devstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program run as a child process of Wake, in its own session (so a Ctrl-C in the terminal
 * reaches only Wake, which then stops its children in order), with its output appended to a log
 * file and its last lines kept for error messages.
 *
 * <p>The child's standard input stays open as a lifeline: children built for it ({@link
 * ParentWatch}, the embedded ClickHouse server) stop cleanly when it closes. Thread-safe.
 */
public final class JavaProcess implements AutoCloseable {
  private static final int TAIL_LINES = 30;

  private final String name;
  private final Process process;
  private final Path logFile;
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread pump;

  private JavaProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.pump = new Thread(this::pumpOutput, name + "-output");
    this.pump.setDaemon(true);
    this.pump.start();
  }

  /**
   * Starts {@code mainClass} in a new JVM (the same Java as this one).
   *
   * @param env variables added to this process's environment
   */
  public static JavaProcess start(
      String name,
      List<String> classpath,
      List<String> jvmArgs,
      String mainClass,
      List<String> args,
      Map<String, String> env,
      Path logFile)
      throws IOException {
    List<String> command = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
      command.add("/usr/bin/setsid");
    }
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(args);
    Files.createDirectories(logFile.getParent());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new JavaProcess(name, builder.start(), logFile);
  }

  private void pumpOutput() {
    try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer log =
            Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        synchronized (tail) {
          if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
          }
          tail.addLast(line);
          tail.notifyAll();
        }
      }
    } catch (IOException e) {
      // The child is gone; what it printed is in the log file.
    } finally {
      synchronized (tail) {
        tail.notifyAll();
      }
    }
  }

  /**
   * Blocks until the child prints a line matching {@code ready} and returns it.
   *
   * @throws IOException when the child exits first, prints a line matching {@code failed}, or
   *     {@code timeout} passes; the message holds the child's last lines
   */
  public String awaitLine(Predicate<String> ready, Predicate<String> failed, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (tail) {
      while (true) {
        for (String line : tail) {
          if (ready.test(line)) {
            return line;
          }
          if (failed.test(line)) {
            throw new IOException(name + " failed to start: " + line + "\n" + describe());
          }
        }
        long left = deadline - System.nanoTime();
        if (!pump.isAlive() && !process.isAlive()) {
          throw new IOException(name + " exited with code " + process.waitFor() + " before it was ready\n" + describe());
        }
        if (left <= 0) {
          throw new IOException(name + " was not ready within " + timeout.toSeconds() + " s\n" + describe());
        }
        tail.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
      }
    }
  }

  /** The last lines the child printed and where its whole log is. */
  public String describe() {
    synchronized (tail) {
      return "  last output of " + name + ":\n    " + String.join("\n    ", tail) + "\n  full log: " + logFile;
    }
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for the child to exit and returns its exit code. */
  public int waitFor(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IOException(name + " did not finish within " + timeout.toSeconds() + " s\n" + describe());
    }
    pump.join(2_000);
    return process.exitValue();
  }

  /**
   * Closes the child's standard input and waits up to 30 s for a clean exit, then terminates it.
   * Idempotent.
   */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      // Already closed.
    }
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      pump.join(2_000);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
