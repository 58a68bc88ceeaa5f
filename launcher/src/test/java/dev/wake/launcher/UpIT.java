package dev.wake.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.core.Env;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./wake up} end to end: every part starts for real, /readyz turns 200, stop is clean. */
@Timeout(300)
class UpIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void up_embeddedStack_becomesReadyAndStopsCleanly() throws Exception {
    Path data = Files.createTempDirectory("wake-up-it-");
    Map<String, String> vars = Map.of(
        "WAKE_DATA_DIR", data.toString(),
        "WAKE_HTTP_PORT", "0", "WAKE_KAFKA_PORT", "0", "WAKE_KAFKA_CONTROLLER_PORT", "0",
        "WAKE_CLICKHOUSE_PORT", "0", "WAKE_OTLP_GRPC_PORT", "0", "WAKE_OTLP_HTTP_PORT", "0",
        "WAKE_WRITER_HTTP_PORT", "0");
    Up up = new Up(WakeConfig.from(new Env(vars), data));
    CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
      try {
        up.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<Integer> statuses = new ArrayList<>();
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline && !run.isDone()) {
        Thread.sleep(100);
        if (up.apiPort() > 0) {
          status = readyz(up.apiPort());
          if (statuses.isEmpty() || statuses.get(statuses.size() - 1) != status) {
            statuses.add(status);
          }
        }
      }
      assertThat(statuses).first().isEqualTo(503); // answers while parts still start
      assertThat(statuses).last().isEqualTo(200);
      assertThat(Files.readString(data.resolve("logs/clickhouse.log"))).contains("READY");
    } finally {
      up.stop();
      run.get();
    }
    assertThat(Files.readString(data.resolve("logs/clickhouse.log"))).contains("STOPPED");
  }

  private int readyz(int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
