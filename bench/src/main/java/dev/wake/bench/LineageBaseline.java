package dev.wake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;

/**
 * The lineage answer without the lineage tables: the same breadth-first walk as the API (up and
 * down from the instance, each instance visited once), but each level found by self-joins on
 * {@code otel_traces}: a child is an instance with a span whose parent span or linked span belongs
 * to the frontier; a parent owns a span the frontier's spans name. Then each instance's spans,
 * errors and tokens from its spans. The walk is kept in a Memory table, so no statement carries a
 * long list of ids. Caches off ({@link ClickHouseHttp#NO_CACHES}).
 */
final class LineageBaseline {
  /** What the walk found: instances, and their tokens as the API's totals count them. */
  record Answer(long nodes, long inputTokens, long outputTokens) {}

  private static final String REFERENCES = """
      SELECT AgentInstanceId, TraceId AS RefTrace, ParentSpanId AS RefSpan FROM otel_traces
      WHERE TenantId = 'default' AND ParentSpanId != '' AND %1$s
      UNION ALL
      SELECT AgentInstanceId, L.1, L.2 FROM otel_traces ARRAY JOIN arrayZip(Links.TraceId, Links.SpanId) AS L
      WHERE TenantId = 'default' AND %1$s""";
  private static final String VISITED = "SELECT Id FROM bench_walk WHERE Run = %d";
  private static final String FRONTIER = "SELECT Id FROM bench_walk WHERE Run = %d AND Dir = '%s' AND Level = %d";

  private final ClickHouseHttp ch;
  private int runs;

  LineageBaseline(ClickHouseHttp ch) throws IOException {
    this.ch = ch;
    ch.execute("CREATE TABLE IF NOT EXISTS bench_walk (Run UInt32, Dir String, Level UInt32, Id String) ENGINE = Memory");
  }

  Answer walk(String instanceId) throws IOException {
    int run = ++runs;
    ch.execute("INSERT INTO bench_walk VALUES (" + run + ", 'up', 0, '" + instanceId + "'), (" + run + ", 'down', 0, '"
        + instanceId + "')");
    String visited = VISITED.formatted(run);
    long ups = 1;
    long downs = 1;
    for (int level = 0; ups + downs > 0; level++) {
      String up = FRONTIER.formatted(run, "up", level);
      String down = FRONTIER.formatted(run, "down", level);
      if (ups > 0) { // parents: owners of the spans the frontier's spans name
        ch.execute("INSERT INTO bench_walk SELECT DISTINCT " + run + ", 'up', " + (level + 1) + ", AgentInstanceId"
            + " FROM otel_traces WHERE TenantId = 'default' AND (TraceId, SpanId) IN (SELECT RefTrace, RefSpan FROM ("
            + REFERENCES.formatted("AgentInstanceId IN (" + up + ")") + ")) AND AgentInstanceId NOT IN (" + visited
            + ")", ClickHouseHttp.NO_CACHES);
      }
      if (downs > 0) { // children: instances whose spans name a span of the frontier
        ch.execute("INSERT INTO bench_walk SELECT DISTINCT " + run + ", 'down', " + (level + 1) + ", AgentInstanceId"
            + " FROM (" + REFERENCES.formatted("1") + ") WHERE (RefTrace, RefSpan) IN (SELECT TraceId, SpanId FROM"
            + " otel_traces WHERE TenantId = 'default' AND AgentInstanceId IN (" + down + "))"
            + " AND AgentInstanceId NOT IN (" + visited + ")", ClickHouseHttp.NO_CACHES);
      }
      JsonNode next = ch.rows("SELECT countIf(Dir = 'up'), countIf(Dir = 'down') FROM bench_walk WHERE Run = " + run
          + " AND Level = " + (level + 1), Map.of()).get(0);
      ups = next.get(0).asLong();
      downs = next.get(1).asLong();
    }
    JsonNode totals = ch.rows("SELECT uniqExact(AgentInstanceId), sum(toUInt64OrZero(SpanAttributes["
        + "'gen_ai.usage.input_tokens'])), sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens']))"
        + " FROM otel_traces WHERE TenantId = 'default' AND AgentInstanceId IN (" + visited + ")",
        ClickHouseHttp.NO_CACHES).get(0);
    return new Answer(totals.get(0).asLong(), totals.get(1).asLong(), totals.get(2).asLong());
  }
}
