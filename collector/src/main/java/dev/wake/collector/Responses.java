package dev.wake.collector;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/** The OTLP success responses, with partial success filled in when items were rejected. */
final class Responses {
  private Responses() {}

  static Message success(Signal signal, Split split) {
    boolean partial = split.rejected() > 0;
    return switch (signal) {
      case TRACES -> partial
          ? ExportTraceServiceResponse.newBuilder().setPartialSuccess(ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(split.rejected()).setErrorMessage(split.message())).build()
          : ExportTraceServiceResponse.getDefaultInstance();
      case METRICS -> partial
          ? ExportMetricsServiceResponse.newBuilder().setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
              .setRejectedDataPoints(split.rejected()).setErrorMessage(split.message())).build()
          : ExportMetricsServiceResponse.getDefaultInstance();
      case LOGS -> partial
          ? ExportLogsServiceResponse.newBuilder().setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
              .setRejectedLogRecords(split.rejected()).setErrorMessage(split.message())).build()
          : ExportLogsServiceResponse.getDefaultInstance();
    };
  }
}
