package dev.wake.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaTest {

  @Test
  void of_supportedTypes_keepsColumnsInTableOrder() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("B", "String");
    columns.put("A", "Enum8('up' = 1, 'down' = 2)");

    Schema.Table table = Schema.of("db", List.of("t"), Map.of("t", columns)).table("t");

    assertThat(table.columns().keySet()).containsExactly("B", "A");
    assertThat(table.column("A").type()).isEqualTo("Enum8('up' = 1, 'down' = 2)");
  }

  @Test
  void of_unsupportedType_namesDatabaseTableColumnAndType() {
    assertThatThrownBy(() -> Schema.of("db", List.of("t"), Map.of("t", Map.of("C", "Nullable(String)"))))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("db.t.C: ClickHouse type Nullable(String)"
            + " is not supported by the writer's RowBinary encoder");
  }

  @Test
  void of_missingTable_saysToMigrate() {
    assertThatThrownBy(() -> Schema.of("db", List.of("t", "u"), Map.of("t", Map.of("C", "String"))))
        .isInstanceOf(IllegalStateException.class).hasMessage("table db.u does not exist: run ./wake migrate");
  }

  @Test
  void table_notRead_throws() {
    Schema schema = Schema.of("db", List.of(), Map.of());

    assertThatThrownBy(() -> schema.table("t")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no schema read for table t");
  }

  @Test
  void bundledSchema_everyWriterTable_parses() {
    Schema schema = BundledSchema.writer();

    assertThat(schema.table(Lineage.EDGES).column("Direction").type()).isEqualTo("Enum8('up' = 1, 'down' = 2)");
    assertThat(schema.table(SpanRows.TABLE).column("Events.Timestamp").type()).isEqualTo("Array(DateTime64(9))");
    assertThat(schema.table(MetricRows.SUM).column("IsMonotonic").type()).isEqualTo("Bool");
  }
}
