package dev.wake.devstack.chdb;

import com.sun.jna.Memory;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Process entry point of the embedded ClickHouse: chDB behind ClickHouse's HTTP interface.
 *
 * <p>Started by {@code EmbeddedClickHouse} in its own JVM with {@code -Xrs} and libjsig
 * preloaded (RATIONALE.md says why). Arguments: {@code host port dataDir libchdb.so connections}.
 * The user and password come from {@code WAKE_CLICKHOUSE_USER} / {@code WAKE_CLICKHOUSE_PASSWORD}
 * so they never show in a process list. Prints {@code READY <port>} once it serves. Stops cleanly
 * when its standard input closes (its parent stopped or died).
 */
public final class ClickHouseHttpServer {
  private ClickHouseHttpServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: ClickHouseHttpServer host port dataDir libchdb.so connections");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Path data = Path.of(args[2]);
    Path library = Path.of(args[3]);
    int connections = Integer.parseInt(args[4]);
    String user = System.getenv().getOrDefault("WAKE_CLICKHOUSE_USER", "default");
    String password = System.getenv().getOrDefault("WAKE_CLICKHOUSE_PASSWORD", "");

    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 256);
    } catch (BindException e) {
      System.err.println("ERROR port " + port + " on " + host + " is in use");
      System.exit(3);
      return;
    }
    ChdbEngine engine;
    try {
      engine = ChdbEngine.open(library, data, connections);
    } catch (RuntimeException e) {
      server.stop(0);
      System.err.println("ERROR " + e.getMessage());
      System.exit(4);
      return;
    }
    String[] info = serverInfo(engine);
    ExecutorService workers = Executors.newFixedThreadPool(connections + 2, r -> {
      Thread t = new Thread(r, "chdb-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.createContext("/", new ClickHouseHttpHandler(engine, new Credentials(user, password), info[0], info[1]));
    server.start();
    System.out.println("READY " + server.getAddress().getPort() + " chDB " + info[0]);
    System.out.flush();

    awaitEndOfInput(System.in);
    server.stop(1);
    workers.shutdown();
    workers.awaitTermination(30, TimeUnit.SECONDS);
    engine.close();
    System.out.println("STOPPED");
    System.out.flush();
    System.exit(0);
  }

  private static String[] serverInfo(ChdbEngine engine) throws InterruptedException {
    return engine.withConnection(connection -> {
      String sql = "SELECT version(), timezone()";
      QueryText text = new QueryText(sql, new byte[0]);
      try (Memory query = text.toNative();
          ChdbResult result = connection.query(query, text.length(), "TabSeparated", java.util.Map.of())) {
        if (result.error() != null) {
          throw new IllegalStateException(result.error());
        }
        return new String(result.bytes(), StandardCharsets.UTF_8).trim().split("\t");
      }
    });
  }

  private static void awaitEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Input is only a lifeline to the parent; its content is ignored.
      }
    } catch (IOException e) {
      // Same as end of input: the parent is gone.
    }
  }
}
