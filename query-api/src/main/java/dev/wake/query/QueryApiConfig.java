package dev.wake.query;

import dev.wake.core.Env;
import java.nio.file.Path;

/**
 * Settings of the query API, read from the environment once (defaults here and in the README).
 *
 * @param host address to listen on ({@code WAKE_BIND}, 127.0.0.1)
 * @param port HTTP port ({@code WAKE_HTTP_PORT}, 8080; 0 picks a free one)
 * @param tokensFile {@code token=tenant} lines shared with the collector ({@code WAKE_COLLECTOR_TOKENS_FILE}),
 *     or null: every caller is tenant {@code default}
 * @param sqlMaxRows rows an audit SQL answer carries at most ({@code WAKE_SQL_MAX_ROWS}, 10,000)
 * @param sqlMaxSeconds ClickHouse's {@code max_execution_time} for audit SQL ({@code WAKE_SQL_MAX_SECONDS}, 30)
 * @param sqlMaxMemoryMb ClickHouse's {@code max_memory_usage} for audit SQL ({@code WAKE_SQL_MAX_MEMORY_MB}, 1,024)
 * @param lineageKeepNodes whole-chain lineage answers of at least this many agents are kept and
 *     served again while their tree is unchanged ({@link LineageAnswers}; {@code WAKE_LINEAGE_KEEP_NODES},
 *     1,000; 0 keeps none)
 * @param lineageQuietSeconds a tree with no change for this long gets its whole-chain answer kept
 *     before anyone asks ({@link LineagePrecompute}; {@code WAKE_LINEAGE_QUIET_SECONDS}, 30; 0: only
 *     answers asked for are kept)
 */
public record QueryApiConfig(String host, int port, Path tokensFile, int sqlMaxRows, int sqlMaxSeconds,
    int sqlMaxMemoryMb, int lineageKeepNodes, int lineageQuietSeconds) {

  /** Defaults for {@code host} and {@code port}: no tokens, the default limits. */
  public QueryApiConfig(String host, int port) {
    this(host, port, null, 10_000, 30, 1_024, 1_000, 30);
  }

  /** Reads the variables above; problems are recorded in {@code env}. */
  public static QueryApiConfig from(Env env, String host, int port) {
    return new QueryApiConfig(host, port, env.path("WAKE_COLLECTOR_TOKENS_FILE", null),
        env.integer("WAKE_SQL_MAX_ROWS", 10_000, 1, 1_000_000),
        env.integer("WAKE_SQL_MAX_SECONDS", 30, 1, 3_600),
        env.integer("WAKE_SQL_MAX_MEMORY_MB", 1_024, 16, 1_048_576),
        env.integer("WAKE_LINEAGE_KEEP_NODES", 1_000, 0, LineageHandler.MAX_NODES),
        env.integer("WAKE_LINEAGE_QUIET_SECONDS", 30, 0, 86_400));
  }

  /** The same settings with a tokens file (tests). */
  public QueryApiConfig withTokensFile(Path file) {
    return new QueryApiConfig(host, port, file, sqlMaxRows, sqlMaxSeconds, sqlMaxMemoryMb, lineageKeepNodes,
        lineageQuietSeconds);
  }

  /**
   * The same settings keeping lineage answers of at least {@code nodes} agents, and those of trees
   * quiet for {@code quietSeconds} before anyone asks (0: not) (tests, benchmarks).
   */
  public QueryApiConfig withLineageKeeping(int nodes, int quietSeconds) {
    return new QueryApiConfig(host, port, tokensFile, sqlMaxRows, sqlMaxSeconds, sqlMaxMemoryMb, nodes, quietSeconds);
  }
}
