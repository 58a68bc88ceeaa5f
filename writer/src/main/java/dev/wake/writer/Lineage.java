package dev.wake.writer;

import com.clickhouse.client.api.query.GenericRecord;
import dev.wake.storage.SqlLiteral;
import dev.wake.storage.TraceBounds;
import dev.wake.writer.ClickHouseStore.StoreException;
import dev.wake.writer.LineageFacts.Key;
import dev.wake.writer.LineageFacts.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch's {@link LineageFacts} and the edges they complete, in whichever order the two
 * ends of an edge arrive. The batch's keys and open references are inserted <em>before</em> the
 * look-ups, so of two batches holding the two ends, the later one always sees the earlier one's
 * rows (both may: {@code lineage_edges} collapses duplicates). The new edges' children then get
 * their roots ({@link LineageRoots}), and the trees the write touched are recorded as changed
 * ({@link LineageChanges}).
 *
 * <p>A process reference ({@code process.parent_pid}) is tied to the owner of that pid on that host
 * first seen no later than the child was; so a pid reused by a later process never becomes a
 * parent of an older child. Self references are not edges. Blocks; thread-safe (no state but the store).
 */
final class Lineage {
  static final String INSTANCES = "agent_instances";
  static final String KEYS = "lineage_keys";
  static final String REFS = "lineage_refs";
  static final String EDGES = "lineage_edges";
  private static final int LOOKUP_CHUNK = 2_000;
  private static final String PROCESS_KEY = "p:";
  static final String SPAN_KEY = "s:";

  private final ClickHouseStore store;
  private final Schema schema;
  private final WriterMetrics metrics;
  private final LineageRoots roots;
  private final SharedTraces sharedTraces;

  /** Lineage written to {@code store}, its rows encoded for {@code schema} (which has the four lineage tables). */
  Lineage(ClickHouseStore store, Schema schema, WriterMetrics metrics) {
    this.store = store;
    this.schema = schema;
    this.metrics = metrics;
    this.roots = new LineageRoots(store, schema);
    this.sharedTraces = new SharedTraces(store);
  }

  /** An edge from child to parent, with what proves it. */
  record Edge(String tenant, String child, String parent, String kind, String evidence, long seenNanos) {}

  /**
   * Inserts the facts of one or more batches: each batch's instance aggregates with its own token
   * (summed columns must not count a replayed batch twice), then the keys and references of all
   * of them as one block each, their look-ups and the edges they complete, as if one batch had
   * brought them. Returns the number of edges written.
   *
   * <p>The keys' and references' token names the whole group; a replay may group the batches
   * otherwise and insert some of them again, which their tables collapse (same sorting key).
   */
  int write(List<LineageFacts> batches, List<String> tokens) throws StoreException {
    if (batches.stream().allMatch(LineageFacts::isEmpty)) {
      return 0;
    }
    for (int i = 0; i < batches.size(); i++) {
      Rows instances = instanceRows(batches.get(i));
      if (instances.rows() > 0) {
        insert(instances, tokens.get(i));
      }
    }
    LineageFacts facts = batches.size() == 1 ? batches.get(0) : LineageFacts.keysAndRefsOf(batches);
    String token = tokens.size() == 1 ? tokens.get(0) : "lineage:" + String.join(",", tokens);
    Rows keyRows = new Rows(schema.table(KEYS));
    for (Key key : facts.keys()) {
      if (!key.key().startsWith(PROCESS_KEY)) {
        continue; // span keys are otel_traces rows already (TraceId, SpanId, AgentInstanceId)
      }
      keyRows.begin().str("TenantId", key.tenant()).str("KeyGroup", key.group()).str("Key", key.key())
          .str("InstanceId", key.instanceId()).time("Seen", key.seenNanos()).end();
    }
    if (keyRows.rows() > 0) {
      insert(keyRows, token);
    }
    List<Ref> open = facts.openRefs();
    if (!open.isEmpty()) {
      Rows refRows = new Rows(schema.table(REFS));
      for (Ref ref : open) {
        refRows.begin().str("TenantId", ref.tenant()).str("KeyGroup", ref.group()).str("Key", ref.key())
            .str("InstanceId", ref.instanceId()).str("Kind", ref.kind()).str("Evidence", ref.evidence())
            .time("Seen", ref.seenNanos()).end();
      }
      insert(refRows, token);
    }
    Set<Edge> edges = new LinkedHashSet<>();
    Set<Ref> resolved = new HashSet<>();
    long t0 = System.nanoTime();
    resolveRefs(open, facts.keys(), edges, resolved);
    long t1 = System.nanoTime();
    metrics.lineageLookup("refs_to_owners", t1 - t0);
    resolveKeys(facts, edges);
    metrics.lineageLookup("keys_to_refs", System.nanoTime() - t1);
    if (!edges.isEmpty()) {
      Rows edgeRows = new Rows(schema.table(EDGES));
      for (Edge edge : edges) {
        edgeRow(edgeRows, edge.tenant(), edge.child(), "up", edge.parent(), edge);
        edgeRow(edgeRows, edge.tenant(), edge.parent(), "down", edge.child(), edge);
      }
      // No token: edges depend on what other batches wrote meanwhile; duplicates collapse instead.
      insert(edgeRows, null);
    }
    // Looked up after every row above was inserted (LineageChanges says why).
    Map<String, Set<String>> written = instanceIds(batches);
    long t2 = System.nanoTime();
    Map<String, Set<String>> recorded = roots.recorded(LineageRoots.toLookUp(written, edges));
    metrics.lineageLookup("roots", System.nanoTime() - t2);
    Map<String, Set<String>> added = new HashMap<>();
    Rows rootRows = roots.rows(edges, recorded, added);
    if (rootRows.rows() > 0) {
      insert(rootRows, null);
    }
    LineageChanges changes = new LineageChanges(recorded, added).edges(edges);
    written.forEach((tenant, ids) -> ids.forEach(id -> changes.instance(tenant, id)));
    open.stream().filter(ref -> !resolved.contains(ref)).forEach(ref ->
        changes.unresolved(ref.tenant(), ref.key().startsWith(PROCESS_KEY) ? ref.key() : ref.group()));
    // No token: a replay's changes are changes all the same (a later time only makes answers rebuilt).
    insert(changes.rows(schema), null);
    return edges.size();
  }

