package dev.wake.query;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/agents?start=&end=&name=&status=ok|error&limit=&cursor=}: agent instances that
 * lived at any moment of the window (default: the last hour), however briefly, newest start
 * first, {@code limit} per page (default 100, at most 1,000).
 */
final class AgentsHandler {
  private static final String SQL_HEAD = "SELECT " + Instances.COLUMNS + """

      FROM agent_instances FINAL
      WHERE TenantId = {tenant:String}
        AND FirstSeen <= fromUnixTimestamp64Nano({endNs:Int64})
        AND LastSeen >= fromUnixTimestamp64Nano({startNs:Int64})
      """;

  private final Supplier<Store> store;
  private final Clock clock;

  AgentsHandler(Supplier<Store> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void list(Context ctx) {
    Params params = new Params(ctx, clock);
    long[] window = params.window();
    String name = params.text("name");
    String status = params.oneOf("status", null, Set.of("ok", "error"));
    int limit = params.integer("limit", 100, 1, 1000);
    Cursor cursor = Cursor.decode(params.text("cursor"));
    Map<String, Object> sqlParams = new LinkedHashMap<>();
    sqlParams.put("tenant", Tenancy.tenant(ctx));
    sqlParams.put("startNs", window[0]);
    sqlParams.put("endNs", window[1]);
    StringBuilder sql = new StringBuilder(SQL_HEAD);
    if (name != null) {
      sql.append("  AND AgentName = {name:String}\n");
      sqlParams.put("name", name);
    }
    if (status != null) {
      sql.append(status.equals("error") ? "  AND ErrorCount > 0\n" : "  AND ErrorCount = 0\n");
    }
    if (cursor != null) {
      sql.append("  AND (toUnixTimestamp64Nano(FirstSeen), InstanceId) < ({cursorNs:Int64}, {cursorId:String})\n");
      sqlParams.put("cursorNs", cursor.ns());
      sqlParams.put("cursorId", cursor.id());
    }
    sql.append("ORDER BY FirstSeen DESC, InstanceId DESC LIMIT {limit:UInt32}");
    sqlParams.put("limit", limit + 1);
    List<Table.Row> rows = store.get().rows(sql.toString(), sqlParams);
    boolean more = rows.size() > limit;
    List<Table.Row> page = more ? rows.subList(0, limit) : rows;
    Map<String, Double> gpu = new Instances(store.get()).gpuSeconds((String) sqlParams.get("tenant"), page);
    List<Map<String, Object>> agents = new ArrayList<>();
    for (Table.Row row : page) {
      agents.add(Instances.node(row, gpu.getOrDefault(row.str("InstanceId"), 0.0)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("agents", agents);
    Table.Row last = more ? rows.get(limit - 1) : null;
    body.put("nextCursor", last == null ? null : new Cursor(last.lng("FirstNs"), last.str("InstanceId")).encode());
    ctx.json(body);
  }
}
