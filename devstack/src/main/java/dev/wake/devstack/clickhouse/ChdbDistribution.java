package dev.wake.devstack.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The pinned chDB engine (libchdb.so, ClickHouse 26.x): fetched once with the machine's own npm
 * client ({@code npm pack}, so npm's configured registry is used), checked against a pinned
 * SHA-256, and cached under {@code <cache dir>/chdb/<version>/}.
 *
 * <p>Safe to call from several processes at once: a file lock serializes the download.
 */
public final class ChdbDistribution {
  public static final String PACKAGE = "@chdb/lib-linux-x64-gnu";
  public static final String VERSION = "26.5.3";
  /** SHA-256 of the npm tarball {@code chdb-lib-linux-x64-gnu-26.5.3.tgz}. */
  static final String TARBALL_SHA256 = "b874e449710950da3abd7e20376f7bb3387d9e03adcc7082f022be18dfdf316a";
  static final String LIBRARY = "libchdb.so";
  private static final int STEP_TIMEOUT_MINUTES = 15;

  private ChdbDistribution() {}

  /**
   * Returns the path of libchdb.so, fetching it first when the cache lacks it. Blocks; a first
   * fetch moves about 170 MB.
   *
   * @param cacheDir Wake's cache dir (e.g. {@code ~/.cache/wake})
   * @param progress receives one line per step, for the user
   */
  public static Path ensure(Path cacheDir, Consumer<String> progress) throws IOException, InterruptedException {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      throw new IOException("The embedded ClickHouse (chDB) is published for Linux x86-64 only; this is "
          + os + "/" + arch + ". Point Wake at a ClickHouse server with WAKE_CLICKHOUSE_URL instead.");
    }
    Path dir = cacheDir.resolve("chdb").resolve(VERSION);
    Path library = dir.resolve(LIBRARY);
    Path verified = dir.resolve(LIBRARY + ".verified");
    if (Files.exists(verified) && Files.exists(library)) {
      return library;
    }
    Files.createDirectories(dir);
    try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.lock()) {
      if (Files.exists(verified) && Files.exists(library)) {
        return library; // another process fetched it while we waited
      }
      fetch(dir, progress);
      Files.writeString(verified, TARBALL_SHA256 + "\n");
      return library;
    }
  }

  private static void fetch(Path dir, Consumer<String> progress) throws IOException, InterruptedException {
    Path work = Files.createTempDirectory(dir, "fetch-");
    try {
      progress.accept("Fetching the ClickHouse engine (" + PACKAGE + "@" + VERSION + ", about 170 MB) with npm...");
      long started = System.nanoTime();
      run(List.of("npm", "pack", PACKAGE + "@" + VERSION, "--pack-destination", work.toString(), "--silent"),
          work, "npm (Node 18+) fetches the ClickHouse engine; install Node.js with npm,"
              + " or set WAKE_CLICKHOUSE_URL to use a ClickHouse server instead");
      Path tarball;
      try (var files = Files.list(work)) {
        tarball = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
            .orElseThrow(() -> new IOException("npm pack produced no tarball in " + work));
      }
      String actual = sha256(tarball);
      if (!actual.equals(TARBALL_SHA256)) {
        throw new IOException("The ClickHouse engine tarball has SHA-256 " + actual + " but Wake pins "
            + TARBALL_SHA256 + " for " + PACKAGE + "@" + VERSION + "; refusing to use it.");
      }
      progress.accept(String.format("Fetched and verified in %.1f s; unpacking libchdb.so...",
          (System.nanoTime() - started) / 1e9));
      run(List.of("tar", "-xzf", tarball.toString(), "-C", work.toString(), "package/" + LIBRARY),
          work, "tar is needed to unpack the ClickHouse engine");
      Files.move(work.resolve("package").resolve(LIBRARY), dir.resolve(LIBRARY),
          StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      deleteTree(work);
    }
  }

  private static void run(List<String> command, Path dir, String hint)
      throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(dir.resolve("output.log").toFile()).start();
    } catch (IOException e) {
      throw new IOException("Cannot run '" + command.get(0) + "': " + hint, e);
    }
    if (!process.waitFor(STEP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("'" + String.join(" ", command) + "' took longer than " + STEP_TIMEOUT_MINUTES + " minutes");
    }
    if (process.exitValue() != 0) {
      throw new IOException("'" + String.join(" ", command) + "' failed with exit code " + process.exitValue()
          + ":\n" + Files.readString(dir.resolve("output.log")).strip() + "\n(" + hint + ")");
    }
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
