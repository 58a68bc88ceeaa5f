package dev.wake.query;

import dev.wake.query.Store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of audit SQL ({@code audit_log}): one entry per query, allowed or
 * refused, numbered per tenant from 1, each carrying the SHA-256 of the previous entry's hash and
 * its own fields, so that an edited, inserted or deleted entry breaks the chain that
 * {@link #read} verifies.
 *
 * <p>{@link #append} is durable on return (ClickHouse acknowledged the insert) and serialised in
 * this process. The chain assumes one query API writes a tenant's log: two instances appending at
 * once would fork it, and verification would show where. Thread-safe.
 */
final class AuditLog {
  /** Entries a chain check reads at most; a longer log is checked up to here. */
  static final int MAX_VERIFIED = 1_000_000;
  private static final String GENESIS = "0".repeat(64);
  private final Store store;
  private final Clock clock;
  private final Map<String, Object[]> last = new HashMap<>(); // tenant -> {seq, hash}

  AuditLog(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** One entry's fields as the hash covers them. */
  record Entry(long seq, long atNanos, String who, String sql, String outcome, String reason, long rowCount,
      long elapsedMs, String prevHash, String hash) {

    /** SHA-256 over every field, each prefixed with its length so no text can move between fields. */
    String expectedHash(String tenant) {
      StringBuilder text = new StringBuilder();
      for (String field : List.of(prevHash, Long.toString(seq), tenant, Long.toString(atNanos), who, sql, outcome,
          reason, Long.toString(rowCount), Long.toString(elapsedMs))) {
        text.append(field.length()).append(':').append(field).append(';');
      }
      return sha256(text.toString());
    }
  }

  /** Appends one entry and returns it once ClickHouse holds it; a failure is a 503 (the caller withholds results). */
  synchronized Entry append(String tenant, String who, String sql, String outcome, String reason, long rowCount,
      long elapsedMs) {
    Object[] previous = last.get(tenant);
    if (previous == null) {
      List<Table.Row> rows = store.rows("SELECT Seq, Hash FROM audit_log WHERE TenantId = {tenant:String}"
          + " ORDER BY Seq DESC LIMIT 1", Map.of("tenant", tenant));
      previous = rows.isEmpty() ? new Object[] {0L, GENESIS}
          : new Object[] {rows.get(0).lng("Seq"), rows.get(0).str("Hash")};
    }
    long seq = (Long) previous[0] + 1;
    Entry draft = new Entry(seq, clock.millis() * 1_000_000L, who, sql, outcome, reason, rowCount, elapsedMs,
        (String) previous[1], "");
    Entry entry = new Entry(draft.seq(), draft.atNanos(), who, sql, outcome, reason, rowCount, elapsedMs,
        draft.prevHash(), draft.expectedHash(tenant));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("tenant", tenant);
    params.put("seq", entry.seq());
    params.put("at", entry.atNanos());
    params.put("who", who);
    params.put("sql", sql);
    params.put("outcome", outcome);
    params.put("reason", reason);
    params.put("rowCount", rowCount);
    params.put("elapsedMs", elapsedMs);
    params.put("prevHash", entry.prevHash());
    params.put("hash", entry.hash());
    try {
      store.execute("INSERT INTO audit_log (TenantId, Seq, At, Who, Sql, Outcome, Reason, RowCount, ElapsedMs, PrevHash,"
          + " Hash) SELECT {tenant:String}, {seq:UInt64}, fromUnixTimestamp64Nano({at:Int64}), {who:String},"
          + " {sql:String}, {outcome:String}, {reason:String}, {rowCount:UInt64}, {elapsedMs:UInt64},"
          + " {prevHash:String}, {hash:String}", params);
    } catch (StoreException e) {
      last.remove(tenant); // unknown whether it landed: read the tail again next time
      throw ApiException.unavailable("the audit log could not be written (" + e.getMessage()
          + "); the query's result is withheld");
    }
    last.put(tenant, new Object[] {entry.seq(), entry.hash()});
    return entry;
  }

  /** The newest {@code limit} entries, newest first, and the verification of the tenant's whole chain. */
  Map<String, Object> read(String tenant, int limit) {
    List<Table.Row> rows = store.rows("SELECT Seq, toUnixTimestamp64Nano(At) AS AtNs, Who, Sql, Outcome, Reason,"
        + " RowCount, ElapsedMs, PrevHash, Hash FROM audit_log WHERE TenantId = {tenant:String}"
        + " ORDER BY Seq LIMIT {max:UInt32}", Map.of("tenant", tenant, "max", MAX_VERIFIED));
    List<Entry> entries = new ArrayList<>(rows.size());
    rows.forEach(row -> entries.add(new Entry(row.lng("Seq"), row.lng("AtNs"), row.str("Who"), row.str("Sql"),
        row.str("Outcome"), row.str("Reason"), row.lng("RowCount"), row.lng("ElapsedMs"), row.str("PrevHash"),
        row.str("Hash"))));
    List<Map<String, Object>> newest = new ArrayList<>();
    for (int i = entries.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(json(entries.get(i)));
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("entries", newest);
    body.put("chain", verify(tenant, entries));
    return body;
  }

  /** Checks numbering, links and hashes in order; names the first entry that breaks the chain. */
  static Map<String, Object> verify(String tenant, List<Entry> entries) {
    String previousHash = GENESIS;
    long expectedSeq = 1;
    Map<String, Object> chain = new LinkedHashMap<>();
    for (Entry entry : entries) {
      String problem = entry.seq() != expectedSeq ? "entry " + expectedSeq + " is missing or duplicated"
          : !entry.prevHash().equals(previousHash) ? "its prevHash is not the previous entry's hash"
          : !entry.hash().equals(entry.expectedHash(tenant)) ? "its hash does not match its fields" : null;
      if (problem != null) {
        chain.put("ok", false);
        chain.put("checked", expectedSeq - 1);
        chain.put("brokenAt", entry.seq());
        chain.put("reason", problem);
        return chain;
      }
      previousHash = entry.hash();
      expectedSeq++;
    }
    chain.put("ok", true);
    chain.put("checked", entries.size());
    chain.put("brokenAt", null);
    chain.put("reason", null);
    return chain;
  }

  private static Map<String, Object> json(Entry entry) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("seq", entry.seq());
    out.put("at", Times.format(entry.atNanos()));
    out.put("who", entry.who());
    out.put("sql", entry.sql());
    out.put("outcome", entry.outcome());
    out.put("reason", entry.reason());
    out.put("rowCount", entry.rowCount());
    out.put("elapsedMs", entry.elapsedMs());
    out.put("prevHash", entry.prevHash());
    out.put("hash", entry.hash());
    return out;
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
