package dev.wake.writer;

import static dev.wake.writer.MetricRowsTest.attr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.writer.RowBinaryReader.Row;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogRowsTest {
  static final long T = 1_700_000_000_123_456_789L;

  @Test
  void record_withTime_writesEveryColumn() {
    LogRecord log = LogRecord.newBuilder().setTimeUnixNano(T).setObservedTimeUnixNano(T + 5)
        .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR).setSeverityText("ERROR")
        .setBody(AnyValue.newBuilder().setStringValue("tool call failed"))
        .setTraceId(ByteString.copyFrom(new byte[] {(byte) 0xab, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
        .setFlags(0x101).setEventName("tool.error")
        .addAttributes(attr("tool", "search")).build();

    Row row = rows(request(log)).get(0);

    assertThat(row.num("Timestamp")).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(row.num("TimestampTime")).isEqualTo(1_700_000_000L);
    assertThat(row.str("TraceId")).isEqualTo("ab0102030405060708090a0b0c0d0e0f");
    assertThat(row.str("SpanId")).isEqualTo("0000000000000001");
    assertThat(row.num("TraceFlags")).isEqualTo(1);
    assertThat(row.str("SeverityText")).isEqualTo("ERROR");
    assertThat(row.num("SeverityNumber")).isEqualTo(17);
    assertThat(row.str("Body")).isEqualTo("tool call failed");
    assertThat(row.str("EventName")).isEqualTo("tool.error");
    assertThat(row.map("LogAttributes").get("tool")).isEqualTo("search");
    assertThat(row.str("ServiceName")).isEqualTo("planner");
    assertThat(row.str("ResourceSchemaUrl")).isEqualTo("https://res/schema");
    assertThat(row.map("ResourceAttributes").get("host.name")).isEqualTo("box");
    assertThat(row.str("ScopeSchemaUrl")).isEqualTo("https://scope/schema");
    assertThat(row.str("ScopeName")).isEqualTo("agent.log");
    assertThat(row.str("ScopeVersion")).isEqualTo("0.3");
    assertThat(row.map("ScopeAttributes").get("lib")).isEqualTo("y");
    assertThat(row.str("TenantId")).isEqualTo("acme");
    assertThat(row.str("AgentInstanceId")).isEqualTo("box/4242");
    assertThat(row.str("Region")).isEqualTo("us-east-2");
  }

  @Test
  void record_withoutTime_usesObservedTime() {
    LogRecord log = LogRecord.newBuilder().setObservedTimeUnixNano(T).build();

    Row row = rows(request(log)).get(0);

    assertThat(row.num("Timestamp")).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(row.str("Body")).isEmpty();
    assertThat(row.str("TraceId")).isEmpty();
  }

  @Test
  void record_structuredBody_storesJsonText() {
    AnyValue body = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
        .addValues(KeyValue.newBuilder().setKey("n").setValue(AnyValue.newBuilder().setIntValue(3)))).build();
    LogRecord log = LogRecord.newBuilder().setTimeUnixNano(T).setBody(body).build();

    Row row = rows(request(log)).get(0);

    assertThat(row.str("Body")).isEqualTo("{\"n\":3}");
  }

  @Test
  void request_manyRecords_writesOneRowEach() {
    LogRecord log = LogRecord.newBuilder().setTimeUnixNano(T).build();

    assertThat(rows(request(log, log, log))).hasSize(3);
  }

  static ExportLogsServiceRequest request(LogRecord... logs) {
    return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setSchemaUrl("https://res/schema")
        .setResource(Resource.newBuilder()
            .addAttributes(attr("service.name", "planner"))
            .addAttributes(attr("host.name", "box"))
            .addAttributes(KeyValue.newBuilder().setKey("process.pid").setValue(AnyValue.newBuilder().setIntValue(4242)))
            .addAttributes(attr("cloud.region", "us-east-2")))
        .addScopeLogs(ScopeLogs.newBuilder().setSchemaUrl("https://scope/schema")
            .setScope(InstrumentationScope.newBuilder().setName("agent.log").setVersion("0.3")
                .addAttributes(attr("lib", "y")))
            .addAllLogRecords(List.of(logs))))
        .build();
  }

  static List<Row> rows(ExportLogsServiceRequest request) {
    BatchRows batch = new BatchRows(BundledSchema.writer());
    LogRows.append(request, "acme", batch);
    return RowBinaryReader.read(batch.table(LogRows.TABLE));
  }
}
