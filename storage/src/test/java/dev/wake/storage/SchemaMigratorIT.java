package dev.wake.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.wake.testing.TestClickHouse;
import dev.wake.testing.WakeStackExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class SchemaMigratorIT {

  @Test
  void migrate_twice_appliesEachMigrationOnce(TestClickHouse ch) throws Exception {
    SchemaMigrator migrator = SchemaMigrator.bundled();
    List<String> progress = new ArrayList<>();
    try (Connection c = ch.connect()) {
      migrator.migrate(c, ch.database(), progress::add);
      int again = migrator.migrate(c, ch.database(), progress::add);
      assertThat(again).isZero();
      assertThat(SchemaMigrator.currentVersion(c, ch.database())).isEqualTo(migrator.latestVersion());
    }
  }

  @Test
  void migrate_newerSchemaThanKnown_isRefused(TestClickHouse ch) throws Exception {
    SchemaMigrator migrator = SchemaMigrator.bundled();
    try (Connection c = ch.connect(); Statement s = c.createStatement()) {
      migrator.migrate(c, ch.database(), line -> { });
      s.execute("INSERT INTO " + ch.database() + ".schema_migrations (version, name) VALUES (9999, 'from_the_future')");
      try {
        assertThatThrownBy(() -> migrator.migrate(c, ch.database(), line -> { }))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("version 9999");
      } finally {
        s.execute("DELETE FROM " + ch.database() + ".schema_migrations WHERE version = 9999");
      }
    }
  }
}
