package dev.wake.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way, toward core: fails when a module's main code imports a Wake package
 * it must not know (e.g. the query API importing the dev stack, or core importing anything).
 */
class ArchitectureTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(dev\\.wake\\.[a-z]+)\\.", Pattern.MULTILINE);

  /** module directory -> the Wake packages its main code may import (its own always allowed). */
  private static final Map<String, Set<String>> ALLOWED = Map.of(
      "core", Set.of("dev.wake.core"),
      "devstack", Set.of("dev.wake.core", "dev.wake.devstack"),
      "storage", Set.of("dev.wake.core", "dev.wake.storage"),
      "query-api", Set.of("dev.wake.core", "dev.wake.storage", "dev.wake.query"),
      "collector", Set.of("dev.wake.core", "dev.wake.collector"),
      "writer", Set.of("dev.wake.core", "dev.wake.storage", "dev.wake.writer"),
      "bench", Set.of("dev.wake.core", "dev.wake.devstack", "dev.wake.collector", "dev.wake.storage", "dev.wake.writer",
          "dev.wake.query", "dev.wake.bench"),
      "testing", Set.of("dev.wake.core", "dev.wake.devstack", "dev.wake.testing"),
      "demo", Set.of("dev.wake.demo"),
      "launcher", Set.of("dev.wake.core", "dev.wake.devstack", "dev.wake.storage", "dev.wake.query", "dev.wake.collector",
          "dev.wake.writer", "dev.wake.launcher"));

  @Test
  void mainCode_importsOnlyAllowedWakePackages() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, Set<String>> module : ALLOWED.entrySet()) {
      Path sources = root.resolve(module.getKey()).resolve("src/main/java");
      assertThat(sources).as("module %s", module.getKey()).isDirectory();
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = IMPORT.matcher(Files.readString(file));
          while (m.find()) {
            if (!module.getValue().contains(m.group(1))) {
              violations.add(root.relativize(file) + " imports " + m.group(1));
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void everyModuleWithCode_hasRules() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    try (Stream<Path> dirs = Files.list(root)) {
      List<String> modules = dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java")))
          .map(d -> d.getFileName().toString()).toList();
      assertThat(ALLOWED.keySet()).containsAll(modules);
    }
  }
}
