package dev.wake.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies the numbered DDL files of {@code schemas/} (bundled as resources) that a database lacks,
 * in order, and records each in its {@code schema_migrations} table. Idempotent: applied versions
 * are skipped. Refuses a database whose schema is newer than this build knows. The files use
 * unqualified names, resolved in the database being migrated ({@link #DATABASE} in production).
 *
 * <p>Blocks; not thread-safe (run it once at start-up, or alone with {@code ./wake migrate}).
 */
public final class SchemaMigrator {
  /** Wake's database in production. */
  public static final String DATABASE = "wake";
  private static final String INDEX = "/dev/wake/schemas/INDEX";

  private final List<Migration> migrations;

  SchemaMigrator(List<Migration> migrations) {
    this.migrations = List.copyOf(migrations);
  }

  /** The migrations bundled with this build. */
  public static SchemaMigrator bundled() throws IOException {
    List<Migration> migrations = new ArrayList<>();
    for (String file : resource(INDEX).split("\n")) {
      if (!file.isBlank()) {
        migrations.add(Migration.parse(file.strip(), resource("/dev/wake/schemas/" + file.strip())));
      }
    }
    return new SchemaMigrator(migrations);
  }

  private static String resource(String path) throws IOException {
    try (InputStream in = SchemaMigrator.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("Missing resource " + path + ": rebuild Wake with ./mvnw");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The newest version this build knows. */
  public int latestVersion() {
    return migrations.stream().mapToInt(Migration::version).max().orElse(0);
  }

  /**
   * Brings {@code database} (created when missing) up to {@link #latestVersion()} and returns how
   * many migrations ran. The connection's current database is switched to {@code database}.
   *
   * @param connection a JDBC connection to ClickHouse (any current database)
   * @param database the database to migrate, {@link #DATABASE} in production
   * @param progress receives one line per applied migration
   * @throws SQLException when a statement fails, or the database is newer than this build
   */
  public int migrate(Connection connection, String database, Consumer<String> progress) throws SQLException {
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new SQLException("Database name '" + database + "' must be letters, digits and underscores");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE IF NOT EXISTS " + database);
      connection.setSchema(database);
      statement.execute("CREATE TABLE IF NOT EXISTS " + database + ".schema_migrations (version UInt32, name String,"
          + " applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version");
    }
    int current = currentVersion(connection, database);
    if (current > latestVersion()) {
      throw new SQLException("The ClickHouse schema is at version " + current + " but this Wake knows only up to "
          + latestVersion() + ": run a newer Wake against it.");
    }
    int applied = 0;
    for (Migration migration : migrations) {
      if (migration.version() <= current) {
        continue;
      }
      try (Statement statement = connection.createStatement()) {
        for (String sql : migration.statements()) {
          statement.execute(sql);
        }
      }
      try (PreparedStatement record = connection.prepareStatement(
          "INSERT INTO " + database + ".schema_migrations (version, name) VALUES (?, ?)")) {
        record.setInt(1, migration.version());
        record.setString(2, migration.name());
        record.executeUpdate();
      }
      progress.accept("Applied schema migration " + migration.name());
      applied++;
    }
    return applied;
  }

  /** The highest version applied to {@code database}, 0 for an empty one. */
  public static int currentVersion(Connection connection, String database) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT max(version) FROM " + database + ".schema_migrations")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }
}
