package dev.wake.launcher;

import dev.wake.core.ConfigException;
import dev.wake.core.Env;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import java.nio.file.Path;
import java.sql.Connection;

/**
 * Entry point of {@code ./wake}. Commands: {@code up} (run everything in the foreground) and
 * {@code migrate} (apply the schema to the configured ClickHouse, which must be running).
 */
public final class Wake {
  private Wake() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "help" : args[0];
    Path home = Path.of(System.getProperty("wake.home", ".")).toAbsolutePath().normalize();
    try {
      switch (command) {
        case "up" -> new Up(WakeConfig.from(Env.system(), home)).run();
        case "migrate" -> migrate(WakeConfig.from(Env.system(), home));
        case "help", "-h", "--help" -> usage();
        default -> {
          System.err.println("Unknown command '" + command + "'.");
          usage();
          System.exit(2);
        }
      }
    } catch (ConfigException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("Wake could not start: " + e.getMessage());
      if (Boolean.getBoolean("wake.debug")) {
        e.printStackTrace();
      }
      System.exit(1);
    }
    System.exit(0);
  }

  private static void migrate(WakeConfig config) throws Exception {
    String url = config.clickHouseUrl() != null ? config.clickHouseUrl()
        : "http://" + config.host() + ":" + config.clickHousePort();
    ClickHouseTarget target = new ClickHouseTarget(url, config.clickHouseUser(), config.clickHousePassword());
    SchemaMigrator migrator = SchemaMigrator.bundled();
    try (Connection connection = target.connect("default")) {
      int applied = migrator.migrate(connection, SchemaMigrator.DATABASE, System.out::println);
      System.out.println("Schema at version " + migrator.latestVersion() + " (" + applied + " applied) on " + url);
      config.retention().apply(connection, SchemaMigrator.DATABASE).forEach(change ->
          System.out.println("Retention changed: " + change));
    }
  }

  private static void usage() {
    System.out.println(String.join(System.lineSeparator(),
        "Usage: ./wake <command>",
        "  up        start Kafka, ClickHouse, the schema and every Wake service; Ctrl-C stops them",
        "  migrate   apply the schema to the ClickHouse that WAKE_CLICKHOUSE_URL (or the embedded port) names",
        "Configuration: environment variables, see README.md."));
  }
}