  private void insert(Rows rows, String token) throws StoreException {
    long t0 = System.nanoTime();
    store.insert(rows, token);
    metrics.inserted(rows.table().name(), rows.rows(), System.nanoTime() - t0);
  }

  /**
   * Open references of this batch against every key known, this batch's included ({@code
   * batchKeys}); span references only where their trace may hold another instance's span
   * ({@link SharedTraces}). The references that became edges are added to {@code resolved}.
   */
  private void resolveRefs(List<Ref> open, Iterable<Key> batchKeys, Set<Edge> edges, Set<Ref> resolved)
      throws StoreException {
    Map<String, List<Ref>> byTenantKey = new LinkedHashMap<>();
    Map<String, List<Ref>> byTenant = new LinkedHashMap<>();
    for (Ref ref : open) {
      byTenantKey.computeIfAbsent(ref.tenant() + '\n' + ref.key(), k -> new ArrayList<>()).add(ref);
      byTenant.computeIfAbsent(ref.tenant(), t -> new ArrayList<>()).add(ref);
    }
    for (Map.Entry<String, List<Ref>> tenant : byTenant.entrySet()) {
      Map<Ref, Key> best = new HashMap<>();
      List<Ref> spanRefs = new ArrayList<>();
      Set<String> processKeys = new LinkedHashSet<>();
      for (Ref ref : tenant.getValue()) {
        if (ref.key().startsWith(SPAN_KEY)) {
          spanRefs.add(ref);
        } else {
          processKeys.add(ref.key());
        }
      }
      Set<String> spanKeys = new LinkedHashSet<>();
      if (!spanRefs.isEmpty()) {
        long t0 = System.nanoTime();
        sharedTraces.mayResolve(tenant.getKey(), spanRefs, batchKeys).forEach(ref -> spanKeys.add(ref.key()));
        metrics.lineageLookup("shared_traces", System.nanoTime() - t0);
      }
      List<Key> owners = new ArrayList<>();
      for (List<String> chunk : chunks(spanKeys)) {
        owners.addAll(spanOwners(tenant.getKey(), chunk));
      }
      for (List<String> chunk : chunks(processKeys)) {
        for (GenericRecord owner : store.query("SELECT Key, InstanceId, toUnixTimestamp64Nano(Seen) AS SeenNs"
            + " FROM " + KEYS + " WHERE TenantId = " + SqlLiteral.quote(tenant.getKey())
            + " AND Key IN " + SqlLiteral.tuple(chunk))) {
          owners.add(new Key(tenant.getKey(), owner.getString("Key"), "", owner.getString("InstanceId"),
              owner.getLong("SeenNs")));
        }
      }
      for (Key key : owners) {
        for (Ref ref : byTenantKey.getOrDefault(tenant.getKey() + '\n' + key.key(), List.of())) {
          if (ties(ref, key) && (!ref.kind().equals(LineageFacts.PROCESS) || later(key, best.get(ref)))) {
            best.put(ref, key);
          }
        }
      }
      best.forEach((ref, key) -> edges.add(edge(ref, key)));
      resolved.addAll(best.keySet());
    }
  }

  /**
   * Owners of span keys ({@code s:<trace><span>}): the spans themselves in {@code otel_traces},
   * found through its trace-id skip index within the traces' lives ({@link TraceBounds}: recent
   * days, not all the retained ones). This batch's spans (and so their traces' bounds, kept by the
   * trace-id table's view) are inserted before lineage runs.
   */
  private List<Key> spanOwners(String tenant, List<String> keys) throws StoreException {
    Set<String> traces = new LinkedHashSet<>();
    Set<String> spans = new LinkedHashSet<>();
    for (String key : keys) {
      traces.add(key.substring(2, 34));
      spans.add(key.substring(34));
    }
    List<Key> owners = new ArrayList<>();
    for (GenericRecord row : store.query("SELECT DISTINCT TraceId, SpanId, AgentInstanceId,"
        + " toUnixTimestamp64Nano(Timestamp) AS SeenNs FROM " + SpanRows.TABLE
        + " WHERE TenantId = " + SqlLiteral.quote(tenant) + " AND TraceId IN " + SqlLiteral.tuple(traces)
        + " AND SpanId IN " + SqlLiteral.tuple(spans) + " AND AgentInstanceId != '' AND " + TraceBounds.of(traces))) {
      owners.add(new Key(tenant, SPAN_KEY + row.getString("TraceId") + row.getString("SpanId"), "",
          row.getString("AgentInstanceId"), row.getLong("SeenNs")));
    }
    return owners;
  }

