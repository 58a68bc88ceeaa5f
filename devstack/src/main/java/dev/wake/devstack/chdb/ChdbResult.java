package dev.wake.devstack.chdb;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One materialized chDB query result in native memory. Not thread-safe; {@link #close()} frees it
 * and must be called exactly once (try-with-resources).
 */
final class ChdbResult implements AutoCloseable {
  private static final int CHUNK = 1 << 16;

  private final ChdbNative lib;
  private Pointer result;

  ChdbResult(ChdbNative lib, Pointer result) {
    this.lib = lib;
    this.result = result;
  }

  /** The ClickHouse exception text ({@code Code: N. DB::Exception: ...}), or null on success. */
  String error() {
    if (result == null) {
      return "Code: 1001. DB::Exception: chDB returned no result. (STD_EXCEPTION)";
    }
    Pointer error = lib.chdb_result_error(result);
    return error == null ? null : error.getString(0, StandardCharsets.UTF_8.name());
  }

  long length() {
    return lib.chdb_result_length(result);
  }

  /** Copies the result bytes to {@code out} in 64 KiB pieces, never holding them all on the heap. */
  void writeTo(OutputStream out) throws IOException {
    long length = length();
    Pointer buffer = length == 0 ? null : lib.chdb_result_buffer(result);
    byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(length, 1))];
    for (long offset = 0; offset < length; offset += chunk.length) {
      int n = (int) Math.min(chunk.length, length - offset);
      buffer.read(offset, chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }

  byte[] bytes() {
    long length = length();
    return length == 0 ? new byte[0] : lib.chdb_result_buffer(result).getByteArray(0, (int) length);
  }

  QueryStats stats() {
    return new QueryStats(
        lib.chdb_result_storage_rows_read(result),
        lib.chdb_result_storage_bytes_read(result),
        lib.chdb_result_rows_written(result),
        lib.chdb_result_bytes_written(result),
        lib.chdb_result_rows_read(result),
        lib.chdb_result_bytes_read(result),
        (long) (lib.chdb_result_elapsed(result) * 1e9));
  }

  @Override
  public void close() {
    if (result != null) {
      lib.chdb_destroy_query_result(result);
      result = null;
    }
  }
}
