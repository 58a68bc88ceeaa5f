package dev.wake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A benchmark's throwaway data directory (Kafka log, ClickHouse data: gigabytes after the query
 * benchmark), deleted when the benchmark ends, however it ends.
 */
final class ScratchDir implements AutoCloseable {
  private final Path path;

  ScratchDir(String prefix) throws IOException {
    this.path = Files.createTempDirectory(prefix);
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try (var paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the benchmark's data in " + path, e);
    }
  }
}
