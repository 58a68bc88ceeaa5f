package dev.wake.devstack.chdb;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.file.Path;

/**
 * JNA binding of the parts of chDB's C API (libchdb.so, {@code chdb.h}, chDB 26.x) that Wake uses.
 *
 * <p>{@link #chdb_connect} returns a {@code chdb_connection*}: a pointer to the handle that the
 * query functions take (see {@link ChdbConnection}). A connection runs one statement at a time;
 * several connections to the same data path may be open at once.
 */
interface ChdbNative extends Library {

  static ChdbNative load(Path library) {
    return Native.load(library.toAbsolutePath().toString(), ChdbNative.class);
  }

  /**
   * With 0, chDB installs no crash handlers of its own. It still resets SIGSEGV and friends to
   * their defaults, which is why the JVM that hosts it must preload libjsig (see RATIONALE.md).
   */
  void chdb_set_signal_handlers_enabled(int enabled);

  Pointer chdb_connect(int argc, String[] argv);

  void chdb_close_conn(Pointer connectionPointer);

  Pointer chdb_query_n(Pointer conn, Pointer query, long queryLength, byte[] format, long formatLength);

  Pointer chdb_query_with_params_n(
      Pointer conn,
      Pointer query,
      long queryLength,
      byte[] format,
      long formatLength,
      Pointer[] paramNames,
      long[] paramNameLengths,
      Pointer[] paramValues,
      long[] paramValueLengths,
      long paramCount);

  Pointer chdb_result_buffer(Pointer result);

  long chdb_result_length(Pointer result);

  double chdb_result_elapsed(Pointer result);

  long chdb_result_rows_read(Pointer result);

  long chdb_result_bytes_read(Pointer result);

  long chdb_result_storage_rows_read(Pointer result);

  long chdb_result_storage_bytes_read(Pointer result);

  long chdb_result_rows_written(Pointer result);

  long chdb_result_bytes_written(Pointer result);

  Pointer chdb_result_error(Pointer result);

  void chdb_destroy_query_result(Pointer result);
}
