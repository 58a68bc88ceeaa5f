package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.writer.RowBinaryReader.Row;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRowsTest {
  static final long T0 = 1_700_000_000_123_456_789L;
  static final long T1 = T0 + 10_000_000_000L;

  @Test
  void gauge_intAndDoublePoints_storeFloat64ValueAndWholeSeconds() {
    Metric gauge = Metric.newBuilder().setName("hw.gpu.utilization").setUnit("1").setDescription("GPU busy")
        .setGauge(Gauge.newBuilder()
            .addDataPoints(point(T1).setAsInt(7).addAttributes(attr("hw.id", "gpu0")))
            .addDataPoints(point(T1).setAsDouble(0.25).addAttributes(attr("hw.id", "gpu1"))))
        .build();

    List<Row> rows = rows(request(gauge), MetricRows.GAUGE);

    assertThat(rows).hasSize(2);
    Row first = rows.get(0);
    assertThat(first.str("MetricName")).isEqualTo("hw.gpu.utilization");
    assertThat(first.str("MetricUnit")).isEqualTo("1");
    assertThat(first.str("MetricDescription")).isEqualTo("GPU busy");
    assertThat(first.dbl("Value")).isEqualTo(7.0);
    assertThat(rows.get(1).dbl("Value")).isEqualTo(0.25);
    assertThat(first.map("Attributes").get("hw.id")).isEqualTo("gpu0");
    assertThat(first.num("TimeUnix")).isEqualTo(1_700_000_010L);
    assertThat(first.num("StartTimeUnix")).isEqualTo(1_700_000_000L);
    assertThat(first.list("Exemplars.TimeUnix")).isEmpty();
  }

  @Test
  void anyPoint_resourceAndScope_fillSharedAndWakeColumns() {
    Metric gauge = Metric.newBuilder().setName("queue.depth")
        .setGauge(Gauge.newBuilder().addDataPoints(point(T1).setAsInt(1))).build();

    Row row = rows(request(gauge), MetricRows.GAUGE).get(0);

    assertThat(row.str("ServiceName")).isEqualTo("planner");
    assertThat(row.map("ResourceAttributes").get("cloud.region")).isEqualTo("eu-west-1");
    assertThat(row.str("ResourceSchemaUrl")).isEqualTo("https://opentelemetry.io/schemas/1.26.0");
    assertThat(row.str("ScopeName")).isEqualTo("wake.test");
    assertThat(row.str("ScopeVersion")).isEqualTo("1.2");
    assertThat(row.map("ScopeAttributes").get("lib")).isEqualTo("x");
    assertThat(row.num("ScopeDroppedAttrCount")).isEqualTo(3);
    assertThat(row.str("ScopeSchemaUrl")).isEqualTo("https://scope/schema");
    assertThat(row.str("TenantId")).isEqualTo("acme");
    assertThat(row.str("AgentInstanceId")).isEqualTo("agent-1");
    assertThat(row.str("Region")).isEqualTo("eu-west-1");
  }

  @Test
  void sum_monotonicCumulative_writesTemporalityAndExemplars() {
    Exemplar exemplar = Exemplar.newBuilder().setTimeUnixNano(T1).setAsInt(5)
        .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .addFilteredAttributes(attr("user", "u1")).build();
    Metric sum = Metric.newBuilder().setName("requests")
        .setSum(Sum.newBuilder().setIsMonotonic(true)
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
            .addDataPoints(point(T1).setAsInt(42).setFlags(1).addExemplars(exemplar)))
        .build();

    Row row = rows(request(sum), MetricRows.SUM).get(0);

    assertThat(row.dbl("Value")).isEqualTo(42.0);
    assertThat(row.num("AggregationTemporality")).isEqualTo(2);
    assertThat(row.get("IsMonotonic")).isEqualTo(true);
    assertThat(row.num("Flags")).isEqualTo(1);
    assertThat(row.list("Exemplars.Value").get(0)).isEqualTo(5.0);
    assertThat(row.list("Exemplars.TimeUnix").get(0)).isEqualTo(1_700_000_010L);
    assertThat(row.list("Exemplars.SpanId").get(0)).isEqualTo("0102030405060708");
    assertThat(row.list("Exemplars.TraceId").get(0)).isEqualTo("0".repeat(32));
    assertThat(row.list("Exemplars.FilteredAttributes")).containsExactly(Map.of("user", "u1"));
  }

  @Test
  void histogram_genAiTokenUsage_writesCountsBoundsAndMinMax() {
    Metric usage = Metric.newBuilder().setName("gen_ai.client.token.usage").setUnit("{token}")
        .setHistogram(Histogram.newBuilder()
            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
            .addDataPoints(HistogramDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(T1)
                .addAttributes(attr("gen_ai.token.type", "input"))
                .setCount(3).setSum(1200).setMin(100).setMax(800)
                .addAllExplicitBounds(List.of(256.0, 1024.0)).addAllBucketCounts(List.of(1L, 1L, 1L))))
        .build();

    Row row = rows(request(usage), MetricRows.HISTOGRAM).get(0);

    assertThat(row.str("MetricName")).isEqualTo("gen_ai.client.token.usage");
    assertThat(row.num("Count")).isEqualTo(3);
    assertThat(row.dbl("Sum")).isEqualTo(1200.0);
    assertThat(row.dbl("Min")).isEqualTo(100.0);
    assertThat(row.dbl("Max")).isEqualTo(800.0);
    assertThat(row.list("BucketCounts")).hasSize(3);
    assertThat(row.list("ExplicitBounds").get(1)).isEqualTo(1024.0);
    assertThat(row.num("AggregationTemporality")).isEqualTo(1);
    assertThat(row.map("Attributes").get("gen_ai.token.type")).isEqualTo("input");
  }

  @Test
  void histogram_withoutMinMax_writesZero() {
    Metric latency = Metric.newBuilder().setName("latency")
        .setHistogram(Histogram.newBuilder().addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(T1)))
        .build();

    Row row = rows(request(latency), MetricRows.HISTOGRAM).get(0);

    assertThat(row.dbl("Min")).isZero();
    assertThat(row.dbl("Max")).isZero();
  }

  @Test
  void exponentialHistogram_buckets_writeScaleOffsetsAndCounts() {
    Metric latency = Metric.newBuilder().setName("latency.exp")
        .setExponentialHistogram(ExponentialHistogram.newBuilder()
            .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(T1)
                .setCount(6).setSum(9.5).setScale(3).setZeroCount(1)
                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(-2)
                    .addAllBucketCounts(List.of(2L, 3L)))
                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(4))))
        .build();

    Row row = rows(request(latency), MetricRows.EXPONENTIAL_HISTOGRAM).get(0);

    assertThat(row.num("Scale")).isEqualTo(3);
    assertThat(row.num("ZeroCount")).isEqualTo(1);
    assertThat(row.num("PositiveOffset")).isEqualTo(-2);
    assertThat(row.list("PositiveBucketCounts").get(1)).isEqualTo(3L);
    assertThat(row.num("NegativeOffset")).isEqualTo(4);
    assertThat(row.list("NegativeBucketCounts")).isEmpty();
  }

  @Test
  void summary_quantiles_writeNestedQuantileAndValue() {
    Metric summary = Metric.newBuilder().setName("rpc.duration")
        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(T1)
            .setCount(10).setSum(55)
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(4))
            .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(9))))
        .build();

    Row row = rows(request(summary), MetricRows.SUMMARY).get(0);

    assertThat(row.num("Count")).isEqualTo(10);
    assertThat(row.list("ValueAtQuantiles.Quantile").get(1)).isEqualTo(0.99);
    assertThat(row.list("ValueAtQuantiles.Value").get(1)).isEqualTo(9.0);
  }

  @Test
  void metric_withoutData_writesNoRow() {
    BatchRows batch = new BatchRows(BundledSchema.writer());

    MetricRows.append(request(Metric.newBuilder().setName("empty").build()), "acme", batch);

    assertThat(batch.rows()).isZero();
  }

  @Test
  void seconds_unsignedTimeBeyondDateTime_isZero() {
    assertThat(MetricRows.seconds(-1L)).isZero();
    assertThat(MetricRows.seconds(T0)).isEqualTo(1_700_000_000L);
  }

  static NumberDataPoint.Builder point(long time) {
    return NumberDataPoint.newBuilder().setStartTimeUnixNano(T0).setTimeUnixNano(time);
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static ExportMetricsServiceRequest request(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
        .setSchemaUrl("https://opentelemetry.io/schemas/1.26.0")
        .setResource(Resource.newBuilder()
            .addAttributes(attr("service.name", "planner"))
            .addAttributes(attr("service.instance.id", "agent-1"))
            .addAttributes(attr("cloud.region", "eu-west-1")))
        .addScopeMetrics(ScopeMetrics.newBuilder().setSchemaUrl("https://scope/schema")
            .setScope(InstrumentationScope.newBuilder().setName("wake.test").setVersion("1.2")
                .addAttributes(attr("lib", "x")).setDroppedAttributesCount(3))
            .addAllMetrics(List.of(metrics))))
        .build();
  }

  static List<Row> rows(ExportMetricsServiceRequest request, String table) {
    BatchRows batch = new BatchRows(BundledSchema.writer());
    MetricRows.append(request, "acme", batch);
    return RowBinaryReader.read(batch.table(table));
  }
}
