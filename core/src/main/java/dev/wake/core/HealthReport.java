package dev.wake.core;

import java.util.Map;

/**
 * The health of every part a process runs, for {@code /readyz}. Implementations must be
 * thread-safe and never throw; the map is ordered as the parts start.
 */
@FunctionalInterface
public interface HealthReport {

  /** Each part's name and its current {@link CheckResult}. */
  Map<String, CheckResult> check();

  /** True when every part is ok. */
  static boolean allOk(Map<String, CheckResult> report) {
    return report.values().stream().allMatch(CheckResult::ok);
  }
}
