package dev.wake.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Where a ClickHouse is and how to log in, as given by {@code WAKE_CLICKHOUSE_URL},
 * {@code WAKE_CLICKHOUSE_USER} and {@code WAKE_CLICKHOUSE_PASSWORD}.
 *
 * @param httpUrl ClickHouse's HTTP endpoint, e.g. {@code http://127.0.0.1:8123}
 */
public record ClickHouseTarget(String httpUrl, String user, String password) {

  /** A JDBC URL for {@code database}; {@code compress=false} because the embedded server has no LZ4 framing. */
  public String jdbcUrl(String database) {
    String base = httpUrl.endsWith("/") ? httpUrl.substring(0, httpUrl.length() - 1) : httpUrl;
    return "jdbc:clickhouse:" + base + "/" + database + "?compress=false";
  }

  /** A new JDBC connection to {@code database}; the caller closes it. */
  public Connection connect(String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    return DriverManager.getConnection(jdbcUrl(database), props);
  }

  @Override
  public String toString() {
    return "ClickHouseTarget[" + httpUrl + ", user=" + user + "]"; // never the password
  }
}
