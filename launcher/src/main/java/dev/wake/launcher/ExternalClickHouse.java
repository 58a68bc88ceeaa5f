package dev.wake.launcher;

import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.storage.ClickHouseTarget;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/** A ClickHouse Wake does not run ({@code WAKE_CLICKHOUSE_URL}): start and check only reach it. */
final class ExternalClickHouse implements Component {
  private final ClickHouseTarget target;

  ExternalClickHouse(ClickHouseTarget target) {
    this.target = target;
  }

  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public void start() {
    CheckResult result = check();
    if (!result.ok()) {
      throw new IllegalStateException(result.detail()
          + ": check WAKE_CLICKHOUSE_URL, WAKE_CLICKHOUSE_USER and WAKE_CLICKHOUSE_PASSWORD");
    }
  }

  @Override
  public CheckResult check() {
    try (Connection connection = target.connect("default");
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT 1")) {
      return rs.next() ? CheckResult.OK : CheckResult.failed("ClickHouse answered no row");
    } catch (Exception e) {
      return CheckResult.failed("ClickHouse at " + target.httpUrl() + " unreachable: " + e.getMessage());
    }
  }

  @Override
  public void close() {}
}
