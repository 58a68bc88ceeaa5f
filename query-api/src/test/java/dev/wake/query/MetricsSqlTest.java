package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metrics statements' text: user input only as parameters, the tenant always filtered. */
class MetricsSqlTest {

  @Test
  void gpu_utilizationByGpu() {
    assertThat(GpuMetricsHandler.sql("utilization", "gpu")).isEqualTo("""
        SELECT if(Attributes['Hostname'] != '', Attributes['Hostname'], ResourceAttributes['host.name']) AS host, \
        multiIf(Attributes['hw.id'] != '', Attributes['hw.id'], Attributes['UUID'] != '', Attributes['UUID'], \
        Attributes['gpu']) AS gpu,
               intDiv(toUnixTimestamp(TimeUnix), {step:UInt32}) * {step:UInt32} AS PointTime,
               avg(if(MetricName = 'DCGM_FI_DEV_GPU_UTIL', Value / 100, Value)) AS PointValue,
               toBool(max(max(Attributes['wake.simulated'] = 'true')) OVER (PARTITION BY host, gpu)) AS simulated
        FROM otel_metrics_gauge
        WHERE TenantId = {tenant:String}
          AND MetricName IN ('hw.gpu.utilization', 'DCGM_FI_DEV_GPU_UTIL')
          AND Attributes['hw.gpu.task'] IN ('', 'general')
          AND TimeUnix >= toDateTime({startSecond:UInt32}) AND TimeUnix <= toDateTime({endSecond:UInt32})
        GROUP BY host, gpu, PointTime
        ORDER BY host, gpu, PointTime""");
  }

  @Test
  void gpu_memoryByInstance() {
    assertThat(GpuMetricsHandler.sql("memory", "instance")).isEqualTo("""
        SELECT AgentInstanceId AS instance,
               intDiv(toUnixTimestamp(TimeUnix), {step:UInt32}) * {step:UInt32} AS PointTime,
               avg(if(MetricName = 'DCGM_FI_DEV_FB_USED', Value * 1048576, Value)) AS PointValue,
               toBool(max(max(Attributes['wake.simulated'] = 'true')) OVER (PARTITION BY instance)) AS simulated
        FROM otel_metrics_gauge
        WHERE TenantId = {tenant:String}
          AND MetricName IN ('hw.gpu.memory.usage', 'DCGM_FI_DEV_FB_USED')
          AND TimeUnix >= toDateTime({startSecond:UInt32}) AND TimeUnix <= toDateTime({endSecond:UInt32})
        GROUP BY instance, PointTime
        ORDER BY instance, PointTime""");
  }

  @Test
  void tokens_fromSpansByModel() {
    assertThat(TokenMetricsHandler.fromSpans(TokenMetricsHandler.label("spans", "model"))).isEqualTo("""
        SELECT model, type, PointTime, PointValue
        FROM (
          SELECT if(SpanAttributes['gen_ai.request.model'] != '', SpanAttributes['gen_ai.request.model'], \
        SpanAttributes['gen_ai.response.model']) AS model,
                 intDiv(toUnixTimestamp(Timestamp), {step:UInt32}) * {step:UInt32} AS PointTime,
                 sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])) AS InputTokens,
                 sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens'])) AS OutputTokens
          FROM otel_traces
          WHERE TenantId = {tenant:String}
            AND Timestamp >= fromUnixTimestamp64Nano({startNs:Int64}) AND Timestamp <= \
        fromUnixTimestamp64Nano({endNs:Int64})
            AND (mapContains(SpanAttributes, 'gen_ai.usage.input_tokens') OR \
        mapContains(SpanAttributes, 'gen_ai.usage.output_tokens'))
          GROUP BY model, PointTime)
        ARRAY JOIN ['input', 'output'] AS type, [InputTokens, OutputTokens] AS PointValue
        ORDER BY model, type, PointTime""");
  }

  @Test
  void tokens_fromMetricByAgent_cumulativeAsIncreasesOverTheLookback() {
    assertThat(TokenMetricsHandler.fromMetric(TokenMetricsHandler.label("metric", "agent"))).isEqualTo("""
        SELECT agent, type, PointTime,
               sum(if(AggregationTemporality = 2 AND Sum >= Previous, Sum - Previous, Sum)) AS PointValue
        FROM (
          SELECT if(ResourceAttributes['gen_ai.agent.name'] != '', ResourceAttributes['gen_ai.agent.name'], \
        ServiceName) AS agent, Attributes['gen_ai.token.type'] AS type, TimeUnix,
                 intDiv(toUnixTimestamp(TimeUnix), {step:UInt32}) * {step:UInt32} AS PointTime,
                 Sum, AggregationTemporality,
                 lagInFrame(Sum, 1, 0) OVER (
                   PARTITION BY AgentInstanceId, ResourceAttributes, ScopeName, Attributes, StartTimeUnix, \
        AggregationTemporality
                   ORDER BY TimeUnix, Count, Sum ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS Previous
          FROM otel_metrics_histogram
          WHERE TenantId = {tenant:String}
            AND MetricName = 'gen_ai.client.token.usage'
            AND TimeUnix >= toDateTime({lookbackSecond:UInt32}) AND TimeUnix <= toDateTime({endSecond:UInt32}))
        WHERE TimeUnix >= toDateTime({startSecond:UInt32})
        GROUP BY agent, type, PointTime
        ORDER BY agent, type, PointTime""");
  }

  @Test
  void tokens_modelReadFromTheMetricsAttributes() {
    assertThat(TokenMetricsHandler.label("metric", "model").sql()).isEqualTo(
        "if(Attributes['gen_ai.request.model'] != '', Attributes['gen_ai.request.model'],"
        + " Attributes['gen_ai.response.model'])");
  }
}
