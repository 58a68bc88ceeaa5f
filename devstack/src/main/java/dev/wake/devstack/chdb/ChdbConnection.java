package dev.wake.devstack.chdb;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One chDB connection and the session state Wake put on it (current database, settings).
 *
 * <p>Not thread-safe: a connection runs one statement at a time, so {@link ChdbEngine} lends it
 * to one request at a time. HTTP requests are stateless, so before each request
 * {@link #prepare} brings the session to exactly that request's database and settings.
 */
final class ChdbConnection implements AutoCloseable {
  private final ChdbNative lib;
  private Pointer connectionPointer;
  private final Pointer conn;
  private String database = "default";
  private final Map<String, String> settings = new HashMap<>();
  private boolean tainted;

  ChdbConnection(ChdbNative lib, Pointer connectionPointer) {
    this.lib = lib;
    this.connectionPointer = connectionPointer;
    this.conn = connectionPointer.getPointer(0);
  }

  /**
   * Switches to {@code targetDatabase} and exactly {@code targetSettings} (others back to their
   * defaults). Returns null, or the ClickHouse error text when the database or a setting is bad.
   */
  String prepare(String targetDatabase, Map<String, String> targetSettings) {
    StringJoiner set = new StringJoiner(", ", "SET ", "");
    set.setEmptyValue("");
    for (Iterator<String> it = settings.keySet().iterator(); it.hasNext(); ) {
      String name = it.next();
      if (!targetSettings.containsKey(name)) {
        set.add(SqlText.identifier(name) + " = DEFAULT");
        it.remove();
      }
    }
    targetSettings.forEach(
        (name, value) -> {
          if (!value.equals(settings.get(name))) {
            set.add(SqlText.identifier(name) + " = " + SqlText.literal(value));
          }
        });
    if (set.length() > 0) {
      String error = run(set.toString());
      if (error != null) {
        tainted = true; // which settings applied is unknown now
        return error;
      }
      settings.putAll(targetSettings);
      if (targetSettings.containsKey("readonly")) {
        tainted = true; // a read-only session cannot be made writable again
      }
    }
    if (!database.equals(targetDatabase)) {
      String error = run("USE " + SqlText.identifier(targetDatabase));
      if (error != null) {
        return error;
      }
      database = targetDatabase;
    }
    return null;
  }

  /** Runs a statement whose result is not needed; returns null or the error text. */
  String run(String sql) {
    byte[] bytes = sql.getBytes(StandardCharsets.UTF_8);
    try (Memory memory = new Memory(bytes.length)) {
      memory.write(0, bytes, 0, bytes.length);
      try (ChdbResult result = query(memory, bytes.length, "TabSeparated", Map.of())) {
        return result.error();
      }
    }
  }

  /**
   * Runs {@code length} bytes of {@code query} (SQL, possibly followed by inline INSERT data) and
   * returns its result in {@code format}, binding {@code {name:Type}} placeholders from
   * {@code params} on the server side. Blocks until chDB finishes.
   */
  ChdbResult query(Pointer query, long length, String format, Map<String, String> params) {
    byte[] formatBytes = format.getBytes(StandardCharsets.US_ASCII);
    if (params.isEmpty()) {
      return new ChdbResult(
          lib, lib.chdb_query_n(conn, query, length, formatBytes, formatBytes.length));
    }
    int n = params.size();
    Memory[] names = new Memory[n];
    Memory[] values = new Memory[n];
    long[] nameLengths = new long[n];
    long[] valueLengths = new long[n];
    int i = 0;
    try {
      for (Map.Entry<String, String> param : params.entrySet()) {
        names[i] = nativeBytes(param.getKey(), nameLengths, i);
        values[i] = nativeBytes(param.getValue(), valueLengths, i);
        i++;
      }
      return new ChdbResult(
          lib,
          lib.chdb_query_with_params_n(
              conn, query, length, formatBytes, formatBytes.length,
              // JNA maps Pointer[] (not its subtypes) to a C array of pointers.
              java.util.Arrays.copyOf(names, n, Pointer[].class), nameLengths,
              java.util.Arrays.copyOf(values, n, Pointer[].class), valueLengths, n));
    } finally {
      // Free now rather than at some later GC: a busy server would hold it all until then.
      for (int j = 0; j < i; j++) {
        names[j].close();
        values[j].close();
      }
    }
  }

  private static Memory nativeBytes(String text, long[] lengths, int index) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Memory memory = new Memory(Math.max(1, bytes.length));
    memory.write(0, bytes, 0, bytes.length);
    lengths[index] = bytes.length;
    return memory;
  }

  /** True once the session is in a state {@link #prepare} cannot undo; the pool replaces it. */
  boolean tainted() {
    return tainted;
  }

  @Override
  public void close() {
    if (connectionPointer != null) {
      lib.chdb_close_conn(connectionPointer);
      connectionPointer = null;
    }
  }
}
