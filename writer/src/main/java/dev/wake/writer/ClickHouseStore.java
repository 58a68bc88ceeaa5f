package dev.wake.writer;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.data.ClickHouseFormat;
import dev.wake.storage.ClickHouseClients;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SqlLiteral;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The writer's ClickHouse: the column types of its tables, bulk {@code RowBinary} inserts with a
 * deduplication token, and the small look-ups lineage needs, through the ClickHouse Java client
 * the JDBC driver is built on (HTTP, compression off: the embedded server has no LZ4 framing).
 * Thread-safe.
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
   * The column types of {@code tables} in this store's database, read from {@code system.columns}
   * (columns that cannot be inserted, {@code MATERIALIZED} and {@code ALIAS}, left out). Blocks.
   *
   * @throws StoreException when ClickHouse could not be read
   * @throws IllegalStateException when a table is missing or has a column type the writer cannot
   *     encode, naming table, column and type
   */
  Schema schema(Collection<String> tables) throws StoreException {
    Map<String, Map<String, String>> columns = new LinkedHashMap<>();
    for (GenericRecord row : query("SELECT table, name, type FROM system.columns WHERE database = "
        + SqlLiteral.quote(database) + " AND table IN " + SqlLiteral.tuple(tables)
        + " AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY table, position")) {
      columns.computeIfAbsent(row.getString("table"), t -> new LinkedHashMap<>())
          .put(row.getString("name"), row.getString("type"));
    }
    return Schema.of(database, tables, columns);
  }

  /**
   * Inserts {@code rows} into their table with their column list ({@link Rows#columns()}) and
   * returns once ClickHouse has written them. A second insert with the same {@code token} into the
   * same table (a replayed batch) writes nothing, nor into the materialized views fed by the table.
   * A null {@code token} leaves deduplication to the table engine.
   *
   * @throws StoreException when ClickHouse refused the rows or could not be reached; nothing is
   *     known to be written, and the caller retries with the same token
   */
  void insert(Rows rows, String token) throws StoreException {
    String table = rows.table().name();
    InsertSettings settings = new InsertSettings();
    if (token != null) {
      settings.setDeduplicationToken(token);
    }
    settings.serverSetting("insert_deduplicate", "1")
        .serverSetting("deduplicate_blocks_in_dependent_materialized_views", "1")
        .serverSetting("async_insert", "0");
    try {
      client.insert(database + "." + table, quoted(rows.columns()), rows.stream(), ClickHouseFormat.RowBinary,
          settings).get(180, TimeUnit.SECONDS).close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while inserting into " + table, e);
    } catch (Exception e) {
      throw new StoreException("insert into " + database + "." + table + " at " + describe + " failed: " + message(e), e);
    }
  }

  /** Column names as identifiers: the client joins them into {@code INSERT INTO t (a, b)} as they are. */
  private static List<String> quoted(List<String> columns) {
    List<String> quoted = new ArrayList<>(columns.size());
    for (String column : columns) {
      quoted.add('`' + column.replace("\\", "\\\\").replace("`", "\\`") + '`');
    }
    return quoted;
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
