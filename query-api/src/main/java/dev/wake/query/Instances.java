package dev.wake.query;

import dev.wake.storage.SqlLiteral;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Agent instances as the API shows them, read from {@code agent_instances} and GPU gauges.
 * Thread-safe; blocks on ClickHouse.
 */
final class Instances {
  static final String COLUMNS = """
      InstanceId, AgentName, ServiceName, Host, Pid, ParentPid, Region,
      toUnixTimestamp64Nano(FirstSeen) AS FirstNs, toUnixTimestamp64Nano(LastSeen) AS LastNs,
      arraySort(TraceIds) AS TraceIds, SpanCount, ErrorCount, InputTokens, OutputTokens""";
  /**
   * {@link #COLUMNS} of instances looked up by id: their not yet merged rows combined by
   * {@code GROUP BY} with the columns' own functions, which reads only the ids' granules; with
   * {@code FINAL}, 51 ids among a million instances in 10 unmerged parts took 650 ms instead of 30.
   */
  private static final String BY_ID_SQL = """
      SELECT InstanceId, anyLast(AgentName) AS AgentName, anyLast(ServiceName) AS ServiceName,
             anyLast(Host) AS Host, max(Pid) AS Pid, max(ParentPid) AS ParentPid, anyLast(Region) AS Region,
             toUnixTimestamp64Nano(min(FirstSeen)) AS FirstNs, toUnixTimestamp64Nano(max(LastSeen)) AS LastNs,
             arraySort(groupUniqArrayArray(TraceIds)) AS TraceIds, sum(SpanCount) AS SpanCount,
             sum(ErrorCount) AS ErrorCount, sum(InputTokens) AS InputTokens, sum(OutputTokens) AS OutputTokens
      FROM agent_instances
      WHERE TenantId = {tenant:String} AND InstanceId IN %s
      GROUP BY InstanceId""";
  /**
   * GPU seconds per instance: each utilisation sample (ratio; DCGM percent / 100) times the time
   * to the next sample of the same series, at most 60 s; a series' last sample counts 0 s. Only
   * samples of the instances' services (the same resource sends both) within
   * {@link #GPU_MARGIN_NANOS} of their spans are read: the table's sorting key (service, metric,
   * hour) then bounds the read to those hours instead of the tenant's whole retention. Formatted
   * with the ids and the services.
   */
  private static final String GPU_SQL = """
      SELECT AgentInstanceId, sum(Utilization * least(toFloat64(NextTime - TimeUnix), 60)) AS GpuSeconds
      FROM (
        SELECT AgentInstanceId, TimeUnix,
               if(MetricName = 'DCGM_FI_DEV_GPU_UTIL', Value / 100, Value) AS Utilization,
               leadInFrame(TimeUnix, 1, TimeUnix) OVER (PARTITION BY AgentInstanceId, MetricName, Attributes
                 ORDER BY TimeUnix ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS NextTime
        FROM otel_metrics_gauge
        WHERE AgentInstanceId IN %s AND %s)
      GROUP BY AgentInstanceId""";
  /** The GPU samples {@link #GPU_SQL} may read: the services' utilisation within the hours. Formatted with the services. */
  private static final String GPU_SAMPLES = """
      TenantId = {tenant:String} AND ServiceName IN %s
          AND MetricName IN ('hw.gpu.utilization', 'DCGM_FI_DEV_GPU_UTIL')
          AND TimeUnix >= fromUnixTimestamp64Nano({fromNs:Int64}) AND TimeUnix <= fromUnixTimestamp64Nano({toNs:Int64})""";
  /**
   * Above this many instances, whether there is any GPU sample to read is asked first: a
   * statement listing 10,000 ids takes ~40 ms to parse and build its set even over no sample.
   */
  private static final int GPU_PROBE_ABOVE = 100;
  /** How long before an instance's first span and after its last span its GPU samples count. */
  static final long GPU_MARGIN_NANOS = TimeUnit.HOURS.toNanos(1);
  private static final int CHUNK = 100_000;
  private static final int CHUNK_CHARS = 4_000_000;

  private final Store store;

  Instances(Store store) {
    this.store = store;
  }

  /** The instances among {@code ids} that Wake knows, by id, in {@code ids}' order, with their GPU seconds. */
  Map<String, Map<String, Object>> byId(String tenant, Collection<String> ids) {
    Map<String, Table.Row> rows = rows(tenant, ids);
    return nodes(ids, rows, gpuSeconds(tenant, rows.values()));
  }

