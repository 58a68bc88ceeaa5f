package dev.wake.writer;

import dev.wake.core.Metrics;
import java.util.function.LongSupplier;

/** The writer's series on {@code /metrics}. Thread-safe. */
final class WriterMetrics {
  private final Metrics metrics = new Metrics();

  WriterMetrics(LongSupplier consumerLag) {
    metrics.gauge("wake_writer_consumer_lag_records", "Records in the OTLP topics not yet written (all partitions).",
        consumerLag);
  }

  void inserted(String table, int rows, long nanos) {
    String labels = "table=\"" + table + "\"";
    metrics.add("wake_writer_rows_written_total", "Rows inserted into ClickHouse, by table.", labels, rows);
    metrics.observe("wake_writer_insert_seconds", "Time of one insert into one table.", labels, nanos);
  }

  void batch(int records, int rows, long nanos) {
    metrics.add("wake_writer_batches_total", "Batches written and committed.", "", 1);
    metrics.add("wake_writer_batch_records_total", "Kafka records in written batches.", "", records);
    metrics.add("wake_writer_batch_rows_total", "Rows in written batches (divide by batches for the mean size).", "",
        rows);
    metrics.observe("wake_writer_batch_seconds", "Time to write one batch: inserts, lineage, commit.", "", nanos);
  }

  void lineage(long nanos) {
    metrics.observe("wake_writer_lineage_seconds", "Time to write one batch's lineage rows and edges.", "", nanos);
  }

  /** One batch's look-ups of the other ends of its references ({@code step}: which direction). */
  void lineageLookup(String step, long nanos) {
    metrics.observe("wake_writer_lineage_lookup_seconds", "Time of one batch's lineage look-ups, by step:"
        + " refs_to_owners (this batch's references -> the keys' owners; includes shared_traces), shared_traces (which"
        + " referenced traces hold another instance's spans), keys_to_refs (earlier references -> this batch's keys),"
        + " roots (the new edges' parents -> their roots).", "step=\"" + step + "\"", nanos);
  }

  void insertFailure() {
    metrics.add("wake_writer_insert_failures_total", "Failed batch writes (each is retried).", "", 1);
  }

  void deadLetter(String topic) {
    metrics.add("wake_writer_dead_letters_total", "Undecodable records sent to the dead-letter topic.",
        "topic=\"" + topic + "\"", 1);
  }

  String render() {
    return metrics.render();
  }
}
