package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The official ClickHouse JDBC driver against Wake's ClickHouse (embedded unless configured). */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class EmbeddedClickHouseJdbcIT {

  @Test
  void select_version_returnsModernClickHouse(TestClickHouse ch) throws SQLException {
    try (Connection c = ch.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version(), currentDatabase()")) {
      assertThat(rs.next()).isTrue();
      assertThat(Integer.parseInt(rs.getString(1).split("\\.")[0])).isGreaterThanOrEqualTo(24);
      assertThat(rs.getString(2)).isEqualTo(ch.database());
    }
  }

  @Test
  void dateTime64Nanos_roundTrip_keepsEveryDigit(TestClickHouse ch) throws SQLException {
    ch.execute("CREATE TABLE dt64 (id UInt32, ts DateTime64(9, 'UTC')) ENGINE = MergeTree ORDER BY id");
    Instant instant = Instant.parse("2026-11-22T01:02:03.123456789Z");
    try (Connection c = ch.connect()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO dt64 (id, ts) VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setObject(2, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        ps.executeUpdate();
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT ts, toUnixTimestamp64Nano(ts) FROM dt64 WHERE id = 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(instant);
        assertThat(rs.getLong(2)).isEqualTo(instant.getEpochSecond() * 1_000_000_000L + instant.getNano());
      }
    }
  }

  @Test
  void mapArrayNestedFixedString_roundTrip(TestClickHouse ch) throws SQLException {
    ch.execute("CREATE TABLE shapes (id UInt32, attrs Map(LowCardinality(String), String), tags Array(String),"
        + " events Nested(name String, at DateTime64(9)), code FixedString(4)) ENGINE = MergeTree ORDER BY id");
    ch.execute("INSERT INTO shapes VALUES (1, {'gen_ai.request.model':'m1','k\\'q':'v\\tx'}, ['a','b,c',''],"
        + " ['start','end'], ['2026-01-01 00:00:00.000000001','2026-01-01 00:00:01'], 'ab\\0\\0')");
    try (Connection c = ch.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT attrs, tags, events.name, code FROM shapes WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      @SuppressWarnings("unchecked")
      Map<String, String> attrs = (Map<String, String>) rs.getObject(1);
      assertThat(attrs).containsExactlyInAnyOrderEntriesOf(Map.of("gen_ai.request.model", "m1", "k'q", "v\tx"));
      Array tags = rs.getArray(2);
      assertThat((Object[]) tags.getArray()).containsExactly("a", "b,c", "");
      assertThat((Object[]) rs.getArray(3).getArray()).containsExactly("start", "end");
      assertThat(rs.getBytes(4)).containsExactly('a', 'b', 0, 0);
    }
  }

  @Test
  void uint64Edges_roundTrip(TestClickHouse ch) throws SQLException {
    ch.execute("CREATE TABLE u64 (v UInt64, i Int64) ENGINE = MergeTree ORDER BY v");
    BigInteger max = new BigInteger("18446744073709551615");
    try (Connection c = ch.connect()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO u64 (v, i) VALUES (?, ?)")) {
        ps.setObject(1, BigInteger.ZERO);
        ps.setLong(2, Long.MIN_VALUE);
        ps.addBatch();
        ps.setObject(1, max);
        ps.setLong(2, Long.MAX_VALUE);
        ps.addBatch();
        ps.setObject(1, BigInteger.ONE.shiftLeft(63));
        ps.setLong(2, -1);
        ps.addBatch();
        ps.executeBatch();
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v, i FROM u64 ORDER BY v")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, BigInteger.class)).isEqualTo(BigInteger.ZERO);
        assertThat(rs.getLong(2)).isEqualTo(Long.MIN_VALUE);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, BigInteger.class)).isEqualTo(BigInteger.ONE.shiftLeft(63));
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1, BigInteger.class)).isEqualTo(max);
        assertThat(rs.getLong(2)).isEqualTo(Long.MAX_VALUE);
        assertThat(rs.next()).isFalse();
      }
    }
  }

  @Test
  void preparedStatement_parametersBoundSafely(TestClickHouse ch) throws SQLException {
    ch.execute("CREATE TABLE people (id UInt32, name String) ENGINE = MergeTree ORDER BY id");
    ch.execute("INSERT INTO people VALUES (1, 'Alice'), (2, 'O''Hara'), (3, 'Bob')");
    try (Connection c = ch.connect();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM people WHERE name = ? OR id = ? ORDER BY id")) {
      ps.setString(1, "O'Hara");
      ps.setInt(2, 3);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(ids(rs)).containsExactly(2L, 3L);
      }
      ps.setString(1, "x' OR 1=1 --");
      ps.setInt(2, -1);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(ids(rs)).isEmpty();
      }
    }
  }

  @Test
  void sqlError_surfacesAsSqlExceptionWithClickHouseCode(TestClickHouse ch) throws SQLException {
    try (Connection c = ch.connect(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.executeQuery("SELECT * FROM no_such_table"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(60))
          .hasMessageContaining("no_such_table");
      assertThatThrownBy(() -> s.executeQuery("SELEC 1"))
          .isInstanceOf(SQLException.class)
          .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(62));
      try (ResultSet rs = s.executeQuery("SELECT 1")) {
        assertThat(rs.next()).isTrue(); // the connection is still usable
      }
    }
  }

  @Test
  void batchInsert_100kRows_allArrive(TestClickHouse ch) throws SQLException {
    ch.execute("CREATE TABLE spans (trace String, span UInt64, name LowCardinality(String), dur UInt64)"
        + " ENGINE = MergeTree ORDER BY (trace, span)");
    int rows = 100_000;
    try (Connection c = ch.connect()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO spans (trace, span, name, dur) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          ps.setString(1, "trace-" + (i / 10));
          ps.setLong(2, i);
          ps.setString(3, i % 3 == 0 ? "llm" : "tool");
          ps.setLong(4, i * 1000L);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(), sum(span), uniqExact(trace) FROM spans")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(rows);
        assertThat(rs.getLong(2)).isEqualTo((long) rows * (rows - 1) / 2);
        assertThat(rs.getLong(3)).isEqualTo(rows / 10);
      }
    }
  }

  private static List<Long> ids(ResultSet rs) throws SQLException {
    List<Long> ids = new java.util.ArrayList<>();
    while (rs.next()) {
      ids.add(rs.getLong(1));
    }
    return ids;
  }
}
