-- Every span's owner, keyed by trace and span id: lineage resolves a parent-span or link reference
-- (s:<trace><span>) by primary key here instead of reading otel_traces, whose sorting key is
-- (ServiceName, SpanName, time) and so finds a trace only through its skip index, granule by
-- granule over the trace's time range. The writer looks up the referenced spans of every batch
-- (most of them not arrived yet: a parent's span ends after its children's), and the query API
-- the spans a lineage names. InstanceId is '' for a span without agent identity (it still
-- arrived). Kept by a materialized view from every otel_traces insert (deduplicated with it on
-- replay), backfilled below; same retention as otel_traces.
CREATE TABLE IF NOT EXISTS lineage_spans (
    TenantId LowCardinality(String),
    TraceId String,
    SpanId String,
    InstanceId String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
PARTITION BY toDate(Seen)
ORDER BY (TenantId, TraceId, SpanId, InstanceId)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS index_granularity = 1024, ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS lineage_spans_mv TO lineage_spans AS
SELECT TenantId, TraceId, SpanId, AgentInstanceId AS InstanceId, Timestamp AS Seen
FROM otel_traces
WHERE length(TraceId) = 32 AND length(SpanId) = 16;

-- Spans written before this migration (a row also inserted through the view meanwhile collapses
-- with its copy: same sorting key and partition).
INSERT INTO lineage_spans
SELECT TenantId, TraceId, SpanId, AgentInstanceId AS InstanceId, Timestamp AS Seen
FROM otel_traces
WHERE length(TraceId) = 32 AND length(SpanId) = 16;
