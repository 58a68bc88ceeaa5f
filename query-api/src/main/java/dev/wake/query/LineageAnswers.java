package dev.wake.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wake.storage.SqlLiteral;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole-chain lineage answers of big trees, kept in {@code lineage_answers} (schema 011) and
 * served again while they are still the answer, instead of reading the tree's rows scattered over
 * the lineage tables again (a 10,000-agent tree: ~0.5 s on 2 cores, growing with the tables).
 *
 * <p>An answer is kept, after it was sent, when it holds at least {@code minNodes} nodes and is
 * not truncated, with the time ClickHouse gave before it was read ({@link Lookup#nowNs}) and the
 * keys of {@code lineage_changes} it depends on ({@link #keys}): the start; for its instances not
 * recorded under the start, the roots the writer recorded for them, or the instance itself where
 * it recorded none; {@code g:} + every trace of its instances and every ghost's process
 * {@code p:<host>/<pid>} (a dead agent's new child names one of them). The writer records those
 * keys for every tree each of its writes touches, after the write's rows are visible (the
 * writer's {@code LineageChanges} says why that suffices), so a kept answer none of whose keys
 * changed since it was built, none of whose gaps' spans arrived and none of whose ghosts'
 * processes got an owner since, and at most {@value #MAX_AGE_HOURS} h old, is what reading the
 * tables again would answer (as of the writer's last lineage write: a write's rows are visible a
 * moment before its changes are).
 * Keeping runs on one background thread; a request never waits for it (when it is busy, the
 * answer is not kept). Thread-safe; blocks on ClickHouse.
 */
final class LineageAnswers {
  private static final Logger LOG = LoggerFactory.getLogger(LineageAnswers.class);
  static final String TABLE = "lineage_answers";
  static final int MAX_AGE_HOURS = 24;
  private static final long MAX_AGE_NANOS = TimeUnit.HOURS.toNanos(MAX_AGE_HOURS);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PROCESS = "p:";
  private static final String WHERE = "TenantId = {tenant:String} AND Start = {start:String}"
      + " AND Direction = {direction:String}";
  /** One row even when nothing is kept (then BuiltNs is 0). */
  private static final String NEWEST_SQL = "SELECT toUnixTimestamp64Nano(now64(9)) AS NowNs, max(BuiltNs) AS NewestNs,"
      + " argMax(Missing, BuiltNs) AS Missing FROM " + TABLE + " WHERE " + WHERE;
  private static final String CHANGED_SQL = "SELECT toUnixTimestamp64Nano(max(Changed)) AS ChangedNs FROM lineage_changes"
      + " WHERE TenantId = {tenant:String} AND Key IN (SELECT arrayJoin(Keys) FROM " + TABLE + " WHERE " + WHERE
      + " AND BuiltNs = {built:Int64})";
  private static final String BODY_SQL = "SELECT Body FROM " + TABLE + " WHERE " + WHERE
      + " AND BuiltNs = {built:Int64} LIMIT 1";
  private static final ThreadPoolExecutor KEEPER = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(2), task -> {
        Thread thread = new Thread(task, "wake-lineage-keeper");
        thread.setDaemon(true);
        return thread;
      });

  private final Store db;
  private final int minNodes;

  /** Answers of {@code db}; those of fewer than {@code minNodes} nodes are not kept (0 keeps none). */
  LineageAnswers(Store db, int minNodes) {
    this.db = db;
    this.minNodes = minNodes;
  }

  /**
   * ClickHouse's clock now, and the kept answer of {@code start} in {@code direction} when it is
   * still the answer (else null).
   */
  record Lookup(long nowNs, byte[] body) {}

  /** Whether answers of {@code direction} down to {@code maxDepth} levels may be kept at all. */
  boolean keeps(String direction, int maxDepth) {
    return minNodes > 0 && !direction.equals("up") && maxDepth >= LineageHandler.MAX_NODES;
  }

  /** The kept answer of {@code start} in {@code direction}, if still current; see {@link Lookup}. */
  Lookup find(String tenant, String start, String direction) {
    Map<String, Object> params = Map.of("tenant", tenant, "start", start, "direction", direction);
    Table.Row newest = db.rows(NEWEST_SQL, params).get(0);
    long now = newest.lng("NowNs");
    long built = newest.lng("NewestNs");
    if (built <= now - MAX_AGE_NANOS) {
      return new Lookup(now, null);
    }
    Map<String, Object> kept = Map.of("tenant", tenant, "start", start, "direction", direction, "built", built);
    CompletableFuture<Long> changed = SideReads.start(() -> db.rows(CHANGED_SQL, kept).get(0).lng("ChangedNs"));
    List<String> missing = new ArrayList<>();
    newest.get("Missing").forEach(key -> missing.add(key.asText()));
    CompletableFuture<Boolean> stillMissing = missing.isEmpty() ? CompletableFuture.completedFuture(true)
        : SideReads.start(() -> stillMissing(tenant, missing));
    byte[] body = db.blob(BODY_SQL, kept);
    boolean current = body.length > 0 && SideReads.join(changed) < built && SideReads.join(stillMissing);
    return new Lookup(now, current ? body : null);
  }

  /**
   * Whether none of {@code missing} arrived: no span of its span keys ({@link SpanArrivals}), no
   * owner of its process keys ({@code lineage_keys}; a ghost's process that reports after all).
   */
  private boolean stillMissing(String tenant, List<String> missing) {
    List<String> processes = missing.stream().filter(key -> key.startsWith(PROCESS)).toList();
    return SpanArrivals.arrived(db, tenant, missing).isEmpty() && (processes.isEmpty()
        || db.rows("SELECT 1 FROM lineage_keys WHERE TenantId = {tenant:String} AND Key IN "
            + SqlLiteral.in(processes) + " LIMIT 1", Map.of("tenant", tenant)).isEmpty());
  }

  /**
   * Keeps {@code answer} (the API's lineage body, not changed afterwards) of {@code start} in
   * {@code direction}, read from {@code builtNs} on, in the background when it is big enough and
   * not truncated; returns at once.
   */
  void keep(String tenant, String start, String direction, long builtNs, Map<String, Object> answer) {
    if (!worthKeeping(answer)) {
      return;
    }
    try {
      KEEPER.execute(() -> {
        try {
          keepNow(tenant, start, direction, builtNs, answer);
        } catch (RuntimeException e) {
          LOG.warn("Lineage answer of {} not kept: {}", start, e.getMessage());
        }
      });
    } catch (RejectedExecutionException busy) {
      LOG.debug("Lineage answer of {} not kept: the keeper is busy", start);
    }
  }

  /** Whether {@code answer} is kept: at least {@code minNodes} nodes, not truncated. */
  private boolean worthKeeping(Map<String, Object> answer) {
    return minNodes > 0 && ((List<?>) answer.get("nodes")).size() >= minNodes
        && !Boolean.TRUE.equals(answer.get("truncated"));
  }

  /** ClickHouse's clock, in Unix nanoseconds: the time an answer read from now on is built at. */
  long now() {
    return db.rows("SELECT toUnixTimestamp64Nano(now64(9)) AS NowNs", Map.of()).get(0).lng("NowNs");
  }

  /**
   * Keeps {@code answer} as {@link #keep} does, but now, on the caller's thread. Returns whether it
   * was big enough to keep.
   */
  boolean keepNow(String tenant, String start, String direction, long builtNs, Map<String, Object> answer) {
    if (!worthKeeping(answer)) {
      return false;
    }
    store(tenant, start, direction, builtNs, answer);
    return true;
  }

  private void store(String tenant, String start, String direction, long builtNs, Map<String, Object> answer) {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> nodes = (List<Map<String, Object>>) answer.get("nodes");
    Set<String> missing = new LinkedHashSet<>();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> gaps = (List<Map<String, Object>>) answer.get("gaps");
    gaps.forEach(gap -> Gaps.missingSpan(gap).ifPresent(missing::add));
    nodes.stream().map(node -> (String) node.get("instanceId")).filter(LineageEdges::isGhost)
        .forEach(ghost -> missing.add(ghost.substring(LineageEdges.GHOST.length())));
    ObjectNode row = JSON.createObjectNode();
    row.put("TenantId", tenant);
    row.put("Start", start);
    row.put("Direction", direction);
    row.put("BuiltNs", builtNs);
    row.putPOJO("Keys", keys(tenant, start, nodes));
    row.putPOJO("Missing", missing);
    row.put("Nodes", nodes.size());
    try {
      row.put("Body", JSON.writeValueAsString(answer));
      db.insertJson(TABLE, JSON.writeValueAsBytes(row));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("lineage answer not serialisable: " + e.getMessage(), e);
    }
  }

  /** The {@code lineage_changes} keys an answer of {@code nodes} from {@code start} depends on. */
  Set<String> keys(String tenant, String start, List<Map<String, Object>> nodes) {
    Set<String> keys = new LinkedHashSet<>(List.of(start));
    List<String> real = new ArrayList<>();
    for (Map<String, Object> node : nodes) {
      String id = (String) node.get("instanceId");
      if (LineageEdges.isGhost(id)) {
        keys.add("g:" + id.substring(LineageEdges.GHOST.length())); // its process: a new child of it
      } else {
        real.add(id);
        Object traces = node.get("traceIds"); // as read (JSON), or a list
        if (traces instanceof Iterable<?> list) {
          list.forEach(trace -> keys.add("g:" + (trace instanceof JsonNode json ? json.asText() : trace)));
        }
      }
    }
    // A change to an instance recorded under the start is recorded under the start too: either the
    // writer saw that root when it wrote the change, or the later write that recorded it did.
    Set<String> underStart = RootMembers.under(db, tenant, List.of(start));
    real.removeIf(underStart::contains);
    Set<String> rooted = new HashSet<>();
    for (List<String> chunk : Instances.chunks(real)) {
      for (Table.Row row : db.rows("SELECT DISTINCT Id, Other FROM lineage_roots WHERE TenantId = {tenant:String}"
          + " AND Direction = 'up' AND Id IN " + SqlLiteral.in(chunk), Map.of("tenant", tenant))) {
        rooted.add(row.str("Id"));
        keys.add(row.str("Other"));
      }
    }
    real.stream().filter(id -> !rooted.contains(id)).forEach(keys::add);
    return keys;
  }
}