  /** The {@code agent_instances} rows of those of {@code ids} that Wake knows, by id. */
  Map<String, Table.Row> rows(String tenant, Collection<String> ids) {
    Map<String, Table.Row> rows = new LinkedHashMap<>();
    for (List<String> chunk : chunks(ids)) {
      for (Table.Row row : store.rows(String.format(BY_ID_SQL, SqlLiteral.in(chunk)), Map.of("tenant", tenant))) {
        rows.put(row.str("InstanceId"), row);
      }
    }
    return rows;
  }

  /** The instances among {@code ids} that have a row, in {@code ids}' order, in the API's shape. */
  static Map<String, Map<String, Object>> nodes(Collection<String> ids, Map<String, Table.Row> rows,
      Map<String, Double> gpu) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (String id : ids) {
      Table.Row row = rows.get(id);
      if (row != null) {
        out.put(id, node(row, gpu.getOrDefault(id, 0.0)));
      }
    }
    return out;
  }

  /**
   * GPU seconds of each of the instances of {@code rows} ({@link #BY_ID_SQL}'s or {@link #COLUMNS})
   * that reported GPU utilisation within {@link #GPU_MARGIN_NANOS} of its spans; one read for all.
   */
  Map<String, Double> gpuSeconds(String tenant, Collection<Table.Row> rows) {
    Map<String, Double> gpu = new LinkedHashMap<>();
    if (rows.isEmpty()) {
      return gpu;
    }
    List<String> ids = new ArrayList<>();
    Set<String> services = new LinkedHashSet<>();
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    for (Table.Row row : rows) {
      ids.add(row.str("InstanceId"));
      services.add(row.str("ServiceName"));
      from = Math.min(from, row.lng("FirstNs"));
      to = Math.max(to, row.lng("LastNs"));
    }
    Map<String, Object> params =
        Map.of("tenant", tenant, "fromNs", from - GPU_MARGIN_NANOS, "toNs", to + GPU_MARGIN_NANOS);
    String samples = String.format(GPU_SAMPLES, SqlLiteral.tuple(services));
    if (ids.size() > GPU_PROBE_ABOVE
        && store.rows("SELECT 1 FROM otel_metrics_gauge WHERE " + samples + " LIMIT 1", params).isEmpty()) {
      return gpu;
    }
    for (List<String> chunk : chunks(ids)) {
      for (Table.Row row : store.rows(String.format(GPU_SQL, SqlLiteral.in(chunk), samples), params)) {
        gpu.put(row.str("AgentInstanceId"), row.dbl("GpuSeconds"));
      }
    }
    return gpu;
  }

  /** One instance in the API's shape. */
  static Map<String, Object> node(Table.Row row, double gpuSeconds) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("instanceId", row.str("InstanceId"));
    node.put("ghost", false);
    node.put("agentName", row.str("AgentName"));
    node.put("serviceName", row.str("ServiceName"));
    node.put("host", row.str("Host"));
    node.put("pid", row.lng("Pid"));
    node.put("parentPid", row.lng("ParentPid"));
    node.put("region", row.str("Region"));
    node.put("start", Times.format(row.lng("FirstNs")));
    node.put("end", Times.format(row.lng("LastNs")));
    node.put("durationNs", row.lng("LastNs") - row.lng("FirstNs"));
    node.put("status", row.lng("ErrorCount") > 0 ? "error" : "ok");
    node.put("spanCount", row.lng("SpanCount"));
    node.put("errorCount", row.lng("ErrorCount"));
    node.put("inputTokens", row.lng("InputTokens"));
    node.put("outputTokens", row.lng("OutputTokens"));
    node.put("gpuSeconds", gpuSeconds);
    node.put("traceIds", row.get("TraceIds"));
    return node;
  }

  /**
   * {@code values} in chunks of at most 100,000 values and 4,000,000 characters, so that a
   * statement listing one chunk, even with every character escaped, stays under the
   * {@code max_query_size} the API's own statements run with ({@link Store#MAX_QUERY_BYTES}). A
   * lineage answer (at most {@link LineageHandler#MAX_NODES} instances) is then one statement per
   * read: each statement of ids spread over a table reads most of its granules.
   */
  static List<List<String>> chunks(Collection<String> values) {
    List<List<String>> out = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int chars = 0;
    for (String value : values) {
      if (!current.isEmpty() && (current.size() == CHUNK || chars + value.length() > CHUNK_CHARS)) {
        out.add(current);
        current = new ArrayList<>();
        chars = 0;
      }
      current.add(value);
      chars += value.length() + 4;
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }
}
