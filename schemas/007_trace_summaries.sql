-- One row per trace (once merged; read with GROUP BY and -Merge): what a trace search result shows,
-- kept by a materialized view from every otel_traces insert, so a result page reads 20 rows by
-- primary key instead of every span (and its attribute maps) of 20 traces. Deduplicated with the
-- writer's inserts (deduplicate_blocks_in_dependent_materialized_views) like the trace-id table.
CREATE TABLE IF NOT EXISTS trace_summaries (
    TenantId LowCardinality(String),
    TraceId String,
    Start SimpleAggregateFunction(min, DateTime64(9)),
    EndNs SimpleAggregateFunction(max, UInt64),
    -- (SpanName, ServiceName) of the earliest root span, else of the earliest span.
    Root AggregateFunction(argMin, Tuple(String, String), Tuple(UInt8, DateTime64(9))),
    Services AggregateFunction(groupUniqArray, String),
    Agents AggregateFunction(groupUniqArrayIf, String, UInt8),
    Instances AggregateFunction(uniqExactIf, String, UInt8),
    Spans SimpleAggregateFunction(sum, UInt64),
    Errors SimpleAggregateFunction(sum, UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY (TenantId, TraceId)
TTL toDateTime(Start) + toIntervalDay(30)
SETTINGS index_granularity = 1024, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_summaries_mv TO trace_summaries AS
SELECT TenantId, TraceId,
       min(Timestamp) AS Start,
       max(toUInt64(toUnixTimestamp64Nano(Timestamp)) + Duration) AS EndNs,
       argMinState((toString(SpanName), toString(ServiceName)), (toUInt8(ParentSpanId != ''), Timestamp)) AS Root,
       groupUniqArrayState(toString(ServiceName)) AS Services,
       groupUniqArrayIfState(ResourceAttributes['gen_ai.agent.name'],
           toUInt8(ResourceAttributes['gen_ai.agent.name'] != '')) AS Agents,
       uniqExactIfState(AgentInstanceId, toUInt8(AgentInstanceId != '')) AS Instances,
       toUInt64(count()) AS Spans,
       toUInt64(countIf(StatusCode = 'Error')) AS Errors,
       sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])) AS InputTokens,
       sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens'])) AS OutputTokens
FROM otel_traces
WHERE TraceId != ''
GROUP BY TenantId, TraceId;

-- Traces stored before this migration.
INSERT INTO trace_summaries
SELECT TenantId, TraceId,
       min(Timestamp),
       max(toUInt64(toUnixTimestamp64Nano(Timestamp)) + Duration),
       argMinState((toString(SpanName), toString(ServiceName)), (toUInt8(ParentSpanId != ''), Timestamp)),
       groupUniqArrayState(toString(ServiceName)),
       groupUniqArrayIfState(ResourceAttributes['gen_ai.agent.name'],
           toUInt8(ResourceAttributes['gen_ai.agent.name'] != '')),
       uniqExactIfState(AgentInstanceId, toUInt8(AgentInstanceId != '')),
       toUInt64(count()),
       toUInt64(countIf(StatusCode = 'Error')),
       sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])),
       sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens']))
FROM otel_traces
WHERE TraceId != ''
GROUP BY TenantId, TraceId;
