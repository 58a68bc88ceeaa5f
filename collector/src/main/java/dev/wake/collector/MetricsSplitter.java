package dev.wake.collector;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.List;

/** Cuts a metrics export request into one record per resource, keyed by {@link ResourceKeys}. */
final class MetricsSplitter {
  private MetricsSplitter() {}

  static Split split(ExportMetricsServiceRequest request, byte[] original) {
    List<OtlpRecord> records = new ArrayList<>(request.getResourceMetricsCount());
    boolean reuse = original != null && request.getResourceMetricsCount() == 1;
    for (ResourceMetrics resource : request.getResourceMetricsList()) {
      int points = 0;
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          points += dataPoints(metric);
        }
      }
      byte[] value = reuse ? original
          : ExportMetricsServiceRequest.newBuilder().addResourceMetrics(resource).build().toByteArray();
      records.add(new OtlpRecord(ResourceKeys.of(resource.getResource()), value, points));
    }
    return new Split(records, 0, "");
  }

  static int dataPoints(Metric metric) {
    return switch (metric.getDataCase()) {
      case GAUGE -> metric.getGauge().getDataPointsCount();
      case SUM -> metric.getSum().getDataPointsCount();
      case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> metric.getSummary().getDataPointsCount();
      case DATA_NOT_SET -> 0;
    };
  }
}
