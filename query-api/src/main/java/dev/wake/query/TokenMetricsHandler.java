package dev.wake.query;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/metrics/tokens?groupBy=model|agent|host|instance&source=spans|metric&start=&end=&step=}:
 * GenAI tokens used per bucket (see {@link Buckets} for the window and step), one series per group
 * and token type, labelled {@code type}.
 *
 * <p>{@code source} (default {@code spans}):
 * <ul>
 *   <li>{@code spans}: the sums of the spans' {@code gen_ai.usage.input_tokens} (type {@code input})
 *       and {@code gen_ai.usage.output_tokens} ({@code output}), in the bucket of the span's start;
 *       model: the span's {@code gen_ai.request.model}, else {@code gen_ai.response.model}.
 *   <li>{@code metric}: the {@code Sum} of the {@code gen_ai.client.token.usage} histogram's points,
 *       type: their {@code gen_ai.token.type}; model: their {@code gen_ai.request.model}, else
 *       {@code gen_ai.response.model}. A delta point ({@code AggregationTemporality} 1) counts as it
 *       is. A cumulative point (2, the OpenTelemetry SDKs' default) holds the total since its
 *       series' start, so it counts its increase: its {@code Sum} minus the previous point's of the
 *       same series (same instance, resource, scope, attributes and {@code StartTimeUnix}); a
 *       series' first point counts whole (it began there), and so does a point below its
 *       predecessor (a reset). Previous points are looked for up to {@value #LOOKBACK_SECONDS} s
 *       before {@code start}: a cumulative series exporting less often than that counts its first
 *       point in the window whole.
 * </ul>
 * {@code groupBy} (default {@code model}) and the label it adds: {@code model}; {@code agent}, the
 * resource's {@code gen_ai.agent.name}, else its service; {@code host}, the resource's
 * {@code host.name}; {@code instance}, the agent instance id.
 *
 * <p>Answer: {@code {start, end, stepSeconds, groupBy, source, unit: "{token}", series: [{group,
 * <label>, type, points: [{t, value}]}], truncated}} ({@link Series}); values are whole tokens.
 */
final class TokenMetricsHandler {
  static final long LOOKBACK_SECONDS = 3_600;
  private static final Set<String> GROUP_BY = new TreeSet<>(List.of("agent", "host", "instance", "model"));
  private static final Set<String> SOURCES = new TreeSet<>(List.of("metric", "spans"));
  private static final List<String> TYPE = List.of("type");

  private final Supplier<Store> store;
  private final Clock clock;

  TokenMetricsHandler(Supplier<Store> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void get(Context ctx) {
    Params params = new Params(ctx, clock);
    String groupBy = params.oneOf("groupBy", "model", GROUP_BY);
    String source = params.oneOf("source", "spans", SOURCES);
    Buckets buckets = Buckets.of(params);
    Map<String, Object> sqlParams = buckets.sqlParams(Tenancy.tenant(ctx));
    Series.Label label = label(source, groupBy);
    if (source.equals("metric")) {
      sqlParams.put("lookbackSecond", Math.max(0, buckets.startSecond() - LOOKBACK_SECONDS));
    }
    List<Table.Row> rows = Series.read(store.get(), source.equals("spans") ? fromSpans(label) : fromMetric(label),
        sqlParams);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("source", source);
    fields.put("unit", "{token}");
    ctx.json(Series.body(buckets, groupBy, fields, rows, Series.of(rows, List.of(label), TYPE, true)));
  }

  /** The label of {@code groupBy} in {@code source}'s table. */
  static Series.Label label(String source, String groupBy) {
    String attributes = source.equals("spans") ? "SpanAttributes" : "Attributes";
    return switch (groupBy) {
      case "model" -> new Series.Label("model", "if(" + attributes + "['gen_ai.request.model'] != '', " + attributes
          + "['gen_ai.request.model'], " + attributes + "['gen_ai.response.model'])");
      case "agent" -> new Series.Label("agent", Series.AGENT);
      case "host" -> new Series.Label("host", "ResourceAttributes['host.name']");
      case "instance" -> new Series.Label("instance", "AgentInstanceId");
      default -> throw new IllegalArgumentException("no groupBy " + groupBy);
    };
  }

  /** Spans with token usage, summed per group and bucket, one row per type. */
  static String fromSpans(Series.Label label) {
    List<Series.Label> group = List.of(label);
    String names = Series.names(group);
    return "SELECT " + names + ", type, PointTime, PointValue\n"
        + "FROM (\n"
        + "  SELECT " + Series.select(group) + ",\n"
        + "         " + Buckets.bucketOf("toUnixTimestamp(Timestamp)") + " AS PointTime,\n"
        + "         sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])) AS InputTokens,\n"
        + "         sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens'])) AS OutputTokens\n"
        + "  FROM otel_traces\n"
        + "  WHERE TenantId = {tenant:String}\n"
        + "    AND " + Buckets.nanosWithin("Timestamp") + "\n"
        + "    AND (mapContains(SpanAttributes, 'gen_ai.usage.input_tokens')"
        + " OR mapContains(SpanAttributes, 'gen_ai.usage.output_tokens'))\n"
        + "  GROUP BY " + names + ", PointTime)\n"
        + "ARRAY JOIN ['input', 'output'] AS type, [InputTokens, OutputTokens] AS PointValue\n"
        + "ORDER BY " + names + ", type, PointTime";
  }

  /**
   * Token usage histogram points, each as its increase (see the class comment), summed per group,
   * type and bucket. The window function runs over the lookback too; only then are points before
   * {@code start} dropped.
   */
  static String fromMetric(Series.Label label) {
    List<Series.Label> group = List.of(label);
    String names = Series.names(group);
    return "SELECT " + names + ", type, PointTime,\n"
        + "       sum(if(AggregationTemporality = 2 AND Sum >= Previous, Sum - Previous, Sum)) AS PointValue\n"
        + "FROM (\n"
        + "  SELECT " + Series.select(group) + ", Attributes['gen_ai.token.type'] AS type, TimeUnix,\n"
        + "         " + Buckets.bucketOf("toUnixTimestamp(TimeUnix)") + " AS PointTime,\n"
        + "         Sum, AggregationTemporality,\n"
        + "         lagInFrame(Sum, 1, 0) OVER (\n"
        + "           PARTITION BY AgentInstanceId, ResourceAttributes, ScopeName, Attributes, StartTimeUnix,"
        + " AggregationTemporality\n"
        + "           ORDER BY TimeUnix, Count, Sum ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS Previous\n"
        + "  FROM otel_metrics_histogram\n"
        + "  WHERE TenantId = {tenant:String}\n"
        + "    AND MetricName = 'gen_ai.client.token.usage'\n"
        + "    AND TimeUnix >= toDateTime({lookbackSecond:UInt32}) AND TimeUnix <= toDateTime({endSecond:UInt32}))\n"
        + "WHERE TimeUnix >= toDateTime({startSecond:UInt32})\n"
        + "GROUP BY " + names + ", type, PointTime\n"
        + "ORDER BY " + names + ", type, PointTime";
  }
}
