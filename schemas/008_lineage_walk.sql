-- Lineage edges keyed by 64-bit hashes of their instance ids (cityHash64), so that the query
-- API's recursive walk joins and filters on UInt64 instead of strings: on 10,000-agent trees
-- ClickHouse's recursive step costs what each level carries, and string ids made the walk about
-- twice as slow. The ids travel along for the answer; a hash collision can only add a candidate
-- edge, which the walk (following real ids) never reaches. Kept by a materialized view from every
-- lineage_edges insert, backfilled below; same rows, same retention.
CREATE TABLE IF NOT EXISTS lineage_walk (
    TenantId LowCardinality(String),
    Direction Enum8('up' = 1, 'down' = 2),
    Id UInt64,
    Other UInt64,
    InstanceId String,
    OtherInstanceId String,
    Kind LowCardinality(String),
    Evidence String,
    Seen DateTime64(9)
) ENGINE = ReplacingMergeTree
ORDER BY (TenantId, Direction, Id, Other, Kind, Evidence)
TTL toDateTime(Seen) + toIntervalDay(30)
SETTINGS index_granularity = 1024, non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS lineage_walk_mv TO lineage_walk AS
SELECT TenantId, Direction, cityHash64(InstanceId) AS Id, cityHash64(OtherInstanceId) AS Other,
       InstanceId, OtherInstanceId, Kind, Evidence, Seen
FROM lineage_edges;

-- Edges written before this migration (the view sees only new inserts; a row also inserted through
-- the view meanwhile collapses with its copy: same sorting key).
INSERT INTO lineage_walk
SELECT TenantId, Direction, cityHash64(InstanceId) AS Id, cityHash64(OtherInstanceId) AS Other,
       InstanceId, OtherInstanceId, Kind, Evidence, Seen
FROM lineage_edges;
