package dev.wake.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads typed settings from an environment map and collects every problem before failing, so a
 * misconfigured start names all bad variables at once.
 *
 * <p>Used only by {@code main} methods and test harnesses; components receive immutable config
 * records. Not thread-safe.
 */
public final class Env {
  private final Map<String, String> vars;
  private final List<String> problems = new ArrayList<>();

  public Env(Map<String, String> vars) {
    this.vars = Map.copyOf(Objects.requireNonNull(vars, "vars"));
  }

  /** The process environment. */
  public static Env system() {
    return new Env(System.getenv());
  }

  /** The raw value, or {@code null} when unset or blank. */
  public String raw(String name) {
    String value = vars.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  public String string(String name, String defaultValue) {
    String value = raw(name);
    return value == null ? defaultValue : value;
  }

  /** An integer within [min, max]; a value outside or not a number is recorded as a problem. */
  public int integer(String name, int defaultValue, int min, int max) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        problems.add(name + " must be between " + min + " and " + max + ", got " + parsed);
        return defaultValue;
      }
      return parsed;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a whole number, got '" + value + "'");
      return defaultValue;
    }
  }

  /** A TCP port in [0, 65535]; 0 means "any free port". */
  public int port(String name, int defaultValue) {
    return integer(name, defaultValue, 0, 65_535);
  }

  public Path path(String name, Path defaultValue) {
    String value = raw(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Path.of(value).toAbsolutePath().normalize();
    } catch (RuntimeException e) {
      problems.add(name + " is not a valid path: '" + value + "'");
      return defaultValue;
    }
  }

  /** Records a problem found by the caller's own validation. */
  public void problem(String message) {
    problems.add(message);
  }

  /** Throws {@link ConfigException} naming every problem recorded so far. */
  public void validate() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
