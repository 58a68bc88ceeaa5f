package dev.wake.query;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the whole-chain answer of each big tree once it went quiet, before anyone asks for it: the
 * lineage of a swarm that finished is then served kept ({@link LineageAnswers}) from its first
 * request. Every round, the roots the writer recorded as changed ({@code lineage_changes}, keys
 * other than {@code g:}) whose last change lies between the previous round's quiet mark and
 * {@code quiet} ago are taken, oldest first, at most {@value #PER_ROUND} a round; each is read
 * (direction {@code both}) and kept when it has at least the API's keep threshold of recorded
 * members, no parent (else it is part of a bigger tree, whose root changed too), and no answer
 * kept since its last change. At start the quiet mark is {@link LineageAnswers#MAX_AGE_HOURS}
 * back. One daemon thread; a failed round is logged and retried from the same mark.
 */
final class LineagePrecompute implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineagePrecompute.class);
  static final int PER_ROUND = 100;
  private static final String QUIET_SQL = """
      SELECT TenantId, Key, toUnixTimestamp64Nano(max(Changed)) AS ChangedNs
      FROM lineage_changes
      WHERE NOT startsWith(Key, 'g:')
      GROUP BY TenantId, Key
      HAVING ChangedNs > {after:Int64} AND ChangedNs <= {until:Int64}
      ORDER BY ChangedNs
      LIMIT %d""".formatted(PER_ROUND);

  private final Supplier<Store> store;
  private final int keepNodes;
  private final long quietNanos;
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
    Thread t = new Thread(task, "wake-lineage-precompute");
    t.setDaemon(true);
    return t;
  });
  /** Roots last changed up to this (ClickHouse's clock) are done; 0 until the first round. */
  private long doneUntil;

  /** Answers of at least {@code keepNodes} agents, read once their tree is {@code quietSeconds} quiet. */
  LineagePrecompute(Supplier<Store> store, int keepNodes, int quietSeconds) {
    this.store = store;
    this.keepNodes = keepNodes;
    this.quietNanos = TimeUnit.SECONDS.toNanos(quietSeconds);
  }

  /** Starts the rounds, every {@code quiet} (at most every 10 s). */
  void start() {
    long every = Math.max(1_000, Math.min(10_000, TimeUnit.NANOSECONDS.toMillis(quietNanos)));
    thread.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
  }

  private void round() {
    try {
      Store db = store.get();
      LineageAnswers answers = new LineageAnswers(db, keepNodes);
      long now = answers.now();
      long after = doneUntil == 0 ? now - TimeUnit.HOURS.toNanos(LineageAnswers.MAX_AGE_HOURS) : doneUntil;
      List<Table.Row> quiet = db.rows(QUIET_SQL, Map.of("after", after, "until", now - quietNanos));
      int kept = 0;
      for (Table.Row row : quiet) {
        if (precompute(db, answers, row.str("TenantId"), row.str("Key"), row.lng("ChangedNs"))) {
          kept++;
        }
        doneUntil = row.lng("ChangedNs") - 1; // another root may have changed in the same write
      }
      if (quiet.size() < PER_ROUND) {
        doneUntil = now - quietNanos;
      }
      if (kept > 0) {
        LOG.info("Kept the lineage of {} quiet tree(s) of {} changed", kept, quiet.size());
      }
    } catch (RuntimeException e) {
      LOG.warn("Lineage precompute round failed (retried next round): {}", e.getMessage());
    }
  }

  /** Reads and keeps the lineage of {@code root} if it is worth it; returns whether it was kept. */
  private boolean precompute(Store db, LineageAnswers answers, String tenant, String root, long changedNs) {
    Map<String, Object> params = Map.of("tenant", tenant, "root", root, "changed", changedNs);
    Table.Row facts = db.rows("""
        SELECT (SELECT count() FROM lineage_roots WHERE TenantId = {tenant:String} AND Direction = 'down'
                  AND Id = {root:String}) AS Members,
               (SELECT count() FROM lineage_edges WHERE TenantId = {tenant:String} AND InstanceId = {root:String}
                  AND Direction = 'up') AS Parents,
               (SELECT count() FROM lineage_answers WHERE TenantId = {tenant:String} AND Start = {root:String}
                  AND Direction = 'both' AND BuiltNs > {changed:Int64}) AS Kept""", params).get(0);
    if (facts.lng("Members") + 1 < keepNodes || facts.lng("Parents") > 0 || facts.lng("Kept") > 0) {
      return false;
    }
    long built = answers.now();
    try {
      return answers.keepNow(tenant, root, "both", built,
          LineageHandler.read(db, tenant, root, "both", LineageHandler.MAX_NODES));
    } catch (ApiException notFound) {
      return false; // past retention, or not an instance (a key of bad data)
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
