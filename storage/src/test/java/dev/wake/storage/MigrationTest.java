package dev.wake.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationTest {

  @Test
  void parse_commentsAndSeveralStatements_splitsAtLineEndingSemicolons() {
    Migration m = Migration.parse("007_tables.sql",
        "-- a comment; not a statement\nCREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory;\n\nCREATE VIEW b AS SELECT 1;\n");
    assertThat(m.version()).isEqualTo(7);
    assertThat(m.name()).isEqualTo("007_tables");
    assertThat(m.statements()).containsExactly(
        "CREATE TABLE a (x String DEFAULT ';')\nENGINE = Memory", "CREATE VIEW b AS SELECT 1");
  }

  @Test
  void parse_badName_isRefused() {
    assertThatThrownBy(() -> Migration.parse("tables.sql", "SELECT 1;"))
        .hasMessageContaining("NNN_description.sql");
  }
}
