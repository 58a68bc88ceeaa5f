-- Wake's database. Later migrations add the trace, metric, log and lineage tables.
CREATE DATABASE IF NOT EXISTS wake;
