package dev.wake.writer;

import static dev.wake.writer.MetricsLogsSchemaIT.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.WakeStackExtension;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows of every supported column type, inserted through {@link ClickHouseStore#insert} into a
 * real ClickHouse and read back with the JDBC driver; and the schema the writer reads at start-up.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class RowBinaryIT {
  static final long T = 1_700_000_000_123_456_789L;

  @BeforeAll
  static void migrate(TestClickHouse ch) throws Exception {
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, ch.database(), line -> { });
    }
    ch.execute("CREATE TABLE every_type (Id UInt8, S String, Lc LowCardinality(String),"
        + " Saf SimpleAggregateFunction(max, UInt64), U8 UInt8, U16 UInt16, U32 UInt32, U64 UInt64, I8 Int8, I16 Int16,"
        + " I32 Int32, I64 Int64, B Bool, B2 Boolean, F32 Float32, F64 Float64, Dt DateTime('UTC'), Dt64 DateTime64(9),"
        + " Dt3 DateTime64(3, 'UTC'), E8 Enum8('up' = 1, 'down' = 2), E16 Enum16('a' = 1000, 'b' = -1000),"
        + " Strs Array(String), Times Array(DateTime64(9)), Dbls Array(Float64), Uns Array(UInt64),"
        + " Secs Array(DateTime),"
        + " M Map(LowCardinality(String), String), Ms Array(Map(LowCardinality(String), String)),"
        + " N Nested(A String, B UInt64)) ENGINE = MergeTree ORDER BY Id");
  }

  @Test
  void insert_everySupportedType_readsBackEqual(TestClickHouse ch) throws Exception {
    try (ClickHouseStore store = store(ch)) {
      Rows rows = new Rows(store.schema(List.of("every_type")).table("every_type"));
      Map<String, String> map = new LinkedHashMap<>();
      map.put("k", "v");
      map.put("ключ", "värde 'q'");
      rows.begin().num("Id", 1).str("S", "plain é 에이전트 \"q\"\n\\").str("Lc", "lc").num("Saf", 42).num("U8", 200)
          .num("U16", 60_000).unsigned("U32", 4_000_000_000L).unsigned("U64", -1L).num("I8", -128).num("I16", -1000)
          .num("I32", -2).num("I64", Long.MIN_VALUE).num("B", 1).num("B2", 0).dbl("F32", 1.5).dbl("F64", 0.1)
          .num("Dt", 1_700_000_000).time("Dt64", T).time("Dt3", T).str("E8", "down").str("E16", "b")
          .strings("Strs", List.of("x", "y")).times("Times", new long[] {T, -1}).doubles("Dbls", List.of(0.5, -2.25))
          .unsignedArray("Uns", List.of(0L, Long.MIN_VALUE + 1)).unsignedArray("Secs", List.of(1_700_000_000L))
          .map("M", map).maps("Ms", List.of(Map.of("a", "b"), Map.of())).strings("N.A", List.of("n1"))
          .unsignedArray("N.B", List.of(7L)).end();
      rows.begin().num("Id", 2).str("S", "a".repeat(128)).str("Lc", "").num("Saf", 0).num("U8", 0).num("U16", 0)
          .unsigned("U32", 0).unsigned("U64", Long.MIN_VALUE + 1).num("I8", 127).num("I16", 32_767)
          .num("I32", Integer.MAX_VALUE).num("I64", Long.MAX_VALUE).num("B", 0).num("B2", 1).dbl("F32", -0.25)
          .dbl("F64", Double.NaN).num("Dt", 0).time("Dt64", 0).time("Dt3", -5).str("E8", "up").str("E16", "a")
          .strings("Strs", List.of()).times("Times", new long[0]).doubles("Dbls", List.of())
          .unsignedArray("Uns", List.of())
          .unsignedArray("Secs", List.of()).map("M", Map.of()).maps("Ms", List.of()).strings("N.A", List.of())
          .unsignedArray("N.B", List.of()).end();

      store.insert(rows, null);
    }

    assertThat(query(ch, "SELECT Id, S, Lc, Saf, U8, U16, U32, U64, I8, I16, I32, I64, toString(B), toString(B2),"
        + " toString(F32), toString(F64), toUnixTimestamp(Dt), toUnixTimestamp64Nano(Dt64),"
        + " toUnixTimestamp64Milli(Dt3),"
        + " toString(E8), toString(E16), toString(Strs), toString(arrayMap(t -> toUnixTimestamp64Nano(t), Times)),"
        + " toString(Dbls), toString(Uns), toString(arrayMap(t -> toUnixTimestamp(t), Secs)), toString(M),"
        + " toString(Ms), toString(N.A), toString(N.B) FROM every_type ORDER BY Id"))
        .containsExactly(
            List.of("1", "plain é 에이전트 \"q\"\n\\", "lc", "42", "200", "60000", "4000000000", "18446744073709551615",
                "-128", "-1000", "-2", "-9223372036854775808", "true", "false", "1.5", "0.1", "1700000000",
                "1700000000123456789", "1700000000123", "down", "b", "['x','y']", "[1700000000123456789,0]",
                "[0.5,-2.25]", "[0,9223372036854775809]", "[1700000000]", "{'k':'v','ключ':'värde \\'q\\''}",
                "[{'a':'b'},{}]", "['n1']", "[7]"),
            List.of("2", "a".repeat(128), "", "0", "0", "0", "0", "9223372036854775809", "127", "32767",
                "2147483647", "9223372036854775807", "false", "true", "-0.25", "nan", "0", "0", "0", "up", "a", "[]",
                "[]", "[]", "[]", "[]", "{}", "[]", "[]", "[]"));
  }

  @Test
  void schema_writerTables_matchTheBundledDdlTheUnitTestsUse(TestClickHouse ch) throws Exception {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    Map<String, List<String>> actual = new LinkedHashMap<>();
    Map<String, Map<String, String>> bundled = BundledSchema.columnTypes();
    try (ClickHouseStore store = store(ch)) {
      Schema schema = store.schema(Writer.TABLES);
      for (String table : Writer.TABLES) {
        expected.put(table, new ArrayList<>());
        bundled.get(table).forEach((name, type) -> expected.get(table).add(name + " " + type));
        actual.put(table, new ArrayList<>());
        schema.table(table).columns().values().forEach(c -> actual.get(table).add(c.name() + " " + c.type()));
      }
    }

    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void schema_unsupportedColumnOrMissingTable_failsNamingThem(TestClickHouse ch) throws Exception {
    String database = ch.newDatabase();
    try (Connection c = ch.connect()) {
      SchemaMigrator.bundled().migrate(c, database, line -> { });
    }
    ch.execute("ALTER TABLE " + database + ".lineage_edges ADD COLUMN Note Nullable(String)");
    try (ClickHouseStore store = new ClickHouseStore(target(ch), database)) {
      assertThatThrownBy(() -> store.schema(Writer.TABLES)).isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(database + ".lineage_edges.Note: ClickHouse type Nullable(String) is not supported");
      assertThatThrownBy(() -> store.schema(List.of("otel_traces", "nope"))).isInstanceOf(IllegalStateException.class)
          .hasMessage("table " + database + ".nope does not exist: run ./wake migrate");
    }
  }

  static ClickHouseStore store(TestClickHouse ch) {
    return new ClickHouseStore(target(ch), ch.database());
  }

  static ClickHouseTarget target(TestClickHouse ch) {
    return new ClickHouseTarget(ch.httpUrl(), ch.user(), ch.password());
  }
}
