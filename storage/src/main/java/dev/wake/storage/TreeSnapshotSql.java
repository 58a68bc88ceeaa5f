package dev.wake.storage;

/**
 * The statement that snapshots agent instances into {@code lineage_tree} (schema 011) under each
 * root {@code lineage_roots} records for them: their {@code agent_instances} rows merged, their
 * edges both ways as (other instance, kind, evidence), stamped with ClickHouse's clock. Shared by
 * the writer (the instances a lineage write touched) and the query benchmark (every tree it
 * generated), so both leave the same rows.
 */
public final class TreeSnapshotSql {
  private static final String SQL = """
      INSERT INTO lineage_tree
      SELECT r.TenantId, r.Other, i.InstanceId, now64(9), i.AgentName, i.ServiceName, i.Host, i.Pid, i.ParentPid,
             i.Region, i.FirstSeen, i.LastSeen, i.TraceIds, i.SpanCount, i.ErrorCount, i.InputTokens,
             i.OutputTokens, u.Edges, d.Edges
      FROM (SELECT DISTINCT TenantId, Id, Other FROM lineage_roots WHERE Direction = 'up' AND %1$s) AS r
      INNER JOIN (
          SELECT TenantId, InstanceId, anyLast(AgentName) AS AgentName, anyLast(ServiceName) AS ServiceName,
                 anyLast(Host) AS Host, max(Pid) AS Pid, max(ParentPid) AS ParentPid, anyLast(Region) AS Region,
                 min(FirstSeen) AS FirstSeen, max(LastSeen) AS LastSeen, groupUniqArrayArray(TraceIds) AS TraceIds,
                 sum(SpanCount) AS SpanCount, sum(ErrorCount) AS ErrorCount, sum(InputTokens) AS InputTokens,
                 sum(OutputTokens) AS OutputTokens
          FROM agent_instances WHERE %2$s
          GROUP BY TenantId, InstanceId) AS i ON i.TenantId = r.TenantId AND i.InstanceId = r.Id
      LEFT JOIN (
          SELECT TenantId, InstanceId, groupUniqArray((OtherInstanceId, Kind, Evidence)) AS Edges
          FROM lineage_edges WHERE Direction = 'up' AND %2$s
          GROUP BY TenantId, InstanceId) AS u ON u.TenantId = r.TenantId AND u.InstanceId = r.Id
      LEFT JOIN (
          SELECT TenantId, InstanceId, groupUniqArray((OtherInstanceId, Kind, Evidence)) AS Edges
          FROM lineage_edges WHERE Direction = 'down' AND %2$s
          GROUP BY TenantId, InstanceId) AS d ON d.TenantId = r.TenantId AND d.InstanceId = r.Id""";

  private TreeSnapshotSql() {}

  /** Snapshots {@code tenant}'s instances {@code ids} (an IN list, {@link SqlLiteral#in}). */
  public static String of(String tenant, String ids) {
    String tenantIs = "TenantId = " + SqlLiteral.quote(tenant);
    return String.format(SQL, tenantIs + " AND Id IN " + ids, tenantIs + " AND InstanceId IN " + ids);
  }

  /** Snapshots every instance with a recorded root. */
  public static String all() {
    return String.format(SQL, "1", "1");
  }
}
