package dev.wake.query;

import dev.wake.core.CheckResult;
import dev.wake.core.HealthReport;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /livez} and {@code /readyz}: liveness of this process, readiness of every part. */
final class HealthHandler {
  private final HealthReport health;

  HealthHandler(HealthReport health) {
    this.health = health;
  }

  /** 200 while the process serves requests at all. */
  void live(Context ctx) {
    ctx.json(Map.of("status", "live"));
  }

  /** 200 when every part is ready, else 503 naming each part that is not and why. */
  void ready(Context ctx) {
    Map<String, CheckResult> report = health.check();
    Map<String, Object> parts = new LinkedHashMap<>();
    report.forEach((name, result) -> parts.put(name, Map.of("ok", result.ok(), "detail", result.detail())));
    boolean ready = HealthReport.allOk(report);
    ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "not ready", "parts", parts));
  }
}
