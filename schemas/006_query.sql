-- What the query API needs beyond the writer's tables.

-- Gaps of a lineage are an instance's references that never resolved: read by instance.
ALTER TABLE lineage_refs ADD INDEX IF NOT EXISTS idx_instance InstanceId TYPE bloom_filter(0.01) GRANULARITY 1;

-- Every audit SQL query, allowed or refused, in order per tenant. Hash = SHA-256 of the previous
-- entry's Hash and this entry's fields (query-api AuditLog), so an edited or deleted row breaks the
-- chain. No TTL: compliance records are kept until an operator decides otherwise.
CREATE TABLE IF NOT EXISTS audit_log (
    TenantId LowCardinality(String),
    Seq UInt64,
    At DateTime64(9),
    Who String,
    Sql String,
    Outcome LowCardinality(String),
    Reason String,
    RowCount UInt64,
    ElapsedMs UInt64,
    PrevHash String,
    Hash String
) ENGINE = MergeTree
ORDER BY (TenantId, Seq)
SETTINGS non_replicated_deduplication_window = 10000;
