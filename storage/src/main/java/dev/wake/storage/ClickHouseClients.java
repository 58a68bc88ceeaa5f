package dev.wake.storage;

import com.clickhouse.client.api.Client;
import java.time.temporal.ChronoUnit;

/**
 * ClickHouse Java clients (client-v2, the HTTP client the JDBC driver is built on) set up the way
 * every Wake service needs them: compression off (the embedded server has no LZ4 framing), a 5 s
 * connect timeout and the given socket timeout. Clients are thread-safe; the caller closes them.
 */
public final class ClickHouseClients {
  private ClickHouseClients() {}

  /** A client for {@code target} whose unqualified table names mean tables of {@code database}. */
  public static Client open(ClickHouseTarget target, String database, int socketTimeoutSeconds) {
    return new Client.Builder().addEndpoint(target.httpUrl()).setUsername(target.user())
        .setPassword(target.password()).setDefaultDatabase(database)
        .compressServerResponse(false).compressClientRequest(false).useHttpCompression(false)
        .setConnectTimeout(5, ChronoUnit.SECONDS).setSocketTimeout(socketTimeoutSeconds, ChronoUnit.SECONDS)
        .build();
  }
}
