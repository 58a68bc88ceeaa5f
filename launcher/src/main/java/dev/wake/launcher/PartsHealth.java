package dev.wake.launcher;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.core.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of every part {@code ./wake up} runs: "starting" until a part's start returned, then
 * the part's own {@link Component#check()}. Thread-safe.
 */
final class PartsHealth implements HealthReport {
  private final Map<String, Component> started = new LinkedHashMap<>();
  private final Map<String, String> pending = new LinkedHashMap<>();

  /** Declares a part that will start; it reports "starting" until {@link #started}. */
  synchronized void expect(String name) {
    pending.put(name, "starting");
  }

  synchronized void started(Component component) {
    pending.remove(component.name());
    started.put(component.name(), component);
  }

  synchronized void failed(String name, String reason) {
    pending.put(name, "failed: " + reason);
  }

  @Override
  public Map<String, CheckResult> check() {
    Map<String, Component> components;
    Map<String, String> waiting;
    synchronized (this) {
      components = new LinkedHashMap<>(started);
      waiting = new LinkedHashMap<>(pending);
    }
    Map<String, CheckResult> report = new LinkedHashMap<>();
    components.forEach((name, component) -> report.put(name, component.check()));
    waiting.forEach((name, state) -> report.put(name, CheckResult.failed(state)));
    return report;
  }
}
