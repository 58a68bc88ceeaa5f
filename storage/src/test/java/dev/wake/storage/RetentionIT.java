package dev.wake.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.WakeStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class RetentionIT {

  @Test
  void apply_otherDays_setsEachTablesTtlOnce(TestClickHouse ch) throws Exception {
    String database = ch.newDatabase();
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, database, line -> { });
      assertThat(new Retention(30, 30, 30, 30).apply(c, database)).as("the DDL's own 30 days").isEmpty();

      Retention retention = new Retention(7, 14, 3, 60);
      assertThat(retention.apply(c, database)).hasSize(retention.ttls().size());
      assertThat(retention.apply(c, database)).isEmpty();

      assertThat(engine(c, database, "otel_traces")).contains("TTL toDateTime(Timestamp) + toIntervalDay(7)");
      assertThat(engine(c, database, "otel_metrics_gauge")).contains("TTL TimeUnix + toIntervalDay(14)");
      assertThat(engine(c, database, "otel_logs")).contains("TTL TimestampTime + toIntervalDay(3)");
      assertThat(engine(c, database, "lineage_edges")).contains("TTL toDateTime(Seen) + toIntervalDay(60)");
      assertThat(engine(c, database, "agent_instances")).contains("TTL toDateTime(LastSeen) + toIntervalDay(60)");
    }
  }

  private static String engine(Connection c, String database, String table) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT engine_full FROM system.tables WHERE database = '" + database + "' AND name = '" + table + "'")) {
      assertThat(rs.next()).isTrue();
      return rs.getString(1);
    }
  }
}
