-- What changed in the lineage, by tree. After each lineage write the writer records, with
-- ClickHouse's clock, a key for every tree it touched: the roots (lineage_roots) of each instance
-- whose rows it wrote and of both ends of each new edge (an instance with no root stands for
-- itself, and a new edge's child also for itself), and for each reference left unresolved 'g:' +
-- the trace it names (a span reference) or the process (p:<host>/<pid>): an instance that may
-- hang under a dead agent. One row per key once merged, with the latest time. Kept 2 days: longer
-- than any kept answer is served (1 day).
CREATE TABLE IF NOT EXISTS lineage_changes (
    TenantId LowCardinality(String),
    Key String,
    Changed SimpleAggregateFunction(max, DateTime64(9)) DEFAULT now64(9)
) ENGINE = AggregatingMergeTree
ORDER BY (TenantId, Key)
TTL toDateTime(Changed) + toIntervalDay(2)
SETTINGS index_granularity = 1024;

-- Whole-chain lineage answers of big trees, as the query API built them (JSON), with the keys of
-- lineage_changes they depend on and what they show missing (Missing: the spans of their gaps,
-- s:<trace><span>, and the processes of their ghosts, p:<host>/<pid>). An answer is served again
-- only while none of its keys changed after it was built (BuiltNs: ClickHouse's clock, in Unix
-- nanoseconds, when the query API began reading), none of its missing spans arrived and none of
-- its ghosts' processes got an owner, and for at most 1 day. The newest per start and direction
-- is kept.
CREATE TABLE IF NOT EXISTS lineage_answers (
    TenantId LowCardinality(String),
    Start String,
    Direction LowCardinality(String),
    BuiltNs Int64,
    Keys Array(String),
    Missing Array(String),
    Nodes UInt32,
    Body String CODEC(ZSTD(1))
) ENGINE = ReplacingMergeTree(BuiltNs)
ORDER BY (TenantId, Start, Direction)
TTL toDateTime(fromUnixTimestamp64Nano(BuiltNs)) + toIntervalDay(1)
SETTINGS index_granularity = 256;
