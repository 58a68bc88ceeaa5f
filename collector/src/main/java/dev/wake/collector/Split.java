package dev.wake.collector;

import java.util.List;

/**
 * A request cut into Kafka records, with what was rejected from it (OTLP partial success).
 *
 * @param records what goes to Kafka; empty when everything was rejected
 * @param rejected items dropped as invalid
 * @param message why, naming the first offender; empty when nothing was rejected
 */
record Split(List<OtlpRecord> records, long rejected, String message) {

  int acceptedItems() {
    return records.stream().mapToInt(OtlpRecord::items).sum();
  }
}
