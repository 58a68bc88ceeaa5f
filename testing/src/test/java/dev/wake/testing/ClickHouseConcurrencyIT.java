package dev.wake.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Several JDBC clients at once, and many requests in a row, against Wake's ClickHouse. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class ClickHouseConcurrencyIT {
  private static final int CLIENTS = 4;
  private static final int BATCHES = 25;
  private static final int ROWS_PER_BATCH = 200;
  private static final int REQUESTS_IN_A_ROW = 10_000;

  @Test
  void concurrentClients_insertAndSelect_eachSeesExactlyItsRows(TestClickHouse ch) throws Exception {
    ch.execute("CREATE TABLE events (client UInt32, seq UInt32, payload String)"
        + " ENGINE = MergeTree ORDER BY (client, seq)");
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Long>> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS; client++) {
        int id = client;
        clients.add(pool.submit(() -> {
          start.await();
          return insertAndCheck(ch, id);
        }));
      }
      start.countDown();
      for (Future<Long> client : clients) {
        assertThat(client.get(240, TimeUnit.SECONDS)).isEqualTo((long) BATCHES * ROWS_PER_BATCH);
      }
    } finally {
      pool.shutdownNow();
    }
    long perClient = (long) BATCHES * ROWS_PER_BATCH;
    try (Connection c = ch.connect(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT client, count(), sum(seq), uniqExact(payload) FROM events"
            + " GROUP BY client ORDER BY client")) {
      for (int client = 0; client < CLIENTS; client++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(client);
        assertThat(rs.getLong(2)).isEqualTo(perClient);
        assertThat(rs.getLong(3)).isEqualTo(perClient * (perClient - 1) / 2);
        assertThat(rs.getLong(4)).isEqualTo(perClient);
      }
      assertThat(rs.next()).isFalse();
    }
  }

  /** One client's work: batches of inserts, each followed by a read of what it wrote so far. */
  private static long insertAndCheck(TestClickHouse ch, int client) throws SQLException {
    try (Connection c = ch.connect();
        PreparedStatement insert = c.prepareStatement("INSERT INTO events (client, seq, payload) VALUES (?, ?, ?)");
        PreparedStatement select = c.prepareStatement(
            "SELECT count(), max(seq), sum(length(payload)) FROM events WHERE client = ?")) {
      long expectedLength = 0;
      int seq = 0;
      for (int batch = 0; batch < BATCHES; batch++) {
        for (int row = 0; row < ROWS_PER_BATCH; row++, seq++) {
          String payload = "client-" + client + "-row-" + seq;
          expectedLength += payload.length();
          insert.setInt(1, client);
          insert.setInt(2, seq);
          insert.setString(3, payload);
          insert.addBatch();
        }
        insert.executeBatch();
        select.setInt(1, client);
        try (ResultSet rs = select.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).as("client %d after batch %d", client, batch).isEqualTo(seq);
          assertThat(rs.getLong(2)).isEqualTo(seq - 1);
          assertThat(rs.getLong(3)).isEqualTo(expectedLength);
        }
      }
      return seq;
    }
  }

  @Test
  void selectOne_tenThousandTimesOnOneConnection_allSucceed(TestClickHouse ch) throws Exception {
    try (Connection c = ch.connect(); Statement s = c.createStatement()) {
      for (int i = 0; i < 500; i++) { // warm-up: pools, JIT, caches
        s.executeQuery("SELECT 1").close();
      }
    }
    ProcessFootprint before = ProcessFootprint.of(ch.serverPid());
    long started = System.nanoTime();
    int succeeded = 0;
    try (Connection c = ch.connect(); Statement s = c.createStatement()) {
      for (int i = 0; i < REQUESTS_IN_A_ROW; i++) {
        try (ResultSet rs = s.executeQuery("SELECT " + i)) {
          assertThat(rs.next()).as("request %d", i).isTrue();
          assertThat(rs.getInt(1)).isEqualTo(i);
          succeeded++;
        }
      }
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("[wake-testing] %d JDBC requests in a row: %d ms (%.2f ms each)%n",
        succeeded, elapsedMs, (double) elapsedMs / succeeded);
    assertThat(succeeded).isEqualTo(REQUESTS_IN_A_ROW);
    ProcessFootprint after = ProcessFootprint.of(ch.serverPid());
    System.out.printf("[wake-testing] server before %s, after %s%n", before, after);
    before.assertNoLeakTo(after);
  }

  @Test
  void concurrentClients_manySmallQueries_noneFails(TestClickHouse ch) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS * 2);
    try {
      List<Callable<Integer>> clients = new ArrayList<>();
      for (int client = 0; client < CLIENTS * 2; client++) {
        int id = client;
        clients.add(() -> {
          int ok = 0;
          try (Connection c = ch.connect(); Statement s = c.createStatement()) {
            for (int i = 0; i < 250; i++) {
              try (ResultSet rs = s.executeQuery("SELECT " + id + " * 1000 + " + i + ", currentDatabase()")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(id * 1000 + i);
                assertThat(rs.getString(2)).isEqualTo(ch.database());
                ok++;
              }
            }
          }
          return ok;
        });
      }
      for (Future<Integer> result : pool.invokeAll(clients, 240, TimeUnit.SECONDS)) {
        assertThat(result.get()).isEqualTo(250);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
