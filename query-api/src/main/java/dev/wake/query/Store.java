package dev.wake.query;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.query.QueryResponse;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wake.storage.ClickHouseClients;
import dev.wake.storage.ClickHouseTarget;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The query API's ClickHouse: runs one statement with server-side {@code {name:Type}} parameters
 * and settings and returns its whole result. Blocks; thread-safe.
 *
 * <p>Errors: ClickHouse rejecting the statement becomes {@link StoreException} carrying its code and
 * text (callers decide whether the user's fault); an unreachable ClickHouse becomes a 503
 * {@link ApiException} that names the URL to check.
 */
final class Store implements AutoCloseable {
  /**
   * ClickHouse's {@code max_query_size} for the statements the API builds itself ({@link #rows}):
   * lineage lists up to 100,000 instance ids in one statement ({@link Instances#chunks}); the
   * server's default, 256 KiB, holds about 6,000.
   */
  static final String MAX_QUERY_BYTES = String.valueOf(64 << 20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Client client;
  private final String describe;

  Store(ClickHouseTarget target, String database) {
    this.client = ClickHouseClients.open(target, database, 60);
    this.describe = target.httpUrl();
  }

  Table query(String sql, Map<String, Object> params) throws StoreException {
    return query(sql, params, Map.of());
  }

  /** Runs {@code sql}; {@code settings} are ClickHouse settings, applied in their iteration order. */
  Table query(String sql, Map<String, Object> params, Map<String, String> settings) throws StoreException {
    QuerySettings querySettings = new QuerySettings().setFormat(ClickHouseFormat.JSONCompact);
    settings.forEach(querySettings::serverSetting);
    return run(sql, params, querySettings, response -> {
      try (InputStream body = response.getInputStream()) {
        return Table.of(JSON.readTree(body));
      }
    });
  }

  /** Runs a statement whose result is not needed (an {@code INSERT ... SELECT}); returns once it is done. */
  void execute(String sql, Map<String, Object> params) throws StoreException {
    run(sql, params, new QuerySettings(), response -> null);
  }

  /**
   * The raw bytes of the one column {@code sql} selects ({@code RawBLOB}: values back to back,
   * unescaped), for a statement the API built itself; any ClickHouse refusal is a server error.
   */
  byte[] blob(String sql, Map<String, Object> params) {
    try {
      return run(sql, params, new QuerySettings().setFormat(ClickHouseFormat.RawBLOB), response -> {
        try (InputStream body = response.getInputStream()) {
          return body.readAllBytes();
        }
      });
    } catch (StoreException e) {
      throw new IllegalStateException("ClickHouse refused a query Wake built: " + e.getMessage(), e);
    }
  }

  /** Inserts {@code rows} ({@code JSONEachRow}) into {@code table}; returns once ClickHouse acknowledged them. */
  void insertJson(String table, byte[] rows) {
    try {
      client.insert(table, new java.io.ByteArrayInputStream(rows), ClickHouseFormat.JSONEachRow)
          .get(90, TimeUnit.SECONDS).close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for ClickHouse");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("ClickHouse refused rows Wake built for " + table + ": " + failure(cause)
          .getMessage(), cause);
    } catch (Exception e) {
      throw new IllegalStateException("inserting into " + table + " failed: " + e.getMessage(), e);
    }
  }

  /** What to make of a response; may throw anything, which counts as a failed statement. */
  private interface Reader<T> {
    T read(QueryResponse response) throws Exception;
  }

  private <T> T run(String sql, Map<String, Object> params, QuerySettings settings, Reader<T> reader)
      throws StoreException {
    try (QueryResponse response = client.query(sql, params, settings).get(90, TimeUnit.SECONDS)) {
      return reader.read(response);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for ClickHouse");
    } catch (ExecutionException e) {
      throw failure(e.getCause() == null ? e : e.getCause());
    } catch (TimeoutException e) {
      throw ApiException.unavailable("ClickHouse at " + describe + " did not answer within 90 s");
    } catch (Exception e) {
      throw failure(e);
    }
  }

  private StoreException failure(Throwable e) {
    if (e instanceof ServerException server) {
      return new StoreException(server.getCode(), server.getMessage());
    }
    throw ApiException.unavailable("ClickHouse at " + describe + " unreachable (" + e.getClass().getSimpleName()
        + ": " + e.getMessage() + "): check WAKE_CLICKHOUSE_URL and that ClickHouse runs");
  }

  /** Rows of a statement the API built itself; any ClickHouse refusal is a server error. */
  List<Table.Row> rows(String sql, Map<String, Object> params) {
    try {
      return query(sql, params, Map.of("max_query_size", MAX_QUERY_BYTES)).named();
    } catch (StoreException e) {
      throw new IllegalStateException("ClickHouse refused a query Wake built: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
  }

  /** ClickHouse refused a statement: its error code and message. */
  static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;
    final int code;

    StoreException(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
