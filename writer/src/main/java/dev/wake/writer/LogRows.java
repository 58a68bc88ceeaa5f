package dev.wake.writer;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.List;
import java.util.Map;

/**
 * OTLP log records as rows of {@code otel_logs} ({@code schemas/004_logs.sql}), one row per record,
 * in the OpenTelemetry Collector ClickHouse exporter's encoding: {@code Timestamp} is the record's
 * time, or its observed time when the record has none; the body is stored as text ({@link
 * AnyValues#asString}); trace and span ids as lowercase hex. Does no I/O; not thread-safe.
 */
final class LogRows {
  static final String TABLE = "otel_logs";

  private LogRows() {}

  /** Appends one row per log record of {@code request} to {@code into}, filed under {@code tenant}. */
  static void append(ExportLogsServiceRequest request, String tenant, BatchRows into) {
    Rows rows = into.table(TABLE);
    for (ResourceLogs resourceLogs : request.getResourceLogsList()) {
      List<KeyValue> resource = resourceLogs.getResource().getAttributesList();
      Map<String, String> resourceMap = AnyValues.map(resource);
      AgentIdentity agent = AgentIdentity.of(resource);
      for (ScopeLogs scopeLogs : resourceLogs.getScopeLogsList()) {
        InstrumentationScope scope = scopeLogs.getScope();
        Map<String, String> scopeAttributes = AnyValues.map(scope.getAttributesList());
        for (LogRecord log : scopeLogs.getLogRecordsList()) {
          long time = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
          rows.begin()
              .time("Timestamp", time)
              .num("TimestampTime", MetricRows.seconds(time))
              .str("TraceId", AnyValues.hex(log.getTraceId()))
              .str("SpanId", AnyValues.hex(log.getSpanId()))
              // The low byte of flags is the W3C trace flags; the rest is reserved (OTLP logs.proto).
              .num("TraceFlags", log.getFlags() & 0xFF)
              .str("SeverityText", log.getSeverityText())
              .num("SeverityNumber", log.getSeverityNumberValue() & 0xFF)
              .str("ServiceName", agent.serviceName())
              .str("Body", AnyValues.asString(log.getBody()))
              .str("ResourceSchemaUrl", resourceLogs.getSchemaUrl())
              .map("ResourceAttributes", resourceMap)
              .str("ScopeSchemaUrl", scopeLogs.getSchemaUrl())
              .str("ScopeName", scope.getName())
              .str("ScopeVersion", scope.getVersion())
              .map("ScopeAttributes", scopeAttributes)
              .map("LogAttributes", AnyValues.map(log.getAttributesList()))
              .str("EventName", log.getEventName())
              .str("TenantId", tenant)
              .str("AgentInstanceId", agent.instanceId())
              .str("Region", agent.region())
              .end();
        }
      }
    }
  }
}
