package dev.wake.writer;

import static dev.wake.writer.ColumnTypesTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowsTest {

  @Test
  void rows_fieldsInFirstRowOrder_encodeBackToBackAndNameTheColumns() throws Exception {
    Rows rows = rows();
    rows.begin().str("S", "é").num("N", -2).time("T", 1_700_000_000_123_456_789L)
        .maps("M", List.of(Map.of("a", "b"), Map.of())).end();
    rows.begin().str("S", "").num("N", 1).time("T", -1).maps("M", List.of()).end();

    byte[] expected = hex("02 c3 a9" + " fe ff ff ff" + " 15 cd 85 3d fe 9c 97 17" + " 02 01 01 61 01 62 00"
        + " 00" + " 01 00 00 00" + " 00 00 00 00 00 00 00 00" + " 00");
    assertThat(rows.toByteArray()).isEqualTo(expected);
    assertThat(rows.stream().readAllBytes()).isEqualTo(expected);
    assertThat(rows.bytes()).isEqualTo(expected.length);
    assertThat(rows.rows()).isEqualTo(2);
    assertThat(rows.columns()).containsExactly("S", "N", "T", "M");
    assertThat(rows.table().name()).isEqualTo("t");
  }

  @Test
  void laterRow_columnsInAnotherOrder_throwsNamingTableRowAndColumn() {
    Rows rows = rows();
    rows.begin().str("S", "x").num("N", 1).end();

    assertThatThrownBy(() -> rows.begin().num("N", 1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("t row 2 writes column N where the first row wrote S");
  }

  @Test
  void laterRow_missingOrExtraColumn_throws() {
    Rows rows = rows();
    rows.begin().str("S", "x").num("N", 1).end();

    assertThatThrownBy(() -> rows.begin().str("S", "y").end()).isInstanceOf(IllegalStateException.class)
        .hasMessage("t row 2 ends before column N, which the first row writes next");
    assertThatThrownBy(() -> rows.begin().str("S", "y").num("N", 2).maps("M", List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("t row 2 writes column M where the first row wrote no more columns");
  }

  @Test
  void firstRow_unknownOrRepeatedColumn_throws() {
    assertThatThrownBy(() -> rows().begin().str("Nope", "x")).isInstanceOf(SchemaMismatch.class)
        .hasMessageStartingWith("table t has no column Nope: migrate the schema");
    assertThatThrownBy(() -> rows().begin().str("S", "x").str("S", "y")).isInstanceOf(IllegalStateException.class)
        .hasMessage("t row 1 writes column S twice");
    assertThatThrownBy(() -> rows().str("S", "x")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a row");
  }

  @Test
  void column_writtenWithTheWrongMethod_throwsNamingIt() {
    assertThatThrownBy(() -> rows().begin().num("S", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("db.t.S is String: it cannot take an integer");
  }

  @Test
  void unfinishedRow_isDroppedByTheNextBegin() {
    Rows rows = rows();
    rows.begin().str("S", "x").num("N", 1).end();
    int oneRow = rows.bytes();
    assertThatThrownBy(() -> rows.begin().str("S", "half").str("N", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThat(rows.bytes()).isEqualTo(oneRow);

    rows.begin().str("S", "y").num("N", 2).end();

    assertThat(rows.rows()).isEqualTo(2);
    assertThat(rows.toByteArray()).isEqualTo(hex("01 78 01 00 00 00 01 79 02 00 00 00"));
  }

  @Test
  void firstRow_unfinished_leavesNoColumnList() {
    Rows rows = rows();
    assertThatThrownBy(() -> rows.begin().str("S", "x").str("Nope", "y")).isInstanceOf(IllegalStateException.class);

    rows.begin().num("N", 1).end();

    assertThat(rows.columns()).containsExactly("N");
    assertThat(rows.toByteArray()).isEqualTo(hex("01 00 00 00"));
  }

  /** Rows of table {@code t}: S String, N Int32, T DateTime64(9), M Array(Map(LowCardinality(String), String)). */
  static Rows rows() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("S", "String");
    columns.put("N", "Int32");
    columns.put("T", "DateTime64(9)");
    columns.put("M", "Array(Map(LowCardinality(String), String))");
    return new Rows(Schema.of("db", List.of("t"), Map.of("t", columns)).table("t"));
  }
}
