package dev.wake.collector;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a logs export request into one record per resource, keyed by {@link ResourceKeys}. Log
 * records whose trace or span id is present but of the wrong length are rejected.
 */
final class LogsSplitter {
  private LogsSplitter() {}

  static Split split(ExportLogsServiceRequest request, byte[] original) {
    List<OtlpRecord> records = new ArrayList<>(request.getResourceLogsCount());
    long rejected = 0;
    String firstProblem = "";
    for (int r = 0; r < request.getResourceLogsCount(); r++) {
      ResourceLogs resource = request.getResourceLogs(r);
      ResourceLogs.Builder kept = resource.toBuilder().clearScopeLogs();
      int count = 0;
      for (int s = 0; s < resource.getScopeLogsCount(); s++) {
        ScopeLogs scope = resource.getScopeLogs(s);
        ScopeLogs.Builder keptScope = scope.toBuilder().clearLogRecords();
        for (int i = 0; i < scope.getLogRecordsCount(); i++) {
          LogRecord log = scope.getLogRecords(i);
          String problem = problem(log);
          if (problem == null) {
            keptScope.addLogRecords(log);
            count++;
          } else if (rejected++ == 0) {
            firstProblem = "resourceLogs[" + r + "].scopeLogs[" + s + "].logRecords[" + i + "]: " + problem;
          }
        }
        kept.addScopeLogs(keptScope);
      }
      if (count > 0) {
        boolean reuse = original != null && rejected == 0 && request.getResourceLogsCount() == 1;
        byte[] value = reuse ? original
            : ExportLogsServiceRequest.newBuilder().addResourceLogs(kept).build().toByteArray();
        records.add(new OtlpRecord(ResourceKeys.of(resource.getResource()), value, count));
      }
    }
    String message = rejected == 0 ? "" : rejected + " log record(s) rejected, first at " + firstProblem;
    return new Split(records, rejected, message);
  }

  private static String problem(LogRecord log) {
    if (!log.getTraceId().isEmpty() && log.getTraceId().size() != 16) {
      return "invalid traceId (" + log.getTraceId().size() + " bytes; must be 16 or empty)";
    }
    if (!log.getSpanId().isEmpty() && log.getSpanId().size() != 8) {
      return "invalid spanId (" + log.getSpanId().size() + " bytes; must be 8 or empty)";
    }
    return null;
  }
}
