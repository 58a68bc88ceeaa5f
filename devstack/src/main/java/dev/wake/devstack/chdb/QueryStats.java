package dev.wake.devstack.chdb;

/**
 * What ClickHouse reports in {@code X-ClickHouse-Summary}. Rows and bytes are counts; elapsed in
 * nanoseconds.
 */
record QueryStats(
    long readRows,
    long readBytes,
    long writtenRows,
    long writtenBytes,
    long resultRows,
    long resultBytes,
    long elapsedNs) {

  /** The JSON object ClickHouse sends, with every number as a string as the server does. */
  String toSummaryJson() {
    return "{\"read_rows\":\"" + readRows
        + "\",\"read_bytes\":\"" + readBytes
        + "\",\"written_rows\":\"" + writtenRows
        + "\",\"written_bytes\":\"" + writtenBytes
        + "\",\"total_rows_to_read\":\"" + readRows
        + "\",\"result_rows\":\"" + resultRows
        + "\",\"result_bytes\":\"" + resultBytes
        + "\",\"elapsed_ns\":\"" + elapsedNs + "\"}";
  }
}
