package dev.wake.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The ClickHouse a test class gets: its own database, dropped after the class, reached through
 * the official ClickHouse JDBC driver.
 */
public final class TestClickHouse {
  private final TestStack stack;
  private final String database;
  private final java.util.List<String> extraDatabases = new java.util.concurrent.CopyOnWriteArrayList<>();

  TestClickHouse(TestStack stack, String database) {
    this.stack = stack;
    this.database = database;
  }

  /** This test class's database. */
  public String database() {
    return database;
  }

  /**
   * Names (and creates) another database for one test of the class, {@code <database>_<random>};
   * dropped with the class's database.
   */
  public String newDatabase() throws SQLException {
    String name = database + "_" + java.util.UUID.randomUUID().toString().substring(0, 8);
    runInDefault("CREATE DATABASE IF NOT EXISTS `" + name + "`");
    extraDatabases.add(name);
    return name;
  }

  /** ClickHouse's HTTP endpoint, e.g. {@code http://127.0.0.1:8123}. */
  public String httpUrl() {
    return stack.clickHouseUrl();
  }

  /** The embedded server's process id, or empty when the run uses an external ClickHouse. */
  public java.util.OptionalLong serverPid() {
    return stack.embeddedClickHouse() == null
        ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(stack.embeddedClickHouse().pid());
  }

  public String user() {
    return stack.user();
  }

  public String password() {
    return stack.password();
  }

  /** A JDBC URL for this class's database ({@code compress=false}: see the devstack RATIONALE). */
  public String jdbcUrl() {
    return "jdbc:clickhouse:" + stack.clickHouseUrl() + "/" + database + "?compress=false";
  }

  /** A new JDBC connection to this class's database; the caller closes it. */
  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", stack.user());
    props.setProperty("password", stack.password());
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  /** Runs one statement (DDL, INSERT ... VALUES) in this class's database. */
  public void execute(String sql) throws SQLException {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  void create() throws SQLException {
    runInDefault("CREATE DATABASE IF NOT EXISTS `" + database + "`");
  }

  void drop() throws SQLException {
    for (String extra : extraDatabases) {
      runInDefault("DROP DATABASE IF EXISTS `" + extra + "`");
    }
    runInDefault("DROP DATABASE IF EXISTS `" + database + "`");
  }

  private void runInDefault(String sql) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", stack.user());
    props.setProperty("password", stack.password());
    try (Connection connection = DriverManager.getConnection(
            "jdbc:clickhouse:" + stack.clickHouseUrl() + "/default?compress=false", props);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
