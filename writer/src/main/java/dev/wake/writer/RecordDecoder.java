package dev.wake.writer;

import com.google.protobuf.CodedInputStream;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record of an OTLP topic into rows: its value is a serialized OTLP export request
 * (the OpenTelemetry Collector's {@code otlp_proto} encoding, which Wake's collector writes too);
 * its tenant is the {@code wake.tenant} header, {@code default} without one (records an
 * OpenTelemetry Collector wrote).
 */
final class RecordDecoder {
  static final String TENANT_HEADER = "wake.tenant";
  static final String DEFAULT_TENANT = "default";
  private static final int MAX_NESTING = 64;

  /** Which OTLP signal a topic carries. */
  enum Signal { TRACES, METRICS, LOGS }

  private RecordDecoder() {}

  /**
   * Appends the record's rows.
   *
   * @throws IOException when the value is not a valid export request of {@code signal}; nothing
   *     was appended then
   */
  static void decode(Signal signal, ConsumerRecord<byte[], byte[]> record, PartitionBatch batch) throws IOException {
    byte[] value = record.value();
    if (value == null || value.length == 0) {
      throw new IOException("empty record value (expected a serialized OTLP " + signal + " export request)");
    }
    CodedInputStream in = CodedInputStream.newInstance(value);
    in.setRecursionLimit(MAX_NESTING);
    String tenant = tenant(record);
    switch (signal) {
      case TRACES -> {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
        in.checkLastTagWas(0);
        SpanRows.append(request, tenant, batch.rows, batch.lineage);
      }
      case METRICS -> {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.parseFrom(in);
        in.checkLastTagWas(0);
        MetricRows.append(request, tenant, batch.rows);
        batch.lineage.gpu(request, tenant);
      }
      case LOGS -> {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(in);
        in.checkLastTagWas(0);
        LogRows.append(request, tenant, batch.rows);
      }
    }
  }

  static String tenant(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(TENANT_HEADER);
    if (header == null || header.value() == null || header.value().length == 0) {
      return DEFAULT_TENANT;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }
}
