package dev.wake.query;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.core.HealthReport;
import dev.wake.core.TenantAuth;
import dev.wake.storage.ClickHouseTarget;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API and the web UI on one HTTP port. Built unstarted from its config; serves
 * {@code /livez} and {@code /readyz} from {@link #start()}, and the data routes once
 * {@link #connect} gave it a ClickHouse (503 before).
 *
 * <p>Routes, the API reference in one place (JSON; times RFC 3339 UTC with nanoseconds):
 * <pre>
 *   GET  /livez                               200 while the process lives
 *   GET  /readyz                              200 when every part is ready, else 503 with each part's reason
 *   GET  /api/v1/traces/{traceId}             one trace's spans                      TraceHandler
 *   GET  /api/v1/traces                       trace search, newest first, paged      SearchHandler
 *   GET  /api/v1/agents                       agent instances in a window, paged     AgentsHandler
 *   GET  /api/v1/agents/{instanceId}/lineage  ancestors, descendants, totals, gaps   LineageHandler
 *   POST /api/v1/sql                          read-only audit SQL, tenant-scoped     SqlHandler
 *   GET  /api/v1/audit-log                    every audit query, hash-chain checked  SqlHandler
 *   GET  /api/v1/metrics/gpu                  GPU utilisation or memory series       GpuMetricsHandler
 *   GET  /api/v1/metrics/tokens               token usage series, spans or metric    TokenMetricsHandler
 *   GET  /api/v1/openapi.json                 this table as an OpenAPI 3.1 document  OpenApiHandler
 *   GET  /api/services                        Jaeger: service names                  JaegerHandler
 *   GET  /api/services/{service}/operations   Jaeger: a service's operations         JaegerHandler
 *   GET  /api/traces                          Jaeger: trace search, whole traces     JaegerHandler
 *   GET  /api/traces/{traceId}                Jaeger: one trace                      JaegerHandler
 * </pre>
 * Every {@code /api} route is scoped to the caller's tenant ({@link Tenancy}); every error is
 * {@code {"error": {"status", "code", "message", "where"}}}, but on Jaeger's routes, whose clients
 * expect Jaeger's {@code {"data": null, "errors": [{"code", "msg"}]}}.
 */
public final class QueryApi implements Component {
  private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
  private final QueryApiConfig config;
  private final Javalin app;
  private volatile Store store;
  /** Keeps quiet big trees' lineage ahead of requests; null when off. */
  private final LineagePrecompute precompute;
  private volatile AuditLog auditLog;
  private volatile String database;
  private volatile TenantAuth auth;

  public QueryApi(QueryApiConfig config, HealthReport health) {
    this.config = config;
    Clock clock = Clock.systemUTC();
    HealthHandler healthHandler = new HealthHandler(health);
    TraceHandler traces = new TraceHandler(this::store);
    SearchHandler search = new SearchHandler(this::store, clock);
    AgentsHandler agents = new AgentsHandler(this::store, clock);
    LineageHandler lineage = new LineageHandler(this::store, config.lineageKeepNodes());
    precompute = config.lineageKeepNodes() > 0 && config.lineageQuietSeconds() > 0
        ? new LineagePrecompute(this::store, config.lineageKeepNodes(), config.lineageQuietSeconds()) : null;
    SqlHandler sql = new SqlHandler(this::store, this::auditLog, () -> database, config);
    OpenApiHandler openApi = new OpenApiHandler();
    JaegerHandler jaeger = new JaegerHandler(this::store, clock);
    UiHandler ui = new UiHandler();
    this.app = Javalin.create(javalin -> {
      javalin.showJavalinBanner = false;
      javalin.startupWatcherEnabled = false;
      // gzip at level 1 (nginx's default), not Javalin's 6: a 10,000-agent lineage (7.2 MB of JSON)
      // compressed in ~0.1 s at level 6, a large share of its answer time, for ~20% fewer bytes.
      javalin.http.gzipOnlyCompression(1);
      ui.addStaticFiles(javalin);
    });
    app.get("/livez", healthHandler::live);
    app.get("/readyz", healthHandler::ready);
    app.before("/api/*", ctx -> new Tenancy(auth).authenticate(ctx));
    app.get("/api/v1/traces/{traceId}", traces::get);
    app.get("/api/v1/traces", search::search);
    app.get("/api/v1/agents", agents::list);
    app.get("/api/v1/agents/{instanceId}/lineage", lineage::get);
    app.post("/api/v1/sql", sql::run);
    app.get("/api/v1/audit-log", sql::auditLog);
    app.get("/api/v1/metrics/gpu", new GpuMetricsHandler(this::store, clock)::get);
    app.get("/api/v1/metrics/tokens", new TokenMetricsHandler(this::store, clock)::get);
    app.get("/api/v1/openapi.json", openApi::get);
    app.get("/api/services", jaeger::services);
    app.get("/api/services/{service}/operations", jaeger::operations);
    app.get("/api/traces", jaeger::search);
    app.get("/api/traces/{traceId}", jaeger::trace);
    app.get("/", ui::page);
    app.get("/traces/{traceId}", ui::page);
    app.get("/agents/{instanceId}", ui::page);
    app.get("/metrics", ui::page);
    app.get("/audit", ui::page);
    app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.code, e.getMessage(), e.where));
    app.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), "http_" + e.getStatus(),
        e.getMessage(), null));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
      error(ctx, 500, "internal", "internal error: " + e.getMessage() + " (logged by the query API)", null);
    });
    app.error(404, ctx -> {
      if (ctx.result() == null || ctx.result().isEmpty()) {
        error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path() + ": see /api/v1/openapi.json", null);
      }
    });
  }

  private static void error(Context ctx, int status, String code, String message, String where) {
    if (JaegerHandler.owns(ctx.path())) {
      ctx.status(status).json(JaegerHandler.error(status, message));
      return;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("status", status);
    error.put("code", code);
    error.put("message", message);
    error.put("where", where);
    ctx.status(status).json(Map.of("error", error));
  }

  /** Starts answering queries against {@code database} of {@code target}; call once ClickHouse is ready. */
  public void connect(ClickHouseTarget target, String database) {
    Store previous = store;
    this.database = database;
    store = new Store(target, database);
    auditLog = new AuditLog(store, Clock.systemUTC());
    if (previous != null) {
      previous.close();
    } else if (precompute != null) {
      precompute.start();
    }
  }

  private Store store() {
    Store current = store;
    if (current == null) {
      throw ApiException.unavailable("ClickHouse is not ready yet: see /readyz");
    }
    return current;
  }

  private AuditLog auditLog() {
    store();
    return auditLog;
  }

  @Override
  public String name() {
    return "query-api";
  }

  @Override
  public void start() {
    try {
      auth = config.tokensFile() == null ? TenantAuth.open() : TenantAuth.fromFile(config.tokensFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read WAKE_COLLECTOR_TOKENS_FILE: " + e.getMessage(), e);
    }
    app.start(config.host(), config.port());
  }

  /** The routes registered, as {@code "GET /api/v1/traces"}, in registration order (the OpenAPI test reads them). */
  List<String> routes() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .filter(handler -> handler.getEndpoint().getMethod().isHttpMethod())
        .map(handler -> handler.getEndpoint().getMethod() + " " + handler.getEndpoint().getPath())
        .toList();
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
    if (precompute != null) {
      precompute.close();
    }
    app.stop();
    Store current = store;
    if (current != null) {
      current.close();
    }
  }
}
