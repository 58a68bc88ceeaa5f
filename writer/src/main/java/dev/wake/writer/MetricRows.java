package dev.wake.writer;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTLP metrics as rows of the five metric tables of {@code schemas/003_metrics.sql}, one row per
 * data point, in the OpenTelemetry Collector ClickHouse exporter's encoding: int and double points
 * both land in the Float64 {@code Value}, an absent sum/min/max is 0, temporality is the OTLP enum
 * number. Metric names get no special casing ({@code hw.gpu.*}, DCGM's, {@code
 * gen_ai.client.token.usage} are stored as sent). Times become whole seconds: the tables use {@code
 * DateTime}, as upstream does. Does no I/O; not thread-safe.
 */
final class MetricRows {
  static final String GAUGE = "otel_metrics_gauge";
  static final String SUM = "otel_metrics_sum";
  static final String HISTOGRAM = "otel_metrics_histogram";
  static final String EXPONENTIAL_HISTOGRAM = "otel_metrics_exponential_histogram";
  static final String SUMMARY = "otel_metrics_summary";

  private MetricRows() {}

  /** Where the points of one scope come from: the columns every metric row repeats. */
  private record Origin(Map<String, String> resource, String resourceSchemaUrl, InstrumentationScope scope,
      Map<String, String> scopeAttributes, String scopeSchemaUrl, AgentIdentity agent, String tenant) {}

