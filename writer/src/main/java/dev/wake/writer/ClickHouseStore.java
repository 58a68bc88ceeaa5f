package dev.wake.writer;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import dev.wake.storage.ClickHouseClients;
import dev.wake.storage.ClickHouseTarget;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The writer's ClickHouse: bulk {@code JSONEachRow} inserts with a deduplication token, and the
 * small look-ups lineage needs, through the ClickHouse Java client the JDBC driver is built on
 * (HTTP, compression off: the embedded server has no LZ4 framing). Thread-safe.
 */
final class ClickHouseStore implements AutoCloseable {
  private final Client client;
  private final String database;
  private final String describe;

  ClickHouseStore(ClickHouseTarget target, String database) {
    this.database = database;
    this.describe = target.httpUrl();
    this.client = ClickHouseClients.open(target, database, 120);
  }

  String database() {
    return database;
  }

  /**
   * Inserts {@code rows} into {@code table} and returns once ClickHouse has written them. A second
   * insert with the same {@code token} into the same table (a replayed batch) writes nothing, nor
   * into the materialized views fed by the table. A null {@code token} leaves deduplication to
   * the table engine.
   *
   * @throws StoreException when ClickHouse refused the rows or could not be reached; nothing is
   *     known to be written, and the caller retries with the same token
   */
  void insert(String table, JsonRows rows, String token) throws StoreException {
    InsertSettings settings = new InsertSettings();
    if (token != null) {
      settings.setDeduplicationToken(token);
    }
    settings.serverSetting("insert_deduplicate", "1")
        .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1")
        .serverSetting("async_insert", "0");
    try {
      client.insert(database + "." + table, rows.stream(), ClickHouseFormat.JSONEachRow, settings)
          .get(180, TimeUnit.SECONDS).close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while inserting into " + table, e);
    } catch (Exception e) {
      throw new StoreException("insert into " + database + "." + table + " at " + describe + " failed: " + message(e), e);
    }
  }

  /** Runs a query and returns all its rows; for small results only. */
  List<GenericRecord> query(String sql) throws StoreException {
    try {
      return client.queryAll(sql);
    } catch (Exception e) {
      throw new StoreException("query at " + describe + " failed: " + message(e), e);
    }
  }

  /** Whether ClickHouse answers within {@code timeoutMs}. */
  boolean ping(long timeoutMs) {
    return client.ping(timeoutMs);
  }

  private static String message(Throwable e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }

  /** ClickHouse did not take a statement; retryable. */
  static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
