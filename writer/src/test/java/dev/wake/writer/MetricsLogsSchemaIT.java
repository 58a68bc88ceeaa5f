package dev.wake.writer;

import static dev.wake.writer.MetricRowsTest.attr;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The rows of {@link MetricRows} and {@link LogRows} inserted, as the writer inserts them, into the
 * migrated schema of a real ClickHouse.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class MetricsLogsSchemaIT {
  // Recent times: rows older than the 30-day TTL would be dropped on insert.
  static final long T0 = (System.currentTimeMillis() / 1000 - 3600) * 1_000_000_000L + 123_456_789L;
  static final long T1 = T0 + 10_000_000_000L;
  static final String S0 = Long.toString(T0 / 1_000_000_000L);
  static final String S1 = Long.toString(T1 / 1_000_000_000L);

  @BeforeAll
  static void insertRows(TestClickHouse ch) throws Exception {
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, ch.database(), line -> { });
    }
    try (ClickHouseStore store = new ClickHouseStore(new ClickHouseTarget(ch.httpUrl(), ch.user(), ch.password()),
        ch.database())) {
      BatchRows batch = new BatchRows(store.schema(Writer.TABLES));
      MetricRows.append(MetricRowsTest.request(gauge(), gpuGauge(), sum(), tokenUsage(), exponential(), summary()),
          "acme", batch);
      LogRows.append(LogRowsTest.request(log()), "acme", batch);
      for (Map.Entry<String, Rows> table : batch.nonEmpty().entrySet()) {
        store.insert(table.getValue(), null);
        assertThat(query(ch, "SELECT count() FROM " + table.getKey()))
            .as(table.getKey()).containsExactly(List.of(Integer.toString(table.getValue().rows())));
      }
    }
  }

  @Test
  void gauge_gpuUtilization_readsBackValueAttributesAndWakeColumns(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT Value, Attributes['hw.id'], toUnixTimestamp(TimeUnix), toUnixTimestamp(StartTimeUnix),"
        + " ServiceName, TenantId, AgentInstanceId, Region, ResourceAttributes['cloud.region'], ScopeName,"
        + " ScopeDroppedAttrCount FROM otel_metrics_gauge WHERE MetricName = 'hw.gpu.utilization'"))
        .containsExactly(List.of("0.93", "gpu0", S1, S0, "planner", "acme", "agent-1",
            "eu-west-1", "eu-west-1", "wake.test", "3"));
    assertThat(query(ch, "SELECT Value FROM otel_metrics_gauge WHERE MetricName = 'queue.depth'"))
        .containsExactly(List.of("12.0"));
  }

  @Test
  void sum_readsBackTemporalityMonotonicAndExemplar(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT Value, AggregationTemporality, IsMonotonic, Exemplars.SpanId[1],"
        + " Exemplars.FilteredAttributes[1]['user'], toUnixTimestamp(Exemplars.TimeUnix[1]), Exemplars.Value[1]"
        + " FROM otel_metrics_sum"))
        .containsExactly(List.of("42.0", "2", "true", "0102030405060708", "u1", S1, "5.0"));
  }

  @Test
  void histogram_tokenUsage_readsBackBuckets(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT Count, Sum, toString(BucketCounts), toString(ExplicitBounds), Min, Max,"
        + " Attributes['gen_ai.token.type'], MetricUnit FROM otel_metrics_histogram"
        + " WHERE MetricName = 'gen_ai.client.token.usage'"))
        .containsExactly(List.of("3", "1200.0", "[1,1,1]", "[256,1024]", "100.0", "800.0", "input", "{token}"));
  }

  @Test
  void exponentialHistogram_readsBackOffsetsAndCounts(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT Count, Scale, ZeroCount, PositiveOffset, toString(PositiveBucketCounts),"
        + " NegativeOffset, toString(NegativeBucketCounts) FROM otel_metrics_exponential_histogram"))
        .containsExactly(List.of("6", "3", "1", "-2", "[2,3]", "4", "[]"));
  }

  @Test
  void summary_readsBackQuantiles(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT Count, Sum, toString(ValueAtQuantiles.Quantile), toString(ValueAtQuantiles.Value),"
        + " TenantId FROM otel_metrics_summary"))
        .containsExactly(List.of("10", "55.0", "[0.5,0.99]", "[4,9]", "acme"));
  }

  @Test
  void logs_readBackNanosecondTimestampBodyAndWakeColumns(TestClickHouse ch) throws Exception {
    assertThat(query(ch, "SELECT toUnixTimestamp64Nano(Timestamp), toUnixTimestamp(TimestampTime), TraceId, SpanId,"
        + " TraceFlags, SeverityText, SeverityNumber, Body, LogAttributes['tool'], EventName, ServiceName,"
        + " TenantId, AgentInstanceId, Region FROM otel_logs"))
        .containsExactly(List.of(Long.toString(T0), S0, "ab" + "00".repeat(15),
            "0000000000000001", "1", "WARN", "13", "{\"step\":2}", "search", "tool.slow", "planner", "acme",
            "box/4242", "us-east-2"));
  }

  static NumberDataPoint.Builder point() {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(T1);
  }

  static Metric gauge() {
    return Metric.newBuilder().setName("queue.depth")
        .setGauge(Gauge.newBuilder().addDataPoints(point().setAsInt(12))).build();
  }

  static Metric gpuGauge() {
    return Metric.newBuilder().setName("hw.gpu.utilization").setUnit("1")
        .setGauge(Gauge.newBuilder()
            .addDataPoints(point().setAsDouble(0.93).addAttributes(attr("hw.id", "gpu0"))))
        .build();
  }

  static Metric sum() {
    Exemplar exemplar = Exemplar.newBuilder().setTimeUnixNano(T1).setAsInt(5)
        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .setTraceId(ByteString.copyFrom(new byte[16])).addFilteredAttributes(attr("user", "u1")).build();
    return Metric.newBuilder().setName("requests")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(point().setAsInt(42).addExemplars(exemplar)))
        .build();
  }

  static Metric tokenUsage() {
    return Metric.newBuilder().setName("gen_ai.client.token.usage").setUnit("{token}")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .addAttributes(attr("gen_ai.token.type", "input")).setCount(3).setSum(1200).setMin(100).setMax(800)
                .addAllExplicitBounds(List.of(256.0, 1024.0)).addAllBucketCounts(List.of(1L, 1L, 1L))))
        .build();
  }

  static Metric exponential() {
    return Metric.newBuilder().setName("latency.exp")
        .setExponentialHistogram(ExponentialHistogram.newBuilder()
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T1)
                .setCount(6).setSum(9.5).setScale(3).setZeroCount(1)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                    .addAllBucketCounts(List.of(2L, 3L)))
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(4))))
        .build();
  }

  static Metric summary() {
    return Metric.newBuilder().setName("rpc.duration")
        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(T1)
            .setCount(10).setSum(55)
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(4))
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(9))))
        .build();
  }

  static LogRecord log() {
    return LogRecord.newBuilder().setTimeUnixNano(T0)
        .setSeverityText("WARN").setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN)
        .setBody(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
            .addValues(KeyValue.newBuilder().setKey("step").setValue(AnyValue.newBuilder().setIntValue(2)))))
        .setTraceId(ByteString.copyFrom(new byte[] {(byte) 0xab, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1})).setFlags(1)
        .setEventName("tool.slow").addAttributes(attr("tool", "search")).build();
  }

  /** Every row of {@code sql} as strings, run in this class's database. */
  static List<List<String>> query(TestClickHouse ch, String sql) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Connection c = ch.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