  /** Appends one row per data point of {@code request} to {@code into}, filed under {@code tenant}. */
  static void append(ExportMetricsServiceRequest request, String tenant, BatchRows into) {
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      List<KeyValue> resource = resourceMetrics.getResource().getAttributesList();
      Map<String, String> resourceMap = AnyValues.map(resource);
      AgentIdentity agent = AgentIdentity.of(resource);
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        InstrumentationScope scope = scopeMetrics.getScope();
        Origin origin = new Origin(resourceMap, resourceMetrics.getSchemaUrl(), scope,
            AnyValues.map(scope.getAttributesList()), scopeMetrics.getSchemaUrl(), agent, tenant);
        for (Metric metric : scopeMetrics.getMetricsList()) {
          metric(origin, metric, into);
        }
      }
    }
  }

  private static void metric(Origin origin, Metric metric, BatchRows into) {
    switch (metric.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : metric.getGauge().getDataPointsList()) {
          number(head(into.table(GAUGE), origin, metric, p.getAttributesList(), p.getStartTimeUnixNano(),
              p.getTimeUnixNano()), p);
          tail(into.table(GAUGE), origin);
        }
      }
      case SUM -> {
        for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
          number(head(into.table(SUM), origin, metric, p.getAttributesList(), p.getStartTimeUnixNano(),
              p.getTimeUnixNano()), p)
              .num("AggregationTemporality", metric.getSum().getAggregationTemporalityValue())
              .num("IsMonotonic", metric.getSum().getIsMonotonic() ? 1 : 0);
          tail(into.table(SUM), origin);
        }
      }
      case HISTOGRAM -> {
        for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
          head(into.table(HISTOGRAM), origin, metric, p.getAttributesList(), p.getStartTimeUnixNano(),
              p.getTimeUnixNano())
              .unsigned("Count", p.getCount())
              .dbl("Sum", p.getSum())
              .unsignedArray("BucketCounts", p.getBucketCountsList())
              .doubles("ExplicitBounds", p.getExplicitBoundsList())
              .unsigned("Flags", Integer.toUnsignedLong(p.getFlags()))
              .dbl("Min", p.hasMin() ? p.getMin() : 0)
              .dbl("Max", p.hasMax() ? p.getMax() : 0)
              .num("AggregationTemporality", metric.getHistogram().getAggregationTemporalityValue());
          exemplars(into.table(HISTOGRAM), p.getExemplarsList());
          tail(into.table(HISTOGRAM), origin);
        }
      }
      case EXPONENTIAL_HISTOGRAM -> {
        for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
          head(into.table(EXPONENTIAL_HISTOGRAM), origin, metric, p.getAttributesList(), p.getStartTimeUnixNano(),
              p.getTimeUnixNano())
              .unsigned("Count", p.getCount())
              .dbl("Sum", p.getSum())
              .num("Scale", p.getScale())
              .unsigned("ZeroCount", p.getZeroCount())
              .num("PositiveOffset", p.getPositive().getOffset())
              .unsignedArray("PositiveBucketCounts", p.getPositive().getBucketCountsList())
              .num("NegativeOffset", p.getNegative().getOffset())
              .unsignedArray("NegativeBucketCounts", p.getNegative().getBucketCountsList())
              .unsigned("Flags", Integer.toUnsignedLong(p.getFlags()))
              .dbl("Min", p.hasMin() ? p.getMin() : 0)
              .dbl("Max", p.hasMax() ? p.getMax() : 0)
              .num("AggregationTemporality", metric.getExponentialHistogram().getAggregationTemporalityValue());
          exemplars(into.table(EXPONENTIAL_HISTOGRAM), p.getExemplarsList());
          tail(into.table(EXPONENTIAL_HISTOGRAM), origin);
        }
      }
      case SUMMARY -> {
        for (SummaryDataPoint p : metric.getSummary().getDataPointsList()) {
          List<Double> quantiles = new ArrayList<>(p.getQuantileValuesCount());
          List<Double> values = new ArrayList<>(p.getQuantileValuesCount());
          for (SummaryDataPoint.ValueAtQuantile q : p.getQuantileValuesList()) {
            quantiles.add(q.getQuantile());
            values.add(q.getValue());
          }
          head(into.table(SUMMARY), origin, metric, p.getAttributesList(), p.getStartTimeUnixNano(),
              p.getTimeUnixNano())
              .unsigned("Count", p.getCount())
              .dbl("Sum", p.getSum())
              .doubles("ValueAtQuantiles.Quantile", quantiles)
              .doubles("ValueAtQuantiles.Value", values)
              .unsigned("Flags", Integer.toUnsignedLong(p.getFlags()));
          tail(into.table(SUMMARY), origin);
        }
      }
      case DATA_NOT_SET -> {
        // A metric without data has no points, hence no rows (the exporter skips it too).
      }
    }
  }

  /** Begins a row with the columns all five tables share, up to the point's times. */
  private static Rows head(Rows rows, Origin origin, Metric metric, List<KeyValue> attributes,
      long startNanos, long timeNanos) {
    return rows.begin()
        .map("ResourceAttributes", origin.resource())
        .str("ResourceSchemaUrl", origin.resourceSchemaUrl())
        .str("ScopeName", origin.scope().getName())
        .str("ScopeVersion", origin.scope().getVersion())
        .map("ScopeAttributes", origin.scopeAttributes())
        .unsigned("ScopeDroppedAttrCount", Integer.toUnsignedLong(origin.scope().getDroppedAttributesCount()))
        .str("ScopeSchemaUrl", origin.scopeSchemaUrl())
        .str("ServiceName", origin.agent().serviceName())
        .str("MetricName", metric.getName())
        .str("MetricDescription", metric.getDescription())
        .str("MetricUnit", metric.getUnit())
        .map("Attributes", AnyValues.map(attributes))
        .num("StartTimeUnix", seconds(startNanos))
        .num("TimeUnix", seconds(timeNanos));
  }

  /** Ends a row with Wake's columns. */
  private static void tail(Rows rows, Origin origin) {
    rows.str("TenantId", origin.tenant())
        .str("AgentInstanceId", origin.agent().instanceId())
        .str("Region", origin.agent().region())
        .end();
  }

  private static Rows number(Rows rows, NumberDataPoint point) {
    rows.dbl("Value", switch (point.getValueCase()) {
      case AS_DOUBLE -> point.getAsDouble();
      case AS_INT -> (double) point.getAsInt();
      case VALUE_NOT_SET -> 0;
    }).unsigned("Flags", Integer.toUnsignedLong(point.getFlags()));
    exemplars(rows, point.getExemplarsList());
    return rows;
  }

  /** The {@code Exemplars} Nested columns, one array per field. */
  private static void exemplars(Rows rows, List<Exemplar> exemplars) {
    List<Map<String, String>> attributes = new ArrayList<>(exemplars.size());
    List<Long> times = new ArrayList<>(exemplars.size());
    List<Double> values = new ArrayList<>(exemplars.size());
    List<String> spanIds = new ArrayList<>(exemplars.size());
    List<String> traceIds = new ArrayList<>(exemplars.size());
    for (Exemplar e : exemplars) {
      attributes.add(AnyValues.map(e.getFilteredAttributesList()));
      times.add(seconds(e.getTimeUnixNano()));
      values.add(switch (e.getValueCase()) {
        case AS_DOUBLE -> e.getAsDouble();
        case AS_INT -> (double) e.getAsInt();
        case VALUE_NOT_SET -> 0.0;
      });
      spanIds.add(AnyValues.hex(e.getSpanId()));
      traceIds.add(AnyValues.hex(e.getTraceId()));
    }
    rows.maps("Exemplars.FilteredAttributes", attributes)
        .unsignedArray("Exemplars.TimeUnix", times)
        .doubles("Exemplars.Value", values)
        .strings("Exemplars.SpanId", spanIds)
        .strings("Exemplars.TraceId", traceIds);
  }

  /**
   * Whole Unix seconds of a {@code DateTime} column (a UInt32 in RowBinary).
   * OTLP times are unsigned; a time before 1970 or past 2106 cannot be stored, and becomes 0.
   */
  static long seconds(long unixNanos) {
    long seconds = Long.divideUnsigned(unixNanos, 1_000_000_000L);
    return seconds > 0xFFFF_FFFFL ? 0 : seconds;
  }
}
