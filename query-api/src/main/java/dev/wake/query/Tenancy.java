package dev.wake.query;

import dev.wake.core.TenantAuth;
import io.javalin.http.Context;

/**
 * The caller's tenant, from the same {@code token=tenant} mapping as the collector
 * ({@code WAKE_COLLECTOR_TOKENS_FILE}): with tokens configured every {@code /api} request needs
 * {@code Authorization: Bearer <token>}; without, every caller is tenant {@code default}. Every query
 * the API runs is scoped to this tenant.
 */
final class Tenancy {
  private static final String ATTRIBUTE = "wake.tenant";
  private final TenantAuth auth;

  Tenancy(TenantAuth auth) {
    this.auth = auth;
  }

  /** Before-handler: resolves the tenant or answers 401. */
  void authenticate(Context ctx) {
    String tenant = auth.tenant(ctx.header("Authorization"));
    if (tenant == null) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new ApiException(401, "unauthenticated",
          "send Authorization: Bearer <token> with a token listed in WAKE_COLLECTOR_TOKENS_FILE", "header Authorization");
    }
    ctx.attribute(ATTRIBUTE, tenant);
  }

  static String tenant(Context ctx) {
    String tenant = ctx.attribute(ATTRIBUTE);
    if (tenant == null) {
      throw new IllegalStateException("no tenant resolved for " + ctx.path());
    }
    return tenant;
  }
}
