package dev.wake.devstack.chdb;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Function;

/**
 * The chDB engine of one process: the native library, one data path and a fixed pool of
 * connections to it.
 *
 * <p>Thread-safe. {@link #withConnection} blocks until a connection is free, so at most
 * {@code connections} statements run at once. The engine must be closed before the process exits:
 * chDB's own exit handlers crash when connections are still open.
 */
final class ChdbEngine implements AutoCloseable {
  private final ChdbNative lib;
  private final String[] argv;
  private final BlockingQueue<ChdbConnection> idle;
  private final List<ChdbConnection> all = new ArrayList<>();
  private boolean closed;

  private ChdbEngine(ChdbNative lib, String[] argv, int connections) {
    this.lib = lib;
    this.argv = argv;
    this.idle = new ArrayBlockingQueue<>(connections);
  }

  /**
   * Loads {@code library}, opens (creating if needed) the database at {@code dataPath} and
   * {@code connections} connections to it.
   *
   * @throws IllegalStateException when chDB refuses the path (e.g. another process holds it)
   */
  static ChdbEngine open(Path library, Path dataPath, int connections) {
    ChdbNative lib = ChdbNative.load(library);
    lib.chdb_set_signal_handlers_enabled(0);
    String[] argv = {"clickhouse", "--path=" + dataPath.toAbsolutePath()};
    ChdbEngine engine = new ChdbEngine(lib, argv, connections);
    for (int i = 0; i < connections; i++) {
      engine.idle.add(engine.connect());
    }
    return engine;
  }

  private synchronized ChdbConnection connect() {
    Pointer pointer = lib.chdb_connect(argv.length, argv);
    if (pointer == null) {
      throw new IllegalStateException(
          "chDB could not open " + argv[1].substring("--path=".length())
              + " (is another Wake ClickHouse using this data dir?)");
    }
    ChdbConnection connection = new ChdbConnection(lib, pointer);
    all.add(connection);
    return connection;
  }

  /** Lends a connection to {@code work}; a connection left tainted is replaced by a fresh one. */
  <T> T withConnection(Function<ChdbConnection, T> work) throws InterruptedException {
    ChdbConnection connection = idle.take();
    try {
      return work.apply(connection);
    } finally {
      if (connection.tainted()) {
        synchronized (this) {
          all.remove(connection);
          connection.close();
        }
        connection = connect();
      }
      idle.add(connection);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      all.forEach(ChdbConnection::close);
      all.clear();
    }
  }
}
