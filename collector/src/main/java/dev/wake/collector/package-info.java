/**
 * The OTLP collector: receives spans, metrics and logs over OTLP/gRPC and OTLP/HTTP and writes
 * them to Kafka in the OpenTelemetry Collector's {@code otlp_proto} encoding. It acknowledges a
 * request only after Kafka acknowledged every record of it. It never touches ClickHouse.
 */
package dev.wake.collector;
