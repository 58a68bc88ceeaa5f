package dev.wake.writer;

import dev.wake.writer.ClickHouseStore.StoreException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Step 3 of {@link WriterLoop}, in two stages: one insert per table of a sealed batch with its
 * deduplication token ({@link #writeRows}: the batch is then queryable), then its lineage
 * ({@link #writeLineage}, of one or several batches at once). Thread-safe: batches of different
 * partitions, and a partition's next batch's rows beside its previous batches' lineage, are
 * written at once ({@link Lineage} stays correct: each write inserts its rows before it looks
 * anything up).
 */
final class BatchWriter {
  private final ClickHouseStore store;
  private final Lineage lineage;
  private final WriterMetrics metrics;

  BatchWriter(ClickHouseStore store, Schema schema, WriterMetrics metrics) {
    this.store = store;
    this.lineage = new Lineage(store, schema, metrics);
    this.metrics = metrics;
  }

  /**
   * Inserts the batch's rows and returns the nanoseconds it took.
   *
   * @throws CompletionException wrapping the {@link StoreException} when ClickHouse did not take them
   */
  long writeRows(PartitionBatch batch, String token) {
    long started = System.nanoTime();
    try {
      for (Map.Entry<String, Rows> table : batch.rows.nonEmpty().entrySet()) {
        long t0 = System.nanoTime();
        store.insert(table.getValue(), token);
        metrics.inserted(table.getKey(), table.getValue().rows(), System.nanoTime() - t0);
      }
    } catch (StoreException e) {
      throw new CompletionException(e);
    }
    return System.nanoTime() - started;
  }

  /**
   * Writes the lineage of batches whose rows are inserted ({@link #writeRows}), as one
   * ({@link Lineage#write}), and returns the nanoseconds it took.
   *
   * @param tokens each batch's deduplication token, in {@code batches}' order
   * @throws CompletionException wrapping the {@link StoreException} when ClickHouse did not take it
   */
  long writeLineage(List<PartitionBatch> batches, List<String> tokens) {
    long started = System.nanoTime();
    try {
      lineage.write(batches.stream().map(batch -> batch.lineage).toList(), tokens);
    } catch (StoreException e) {
      throw new CompletionException(e);
    }
    long nanos = System.nanoTime() - started;
    metrics.lineage(nanos);
    return nanos;
  }
}
