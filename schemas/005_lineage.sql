-- Lineage: written by the writer from the spans it sees, so that lineage queries read a few rows
-- by primary key instead of scanning spans. An agent instance is one OTel resource (README).

-- One row per agent instance once merged (read with FINAL or GROUP BY): each batch inserts its
-- partial aggregates, and ClickHouse combines them.
CREATE TABLE IF NOT EXISTS agent_instances (
    TenantId LowCardinality(String),
    InstanceId String,
    AgentName SimpleAggregateFunction(anyLast, String),
    ServiceName SimpleAggregateFunction(anyLast, String),
    Host SimpleAggregateFunction(anyLast, String),
    Pid SimpleAggregateFunction(max, UInt64),
    ParentPid SimpleAggregateFunction(max, UInt64),
    Region SimpleAggregateFunction(anyLast, String),
    FirstSeen SimpleAggregateFunction(min, DateTime64(9)),
    LastSeen SimpleAggregateFunction(max, DateTime64(9)),
    TraceIds SimpleAggregateFunction(groupUniqArrayArray, Array(String)),
    SpanCount SimpleAggregateFunction(sum, UInt64),
    ErrorCount SimpleAggregateFunction(sum, UInt64),
    InputTokens SimpleAggregateFunction(sum, UInt64),
    OutputTokens SimpleAggregateFunction(sum, UInt64),
    INDEX idx_first_seen FirstSeen TYPE minmax GRANULARITY 1,
    INDEX idx_agent_name AgentName TYPE bloom_filter(0.01) GRANULARITY 1
) ENGINE = AggregatingMergeTree
ORDER BY (TenantId, InstanceId)
TTL toDateTime(LastSeen) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 10000;

-- Processes an instance runs as (Key p:<host>/<pid>, KeyGroup p:<host>). The other key an
-- instance owns, each of its spans (s:<trace><span>), is its otel_traces row (AgentInstanceId).
CREATE TABLE IF NOT EXISTS lineage_keys (
    TenantId LowCardinality(String),
    KeyGroup String,
    Key String,
    InstanceId String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Seen)
ORDER BY (TenantId, Key, InstanceId)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 10000;

-- References an instance makes to keys that may belong to another instance: a span's parent span
-- (parent_span), a span link (span_link), the parent process (process). A reference whose key has
-- no owner yet stays here until the owner arrives; one that never resolves is a lineage gap.
CREATE TABLE IF NOT EXISTS lineage_refs (
    TenantId LowCardinality(String),
    KeyGroup String,
    Key String,
    InstanceId String,
    Kind LowCardinality(String),
    Evidence String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(Seen)
ORDER BY (TenantId, KeyGroup, Key, InstanceId, Kind, Evidence)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 10000;

-- Resolved edges between instances, two rows each so both directions are primary-key reads:
-- Direction 'up' (OtherInstanceId is the parent) and 'down' (OtherInstanceId is the child).
CREATE TABLE IF NOT EXISTS lineage_edges (
    TenantId LowCardinality(String),
    InstanceId String,
    Direction Enum8('up' = 1, 'down' = 2),
    OtherInstanceId String,
    Kind LowCardinality(String),
    Evidence String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
ORDER BY (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS non_replicated_deduplication_window = 10000;
