package dev.wake.devstack.clickhouse;

import java.nio.file.Path;

/**
 * How to run the embedded ClickHouse.
 *
 * @param host address to listen on (127.0.0.1 by default)
 * @param port HTTP port (8123 by default; 0 picks a free one)
 * @param dataDir where ClickHouse keeps its data; survives restarts
 * @param cacheDir where the engine library is cached
 * @param user the one user accepted
 * @param password its password (empty by default)
 * @param connections chDB connections, i.e. statements that run at once
 * @param heapMb Java heap of the server process; ClickHouse's own memory is native and separate
 */
public record ClickHouseSettings(
    String host, int port, Path dataDir, Path cacheDir, String user, String password, int connections, int heapMb) {}
