package dev.wake.devstack.clickhouse;

import com.sun.jna.Native;
import dev.wake.core.CheckResult;
import dev.wake.core.Component;
import dev.wake.devstack.Classpaths;
import dev.wake.devstack.JavaProcess;
import dev.wake.devstack.Ports;
import dev.wake.devstack.chdb.ClickHouseHttpServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real ClickHouse engine (chDB) served over ClickHouse's HTTP interface by {@link
 * ClickHouseHttpServer} in a child JVM. {@link #start()} fetches the engine if needed and blocks
 * until the server answers; {@link #close()} stops it cleanly, its data stays in the data dir.
 */
public final class EmbeddedClickHouse implements Component {
  private final ClickHouseSettings settings;
  private final Consumer<String> progress;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private JavaProcess process;
  private int port;
  private String version;

  public EmbeddedClickHouse(ClickHouseSettings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "clickhouse";
  }

  @Override
  public void start() throws IOException, InterruptedException {
    if (process != null) {
      throw new IllegalStateException("already started");
    }
    Ports.requireFree(settings.host(), settings.port(), "ClickHouse", "WAKE_CLICKHOUSE_PORT");
    Path library = ChdbDistribution.ensure(settings.cacheDir(), progress);
    Path data = settings.dataDir().resolve("clickhouse");
    Files.createDirectories(data);
    process = JavaProcess.start(
        "clickhouse",
        List.of(Classpaths.of(ClickHouseHttpServer.class), Classpaths.of(Native.class), Classpaths.of(Component.class)),
        List.of("-Xrs", "-Xmx" + settings.heapMb() + "m", "-XX:+UseSerialGC", "-Djna.nosys=true",
            // Small responses otherwise wait ~40 ms for delayed ACKs (Nagle).
            "-Dsun.net.httpserver.nodelay=true"),
        ClickHouseHttpServer.class.getName(),
        List.of(settings.host(), Integer.toString(settings.port()), data.toString(), library.toString(),
            Integer.toString(settings.connections())),
        Map.of("LD_PRELOAD", libjsig(),
            "WAKE_CLICKHOUSE_USER", settings.user(),
            "WAKE_CLICKHOUSE_PASSWORD", settings.password()),
        settings.dataDir().resolve("logs").resolve("clickhouse.log"));
    String ready = process.awaitLine(line -> line.startsWith("READY "), line -> line.startsWith("ERROR "),
        Duration.ofMinutes(2));
    String[] words = ready.split(" ");
    port = Integer.parseInt(words[1]);
    version = words.length > 3 ? words[3] : "?";
  }

  /**
   * chDB resets SIGSEGV and other handlers the JVM relies on; libjsig keeps the JVM's handlers
   * first and chains the library's behind them.
   */
  private static String libjsig() throws IOException {
    Path home = Path.of(System.getProperty("java.home"));
    for (Path candidate : List.of(home.resolve("lib/libjsig.so"), home.resolve("lib/server/libjsig.so"))) {
      if (Files.exists(candidate)) {
        return candidate.toString();
      }
    }
    throw new IOException("The JDK at " + home + " has no lib/libjsig.so, which the embedded ClickHouse needs;"
        + " use a full JDK 17+ or set WAKE_CLICKHOUSE_URL to a ClickHouse server");
  }


  /** The HTTP endpoint, e.g. {@code http://127.0.0.1:8123}; valid after {@link #start()}. */
  public URI httpUri() {
    return URI.create("http://" + settings.host() + ":" + port);
  }

  /** The server process's id; valid after {@link #start()}. */
  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** ClickHouse's version as the engine reports it, e.g. {@code 26.5.1.1}. */
  public String version() {
    return version;
  }

  @Override
  public CheckResult check() {
    if (process == null || !process.isAlive()) {
      return CheckResult.failed("embedded ClickHouse is not running; see " + settings.dataDir().resolve("logs/clickhouse.log"));
    }
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(httpUri().resolve("/ping")).timeout(Duration.ofSeconds(2)).build(),
          HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? CheckResult.OK
          : CheckResult.failed("ClickHouse /ping answered " + response.statusCode());
    } catch (IOException e) {
      return CheckResult.failed("ClickHouse at " + httpUri() + " unreachable: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CheckResult.failed("interrupted");
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
