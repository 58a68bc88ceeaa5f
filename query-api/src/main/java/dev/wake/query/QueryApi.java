package dev.wake.query;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.core.HealthReport;
import io.javalin.Javalin;

/**
 * The query API (and, later, the UI) on one HTTP port. Built unstarted from its config and
 * dependencies, so tests start it on port 0.
 *
 * <p>Routes, the API reference in one place:
 * <pre>
 *   GET /livez   200 while the process lives
 *   GET /readyz  200 when every part is ready, else 503 with each part's reason
 * </pre>
 */
public final class QueryApi implements Component {
  private final QueryApiConfig config;
  private final Javalin app;

  public QueryApi(QueryApiConfig config, HealthReport health) {
    this.config = config;
    HealthHandler healthHandler = new HealthHandler(health);
    this.app = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.startupWatcherEnabled = false;
    });
    app.get("/livez", healthHandler::live);
    app.get("/readyz", healthHandler::ready);
  }

  @Override
  public String name() {
    return "query-api";
  }

  @Override
  public void start() {
    app.start(config.host(), config.port());
  }

  /** The port it listens on; valid after {@link #start()}. */
  public int port() {
    return app.port();
  }

  @Override
  public CheckResult check() {
    return app.jettyServer() != null && app.jettyServer().server().isStarted()
        ? CheckResult.OK : CheckResult.failed("query API is not serving");
  }

  @Override
  public void close() {
    app.stop();
  }
}
