package dev.wake.query;

import io.javalin.http.Context;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/metrics/gpu?metric=utilization|memory&groupBy=gpu|host|agent|instance&start=&end=&step=}:
 * GPU gauges ({@code otel_metrics_gauge}) as time series, the mean of the group's samples per
 * bucket (see {@link Buckets} for the window and step).
 *
 * <p>{@code metric} (default {@code utilization}): {@code utilization} is a ratio 0..1 (unit
 * {@code 1}) from OpenTelemetry's {@code hw.gpu.utilization} (only {@code hw.gpu.task} unset or
 * {@code general}: decoder and encoder utilisation measure other engines) and NVIDIA DCGM's
 * {@code DCGM_FI_DEV_GPU_UTIL} (percent, divided by 100); {@code memory} is bytes in use (unit
 * {@code By}) from {@code hw.gpu.memory.usage} and {@code DCGM_FI_DEV_FB_USED} (MiB, times 2^20).
 * Grouped by more than one GPU, a value is the mean over the group's GPUs, not their total.
 *
 * <p>{@code groupBy} (default {@code gpu}), with the labels each series carries:
 * <ul>
 *   <li>{@code gpu}: {@code host} and {@code gpu}, the GPU's {@code hw.id}, else DCGM's {@code UUID},
 *       else its index {@code gpu}; {@code group} is {@code host/gpu};
 *   <li>{@code host}: {@code host}, DCGM's {@code Hostname} attribute (the GPU's machine, where a
 *       collector scraping DCGM sets its own {@code host.name}), else the resource's {@code host.name};
 *   <li>{@code agent}: {@code agent}, the resource's {@code gen_ai.agent.name}, else its service;
 *   <li>{@code instance}: {@code instance}, the agent instance id.
 * </ul>
 * Every series also carries {@code simulated}: true when any of its samples carries
 * {@code wake.simulated=true} (the demo reports simulated readings where no GPU exists).
 *
 * <p>Answer: {@code {start, end, stepSeconds, groupBy, metric, unit, series: [{group, <labels>,
 * simulated, points: [{t, value}]}], truncated}} ({@link Series}).
 */
final class GpuMetricsHandler {
  private static final String HOST = "if(Attributes['Hostname'] != '', Attributes['Hostname'],"
      + " ResourceAttributes['host.name'])";
  private static final String GPU = "multiIf(Attributes['hw.id'] != '', Attributes['hw.id'],"
      + " Attributes['UUID'] != '', Attributes['UUID'], Attributes['gpu'])";
  private static final Map<String, List<Series.Label>> GROUPS = new TreeMap<>(Map.of(
      "gpu", List.of(new Series.Label("host", HOST), new Series.Label("gpu", GPU)),
      "host", List.of(new Series.Label("host", HOST)),
      "agent", List.of(new Series.Label("agent", Series.AGENT)),
      "instance", List.of(new Series.Label("instance", "AgentInstanceId"))));
  private static final Map<String, Metric> METRICS = new TreeMap<>(Map.of(
      "utilization", new Metric("1", "'hw.gpu.utilization', 'DCGM_FI_DEV_GPU_UTIL'",
          "if(MetricName = 'DCGM_FI_DEV_GPU_UTIL', Value / 100, Value)",
          "\n  AND Attributes['hw.gpu.task'] IN ('', 'general')"),
      "memory", new Metric("By", "'hw.gpu.memory.usage', 'DCGM_FI_DEV_FB_USED'",
          "if(MetricName = 'DCGM_FI_DEV_FB_USED', Value * 1048576, Value)", "")));

  /**
   * What one {@code metric} reads.
   *
   * @param unit the values' unit (UCUM, as OpenTelemetry writes it)
   * @param names SQL list of the metric names it reads
   * @param value SQL expression of a sample in {@code unit}
   * @param filter more SQL conditions, each beginning with a new line and {@code AND}
   */
  record Metric(String unit, String names, String value, String filter) {}

  private final Supplier<Store> store;
  private final Clock clock;

  GpuMetricsHandler(Supplier<Store> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void get(Context ctx) {
    Params params = new Params(ctx, clock);
    String metric = params.oneOf("metric", "utilization", METRICS.keySet());
    String groupBy = params.oneOf("groupBy", "gpu", GROUPS.keySet());
    Buckets buckets = Buckets.of(params);
    Map<String, Object> sqlParams = buckets.sqlParams(Tenancy.tenant(ctx));
    List<Table.Row> rows = Series.read(store.get(), sql(metric, groupBy), sqlParams);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("metric", metric);
    fields.put("unit", METRICS.get(metric).unit());
    ctx.json(Series.body(buckets, groupBy, fields, rows, Series.of(rows, GROUPS.get(groupBy), List.of("simulated"),
        false)));
  }

  /** The statement of {@code metric} by {@code groupBy}: a row per group and bucket, sorted by both. */
  static String sql(String metricName, String groupBy) {
    Metric metric = METRICS.get(metricName);
    List<Series.Label> group = GROUPS.get(groupBy);
    String names = Series.names(group);
    return "SELECT " + Series.select(group) + ",\n"
        + "       " + Buckets.bucketOf("toUnixTimestamp(TimeUnix)") + " AS PointTime,\n"
        + "       avg(" + metric.value() + ") AS PointValue,\n"
        + "       toBool(max(max(Attributes['wake.simulated'] = 'true')) OVER (PARTITION BY " + names + "))"
        + " AS simulated\n"
        + "FROM otel_metrics_gauge\n"
        + "WHERE TenantId = {tenant:String}\n"
        + "  AND MetricName IN (" + metric.names() + ")" + metric.filter() + "\n"
        + "  AND " + Buckets.secondsWithin("TimeUnix") + "\n"
        + "GROUP BY " + names + ", PointTime\n"
        + "ORDER BY " + names + ", PointTime";
  }
}
