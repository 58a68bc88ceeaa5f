package dev.wake.collector;

/**
 * One Kafka record the collector writes: a serialized OTLP export request ({@code otlp_proto}).
 *
 * @param key the partitioning key (trace id hex, or resource identity), or null for none
 * @param value the serialized {@code Export*ServiceRequest}
 * @param items spans, data points or log records in it
 */
record OtlpRecord(String key, byte[] value, int items) {}
