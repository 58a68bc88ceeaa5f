package dev.wake.devstack.chdb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementsTest {

  @Test
  void isMultiStatement_oneStatementWithTrailingSemicolons_isSingle() {
    assertThat(Statements.isMultiStatement("SELECT 1")).isFalse();
    assertThat(Statements.isMultiStatement("SELECT 1;")).isFalse();
    assertThat(Statements.isMultiStatement("SELECT 1 ; ; -- done\n")).isFalse();
  }

  @Test
  void isMultiStatement_secondStatement_isMulti() {
    assertThat(Statements.isMultiStatement("SELECT 1; SELECT 2")).isTrue();
    assertThat(Statements.isMultiStatement("SELECT 1;/* x */DROP TABLE t")).isTrue();
  }

  @Test
  void isMultiStatement_semicolonsInLiteralsAndComments_areIgnored() {
    assertThat(Statements.isMultiStatement("SELECT ';' AS a, \"x;y\", `b;c` -- ; DROP\n")).isFalse();
    assertThat(Statements.isMultiStatement("SELECT 'it''s; fine', 'a\\'; b' /* ; */")).isFalse();
  }

  @Test
  void isMultiStatement_insertData_isNotScanned() {
    assertThat(Statements.isMultiStatement("INSERT INTO t FORMAT TSV\nx;y\t1\n;DROP TABLE t\n")).isFalse();
    assertThat(Statements.isMultiStatement("insert into t format RowBinary\n\u0001;\u0000")).isFalse();
  }

  @Test
  void skipSpaceAndComments_onlyComments_reachesEnd() {
    String sql = "  -- nothing\n /* at all */ # here";
    assertThat(Statements.skipSpaceAndComments(sql, 0)).isEqualTo(sql.length());
  }

  @Test
  void inlineInsertData_dataAfterTheFormatLine_startsAfterItsLineFeed() {
    String sql = "INSERT INTO t (a, `b`) FORMAT RowBinary\n\n\n\u0001";
    int[] at = Statements.inlineInsertData(sql);
    assertThat(at).containsExactly(sql.indexOf("FORMAT"), sql.indexOf("RowBinary") + "RowBinary".length() + 1);
    assertThat(sql.substring(at[1])).isEqualTo("\n\n\u0001"); // line feeds after the first one are data
  }

  @Test
  void inlineInsertData_dataOnTheFormatLine_startsAfterTheSpace() {
    String sql = "insert into t format JSONEachRow {\"a\":1}";
    assertThat(sql.substring(Statements.inlineInsertData(sql)[1])).isEqualTo("{\"a\":1}");
  }

  @Test
  void inlineInsertData_noDataOrNoInlineFormat_isNull() {
    assertThat(Statements.inlineInsertData("SELECT 1 FORMAT JSON")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t FORMAT RowBinary")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t FORMAT RowBinary\n")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t VALUES (1)")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t SELECT * FROM format(JSONEachRow, '{\"a\":1}')")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t FROM INFILE 'x.tsv' FORMAT TSV\n1")).isNull();
    assertThat(Statements.inlineInsertData("INSERT INTO t SELECT 'FORMAT TSV\n1'")).isNull();
  }
}
