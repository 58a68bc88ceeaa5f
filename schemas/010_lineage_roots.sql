-- The topmost ancestor the writer knew for each instance when it wrote the instance's edge to a
-- parent: the parent's own root, else the parent. Two rows each, like lineage_edges, so both
-- directions are primary-key reads: 'up' (Id is the instance, Other its root) and 'down' (Id is
-- the root, Other the instance). A tree whose edges arrived parents first is then one key range
-- under its root, which the query API reads in one statement instead of walking the tree level by
-- level. When a child arrives before its parent, its root is the parent (or the parent's root at
-- that time), an ancestor all the same: the query API reads on from each member's own range until
-- no new instance appears. Edges written before this migration keep no root: they are walked as
-- before. Same retention as the other lineage tables.
CREATE TABLE IF NOT EXISTS lineage_roots (
    TenantId LowCardinality(String),
    Direction Enum8('up' = 1, 'down' = 2),
    Id String,
    Other String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
ORDER BY (TenantId, Direction, Id, Other)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS index_granularity = 1024, non_replicated_deduplication_window = 10000;
