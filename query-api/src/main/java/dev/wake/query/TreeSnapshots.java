package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.storage.SqlLiteral;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances the writer snapshotted in {@code lineage_tree} (schema 011) under one of a set of
 * roots: their details in the shape of {@link Instances#COLUMNS} (so {@link Instances#node} reads
 * them) and their edges both ways, a key range per root instead of one read per table by ids. A
 * snapshot is as new as the writer's last lineage write that touched the instance. Blocks on
 * ClickHouse; thread-safe.
 */
final class TreeSnapshots {
  private static final String SQL = """
      SELECT InstanceId, AgentName, ServiceName, Host, Pid, ParentPid, Region,
             toUnixTimestamp64Nano(FirstSeen) AS FirstNs, toUnixTimestamp64Nano(LastSeen) AS LastNs,
             arraySort(TraceIds) AS TraceIds, SpanCount, ErrorCount, InputTokens, OutputTokens, Parents, Children
      FROM lineage_tree FINAL
      WHERE TenantId = {tenant:String} AND Root IN %s
      ORDER BY InstanceId, Version DESC
      LIMIT 1 BY InstanceId""";

  private TreeSnapshots() {}

  /** Instance -> its newest snapshot under any of {@code roots}, for at most {@code limit} instances. */
  static Map<String, Table.Row> under(Store db, String tenant, Collection<String> roots, int limit) {
    Map<String, Table.Row> out = new LinkedHashMap<>();
    for (List<String> chunk : Instances.chunks(roots)) {
      for (Table.Row row : db.rows(String.format(SQL, SqlLiteral.in(chunk)) + " LIMIT " + limit,
          Map.of("tenant", tenant))) {
        out.putIfAbsent(row.str("InstanceId"), row);
      }
    }
    return out;
  }

  /** The edges down from a snapshot's instance, from its {@code Children}. */
  static List<LineageWalk.Edge> children(Table.Row row) {
    List<LineageWalk.Edge> out = new ArrayList<>();
    for (JsonNode child : row.get("Children")) {
      out.add(new LineageWalk.Edge(row.str("InstanceId"), child.get(0).asText(), child.get(1).asText(),
          child.get(2).asText()));
    }
    return out;
  }
}