  /** References made earlier (any batch) to keys this batch brings. */
  private void resolveKeys(LineageFacts facts, Set<Edge> edges) throws StoreException {
    Map<String, List<Key>> byTenantKey = new HashMap<>();
    Map<String, Set<String>> groupsByTenant = new LinkedHashMap<>();
    for (Key key : facts.keys()) {
      byTenantKey.computeIfAbsent(key.tenant() + '\n' + key.key(), k -> new ArrayList<>()).add(key);
      groupsByTenant.computeIfAbsent(key.tenant(), t -> new LinkedHashSet<>()).add(key.group());
    }
    for (Map.Entry<String, Set<String>> tenant : groupsByTenant.entrySet()) {
      for (List<String> chunk : chunks(tenant.getValue())) {
        List<GenericRecord> refs = store.query("SELECT Key, InstanceId, Kind, Evidence,"
            + " toUnixTimestamp64Nano(Seen) AS SeenNs FROM " + REFS + " WHERE TenantId = "
            + SqlLiteral.quote(tenant.getKey()) + " AND KeyGroup IN " + SqlLiteral.tuple(chunk));
        for (GenericRecord row : refs) {
          Ref ref = new Ref(tenant.getKey(), row.getString("Key"), "", row.getString("InstanceId"),
              row.getString("Kind"), row.getString("Evidence"), row.getLong("SeenNs"));
          for (Key key : byTenantKey.getOrDefault(tenant.getKey() + '\n' + ref.key(), List.of())) {
            if (ties(ref, key)) {
              edges.add(edge(ref, key));
            }
          }
        }
      }
    }
  }

  /** Whether {@code key}'s owner can be the other end of {@code ref}. */
  private static boolean ties(Ref ref, Key key) {
    if (key.instanceId().equals(ref.instanceId())) {
      return false;
    }
    return !ref.kind().equals(LineageFacts.PROCESS) || key.seenNanos() <= ref.seenNanos();
  }

  private static boolean later(Key candidate, Key current) {
    return current == null || candidate.seenNanos() > current.seenNanos();
  }

  private static Edge edge(Ref ref, Key key) {
    return new Edge(ref.tenant(), ref.instanceId(), key.instanceId(), ref.kind(), ref.evidence(), ref.seenNanos());
  }

  private static void edgeRow(Rows rows, String tenant, String instance, String direction, String other, Edge edge) {
    rows.begin().str("TenantId", tenant).str("InstanceId", instance).str("Direction", direction)
        .str("OtherInstanceId", other).str("Kind", edge.kind()).str("Evidence", edge.evidence())
        .time("Seen", edge.seenNanos()).end();
  }

  /** The instances whose rows {@code batches} bring (spans, GPU utilisation): tenant -> ids. */
  private static Map<String, Set<String>> instanceIds(List<LineageFacts> batches) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (LineageFacts batch : batches) {
      for (LineageFacts.Instance i : batch.instances()) {
        out.computeIfAbsent(i.tenant, t -> new LinkedHashSet<>()).add(i.agent.instanceId());
      }
      batch.gpuInstances().forEach((tenant, ids) -> out.computeIfAbsent(tenant, t -> new LinkedHashSet<>()).addAll(ids));
    }
    return out;
  }

  private Rows instanceRows(LineageFacts facts) {
    Rows rows = new Rows(schema.table(INSTANCES));
    for (LineageFacts.Instance i : facts.instances()) {
      rows.begin().str("TenantId", i.tenant).str("InstanceId", i.agent.instanceId())
          .str("AgentName", i.agent.agentName()).str("ServiceName", i.agent.serviceName())
          .str("Host", i.agent.host()).num("Pid", i.agent.pid()).num("ParentPid", i.agent.parentPid())
          .str("Region", i.agent.region()).time("FirstSeen", i.firstSeen).time("LastSeen", i.lastSeen)
          .strings("TraceIds", List.copyOf(i.traceIds)).num("SpanCount", i.spans).num("ErrorCount", i.errors)
          .num("InputTokens", i.inputTokens).num("OutputTokens", i.outputTokens).end();
    }
    return rows;
  }

  /** {@code values} in look-up chunks of {@value #LOOKUP_CHUNK}. */
  static List<List<String>> chunks(java.util.Collection<String> values) {
    List<List<String>> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String value : values) {
      current.add(value);
      if (current.size() == LOOKUP_CHUNK) {
        chunks.add(current);
        current = new ArrayList<>();
      }
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }
}
