package dev.wake.writer;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The records of one partition not yet written, from {@code startOffset} on, decoded into rows as
 * they arrive. A batch ends where its plan says (a replay after a crash re-forms exactly the batch
 * that was being written, so its deduplication token matches) or, without a plan, when it is
 * full or old enough. Not thread-safe.
 */
final class PartitionBatch {
  final long startOffset;
  /** The exclusive end offset this batch must reach, or -1 when it has no plan yet. */
  final long plannedEnd;
  /** The exclusive end offset once sealed. */
  long end() {
    return nextOffset;
  }

  final BatchRows rows;
  final LineageFacts lineage = new LineageFacts();
  final List<ConsumerRecord<byte[], byte[]>> poison = new ArrayList<>();
  final List<String> poisonErrors = new ArrayList<>();
  final long createdNanos = System.nanoTime();
  long nextOffset;
  int records;
  /** Set once the batch is being written: it takes no more records and its range is fixed. */
  boolean sealed;
  /** Whether this batch's plan (its range) is committed to Kafka. */
  boolean planCommitted;

  /** A batch from {@code startOffset} whose rows are encoded for {@code schema}. */
  PartitionBatch(long startOffset, long plannedEnd, Schema schema) {
    this.startOffset = startOffset;
    this.rows = new BatchRows(schema);
    this.plannedEnd = plannedEnd;
    this.nextOffset = startOffset;
  }

  /** Whether this batch should be written now. */
  boolean ready(int maxRows, long maxBytes, long maxDelayNanos) {
    if (sealed) {
      return true;
    }
    if (plannedEnd >= 0) {
      return nextOffset >= plannedEnd;
    }
    return records > 0 && (rows.rows() >= maxRows || rows.bytes() >= maxBytes
        || System.nanoTime() - createdNanos >= maxDelayNanos);
  }

  /** Whether {@code offset} still belongs to this batch. */
  boolean accepts(long offset) {
    return !sealed && (plannedEnd < 0 || offset < plannedEnd);
  }
}
