-- Lineage trees in root order: for each instance and each root recorded for it in lineage_roots,
-- a snapshot of what a lineage answer shows of it (its agent_instances aggregates merged) and of
-- its edges, up (Parents) and down (Children), as (other instance, kind, evidence). The query API
-- then reads a whole tree below its root as one key range, instead of 10,000 ids spread over
-- agent_instances and the edges.
--
-- The writer snapshots, after each lineage write, the instances of its batches and the two ends of
-- its new edges (one INSERT ... SELECT; Version = ClickHouse's clock when it ran). A snapshot sees
-- everything inserted before it started, and each batch's rows and edges are inserted before the
-- batch's snapshot (or, where the instance had no root yet, before the snapshot of the write that
-- records its root), so the latest Version of an instance holds all of it; ReplacingMergeTree keeps
-- that one (read with FINAL). The query API checks that a tree's members account for every child
-- they name and otherwise reads the tree as before, as it does for trees written before this
-- migration (their instances get snapshots as the writer touches them again). Same retention as
-- the other lineage tables.
CREATE TABLE IF NOT EXISTS lineage_tree (
    TenantId LowCardinality(String),
    Root String,
    InstanceId String,
    Version DateTime64(9),
    AgentName String,
    ServiceName LowCardinality(String),
    Host String,
    Pid UInt64,
    ParentPid UInt64,
    Region LowCardinality(String),
    FirstSeen DateTime64(9),
    LastSeen DateTime64(9),
    TraceIds Array(String),
    SpanCount UInt64,
    ErrorCount UInt64,
    InputTokens UInt64,
    OutputTokens UInt64,
    Parents Array(Tuple(String, LowCardinality(String), String)),
    Children Array(Tuple(String, LowCardinality(String), String))
) ENGINE = ReplacingMergeTree(Version)
ORDER BY (TenantId, Root, InstanceId)
TTL toDateTime(LastSeen) + toIntervalDay(30)
SETTINGS index_granularity = 1024;
