package dev.wake.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wake.devstack.clickhouse.ClickHouseSettings;
import dev.wake.devstack.clickhouse.EmbeddedClickHouse;
import dev.wake.query.QueryApi;
import dev.wake.query.QueryApiConfig;
import dev.wake.storage.ClickHouseTarget;
import dev.wake.storage.SchemaMigrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * {@code ./wake bench query}: a generated dataset ({@link QueryDataset}: 10M spans, 100 spawn trees
 * of 10,000 agents 50 levels deep) in the embedded ClickHouse, then the real query API timed over
 * HTTP (p50/p99 after warm-up) beside a full-scan query of the same answer in the same run: trace
 * by id, trace search (by service; by attribute), whole-chain lineage of a tree's root and of a
 * leaf 50 deep ({@link LineageBaseline}). Goals (p50): trace 30 ms, search 50 ms, 10k-agent lineage
 * 150 ms. {@code WAKE_BENCH_QUERY_TREES} (default 100) scales the dataset.
 */
final class QueryBench {
  static final int WARM_UP = 3;
  static final int ITERATIONS = 30;
  /** Lineage calls take seconds at this scale: fewer of them. */
  static final int LINEAGE_ITERATIONS = 10;
  static final int BASELINE_ITERATIONS = 3;
  static final int LINEAGE_BASELINE_ITERATIONS = 2;
  private static final String[] SERVICES = {"planner", "researcher", "coder", "reviewer", "tester"};
  private static final String[] TOOLS = {"web_search", "code_exec", "read_file", "write_file", "sql_query"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE_COLUMNS = """
      TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName, AgentInstanceId,
      toUnixTimestamp64Nano(Timestamp) AS StartNs, Duration, StatusCode, StatusMessage, SpanAttributes,
      ResourceAttributes, Events.Timestamp, Events.Name, Events.Attributes, Links.TraceId, Links.SpanId""";
  private static final String SUMMARY_COLUMNS = """
      TraceId, min(Timestamp) AS Start, max(toUnixTimestamp64Nano(Timestamp) + Duration) AS EndNs,
      argMin(SpanName, (ParentSpanId != '', Timestamp)) AS RootName, arraySort(groupUniqArray(ServiceName)) AS Services,
      uniqExactIf(AgentInstanceId, AgentInstanceId != '') AS Instances, count() AS Spans,
      countIf(StatusCode = 'Error') AS Errors, sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])) AS In,
      sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens'])) AS Out""";

  private final ClickHouseHttp ch;
  private final OkHttpClient http = new OkHttpClient.Builder().readTimeout(5, TimeUnit.MINUTES).build();
  private final String api;
  private final List<Result> results = new ArrayList<>();
  /** The {@code Wake-Lineage-Source} header of the last answer ({@link #get}), or null. */
  private String lastSource;

  /** One line of the table: the API's latencies beside the baseline's, and the goal (p50, ms; 0: none). */
  private record Result(String operation, Latencies api, Latencies baseline, double goalMs, String answer) {}

  private QueryBench(ClickHouseHttp ch, int apiPort) {
    this.ch = ch;
    this.api = "http://127.0.0.1:" + apiPort;
  }

  static void run() throws Exception {
    int trees = Integer.parseInt(System.getenv().getOrDefault("WAKE_BENCH_QUERY_TREES", "100"));
    String keep = System.getenv("WAKE_BENCH_QUERY_DIR");
    ScratchDir scratch = keep == null ? new ScratchDir("wake-bench-query-") : null;
    Path dir = keep == null ? scratch.path() : Path.of(keep);
    Path endFile = dir.resolve("bench-end-second");
    boolean reuse = Files.exists(endFile);
    long endSecond = reuse ? Long.parseLong(Files.readString(endFile).trim()) : System.currentTimeMillis() / 1000;
    QueryDataset data = new QueryDataset(trees, endSecond);
    System.out.printf("Query benchmark: %d cores, %,d spans, %,d agent instances in %d spawn trees of %,d (%d levels"
        + " below the root), over the day before %s%n", Runtime.getRuntime().availableProcessors(), data.spans(),
        (long) trees * QueryDataset.AGENTS_PER_TREE, trees, QueryDataset.AGENTS_PER_TREE, QueryDataset.LEVELS,
        Instant.ofEpochSecond(endSecond));
    try (AutoCloseable cleanUp = scratch == null ? () -> { } : scratch;
        EmbeddedClickHouse clickHouse = new EmbeddedClickHouse(new ClickHouseSettings("127.0.0.1", 0, dir,
        WriterBench.cacheDir(), "default", "", 4, 256), line -> System.out.println("  " + line))) {
      clickHouse.start();
      ClickHouseTarget target = new ClickHouseTarget(clickHouse.httpUri().toString(), "default", "");
      try (Connection c = target.connect("default")) {
        SchemaMigrator.bundled().migrate(c, SchemaMigrator.DATABASE, line -> { });
      }
      ClickHouseHttp ch = new ClickHouseHttp(clickHouse.httpUri());
      long started = System.nanoTime();
      if (reuse) {
        System.out.println("Reusing the dataset in " + dir + " (WAKE_BENCH_QUERY_DIR), generated for " + Instant.ofEpochSecond(endSecond));
      } else {
        System.out.println("Generating in ClickHouse " + clickHouse.version() + " (INSERT ... SELECT FROM numbers):");
        data.generate(ch, 10);
        if (keep != null) {
          Files.writeString(endFile, Long.toString(endSecond));
        }
      }
      System.out.printf("Dataset ready in %.0f s: %,d spans, %,d traces, %,d instances, %,d lineage edge rows, %,d refs;"
          + " otel_traces in %d parts%n", (System.nanoTime() - started) / 1e9,
          ch.number("SELECT count() FROM otel_traces"), ch.number("SELECT uniqExact(TraceId) FROM otel_traces_trace_id_ts"),
          ch.number("SELECT count() FROM agent_instances"), ch.number("SELECT count() FROM lineage_edges"),
          ch.number("SELECT count() FROM lineage_refs"),
          ch.number("SELECT count() FROM system.parts WHERE database = 'wake' AND table = 'otel_traces' AND active"));
      // What the writer would have recorded as changed for this data: every tree's root (each
      // instance's root, or itself) and each parent process nobody owns (the roots' parent pids);
      // a lineage answer kept in this run is validated against these. Answers kept by an earlier
      // run are dropped: the first read of each tree is timed as such.
      if (ch.number("SELECT count() FROM lineage_changes") == 0) {
        ch.execute("INSERT INTO lineage_changes (TenantId, Key, Changed) SELECT TenantId, Other, max(Seen)"
            + " FROM lineage_roots WHERE Direction = 'up' GROUP BY TenantId, Other"
            + " UNION ALL SELECT TenantId, concat('g:', Key), max(Seen) FROM lineage_refs WHERE Kind = 'process'"
            + " AND Key NOT IN (SELECT Key FROM lineage_keys) GROUP BY TenantId, Key");
      }
      ch.execute("TRUNCATE TABLE lineage_answers");
      // A fresh or reopened dataset's parts merge in the background; they would be timed with the first calls.
      ch.awaitMergesDone(java.time.Duration.ofMinutes(10));
      // Answers are kept when asked for, not ahead: each tree's first read is timed as such.
      try (QueryApi queryApi = new QueryApi(new QueryApiConfig("127.0.0.1", 0).withLineageKeeping(1_000, 0), Map::of)) {
        queryApi.start();
        queryApi.connect(target, SchemaMigrator.DATABASE);
        QueryBench bench = new QueryBench(ch, queryApi.port());
        bench.traces();
        bench.searches(endSecond);
        bench.lineage(data);
        bench.print();
        bench.breakdown(queryApi, target, "trace by id", "/api/v1/traces/" + ch.rows("SELECT TraceId FROM"
            + " otel_traces_trace_id_ts ORDER BY cityHash64(TraceId) LIMIT 1", Map.of()).get(0).get(0).asText());
        bench.breakdown(queryApi, target, "search service=", "/api/v1/traces?service=" + SERVICES[0] + "&start="
            + Instant.ofEpochSecond(endSecond - 3_600) + "&end=" + Instant.ofEpochSecond(endSecond) + "&limit=20");
        bench.breakdown(queryApi, target, "lineage of a tree's root", "/api/v1/agents/" + data.root(ch, 0) + "/lineage");
        bench.breakdown(queryApi, target, "lineage of a leaf", "/api/v1/agents/" + data.leaf(ch, 0) + "/lineage");
      }
    }
  }

  private void traces() throws IOException {
    JsonNode ids = ch.rows("SELECT TraceId FROM otel_traces_trace_id_ts ORDER BY cityHash64(TraceId) LIMIT "
        + (WARM_UP + ITERATIONS), Map.of());
    Latencies apiTimes = new Latencies();
    Latencies baseline = new Latencies();
    Failures failures = new Failures();
    long spans = 0;
    int mismatches = 0;
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i).get(0).asText();
      JsonNode trace = get("/api/v1/traces/" + id, apiTimes, i, failures);
      spans += trace == null ? 0 : trace.get("spans").size();
      if (trace != null && i >= WARM_UP && i < WARM_UP + BASELINE_ITERATIONS) {
        long t0 = System.nanoTime();
        JsonNode rows = ch.rows("SELECT " + TRACE_COLUMNS + " FROM otel_traces WHERE TenantId = 'default' AND TraceId = '"
            + id + "' ORDER BY Timestamp, SpanId LIMIT 1 BY SpanId", fullScan());
        baseline.add(System.nanoTime() - t0);
        mismatches += rows.size() == trace.get("spans").size() ? 0 : 1;
      }
    }
    add("trace by id", apiTimes, baseline, 30, String.format("%.1f spans per trace; %d baseline answers differ%s",
        (double) spans / ids.size(), mismatches, failures));
  }

  private void searches(long endSecond) throws IOException {
    String start = Instant.ofEpochSecond(endSecond - 3_600).toString();
    String end = Instant.ofEpochSecond(endSecond).toString();
    String window = "Timestamp >= toDateTime64(" + (endSecond - 3_600) + ", 9) AND Timestamp <= toDateTime64("
        + endSecond + ", 9)";
    search("search service= (last hour)", i -> "service=" + SERVICES[i % SERVICES.length],
        i -> "ServiceName = '" + SERVICES[i % SERVICES.length] + "' AND " + window, start, end);
    search("search attr.gen_ai.tool.name= (last hour)", i -> "attr.gen_ai.tool.name=" + TOOLS[i % TOOLS.length],
        i -> "(SpanAttributes['gen_ai.tool.name'] = '" + TOOLS[i % TOOLS.length] + "' OR ResourceAttributes["
            + "'gen_ai.tool.name'] = '" + TOOLS[i % TOOLS.length] + "') AND " + window, start, end);
  }

  private void search(String name, java.util.function.IntFunction<String> filter,
      java.util.function.IntFunction<String> condition, String start, String end) throws IOException {
    Latencies apiTimes = new Latencies();
    Latencies baseline = new Latencies();
    Failures failures = new Failures();
    int mismatches = 0;
    long found = 0;
    for (int i = 0; i < WARM_UP + ITERATIONS; i++) {
      JsonNode page = get("/api/v1/traces?" + filter.apply(i) + "&start=" + start + "&end=" + end + "&limit=20",
          apiTimes, i, failures);
      found += page == null ? 0 : page.get("traces").size();
      if (page != null && i >= WARM_UP && i < WARM_UP + BASELINE_ITERATIONS) {
        String matches = condition.apply(i);
        long t0 = System.nanoTime();
        JsonNode rows = ch.rows("SELECT " + SUMMARY_COLUMNS + ", maxIf(Timestamp, " + matches + ") AS Newest"
            + " FROM otel_traces WHERE TenantId = 'default' GROUP BY TraceId HAVING countIf(" + matches + ") > 0"
            + " ORDER BY Newest DESC, TraceId DESC LIMIT 20", fullScan());
        baseline.add(System.nanoTime() - t0);
        mismatches += sameTraces(page.get("traces"), rows) ? 0 : 1;
      }
    }
    add(name, apiTimes, baseline, 50, String.format("%.1f traces per page; %d baseline answers differ%s",
        (double) found / (WARM_UP + ITERATIONS), mismatches, failures));
  }

  private static boolean sameTraces(JsonNode traces, JsonNode rows) {
    if (traces.size() != rows.size()) {
      return false;
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonNode trace = traces.get(i);
      JsonNode row = rows.get(i);
      if (!trace.get("traceId").asText().equals(row.get(0).asText())
          || trace.get("spanCount").asLong() != row.get(6).asLong()
          || trace.get("inputTokens").asLong() != row.get(8).asLong()) {
        return false;
      }
    }
    return true;
  }

  private void lineage(QueryDataset data) throws IOException, InterruptedException {
    LineageBaseline naive = new LineageBaseline(ch);
    lineage("lineage of a 10k-agent tree (root), first read", data, naive, true, 150);
    kept("lineage of a 10k-agent tree (root), kept", data, 150);
    lineage("lineage of a leaf 50 deep", data, naive, false, 0);
  }

  /**
   * The same roots as the first read, asked again once the API kept their answers (it keeps them
   * in the background after answering): only answers served kept are timed, the others counted.
   */
  private void kept(String name, QueryDataset data, double goalMs) throws IOException, InterruptedException {
    int asked = WARM_UP + LINEAGE_ITERATIONS;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long kept = -1;
    while (System.nanoTime() < deadline) { // until the keeper is idle: the count stopped growing
      Thread.sleep(2_000);
      long now = ch.number("SELECT count() FROM lineage_answers");
      if (now == kept || now >= asked) {
        break;
      }
      kept = now;
    }
    System.out.printf("  %d of %d first reads kept by the API%n", ch.number("SELECT count() FROM lineage_answers"), asked);
    Latencies apiTimes = new Latencies();
    Failures failures = new Failures();
    int notKept = 0;
    String answer = "";
    for (int i = 0; i < asked; i++) {
      Latencies one = new Latencies();
      JsonNode lineage = get("/api/v1/agents/" + data.root(ch, i % data.trees()) + "/lineage", one, WARM_UP, failures);
      if (lineage == null) {
        continue;
      }
      if (!"kept".equals(lastSource)) {
        notKept++;
      } else if (i >= WARM_UP) {
        apiTimes.add((long) (one.percentileMs(50) * 1e6));
        answer = String.format("API: %,d nodes, %,d edges, input tokens %,d", lineage.get("nodes").size(),
            lineage.get("edges").size(), lineage.get("totals").get("inputTokens").asLong());
      }
    }
    add(name, apiTimes, new Latencies(), goalMs, answer + "; answers not served kept: " + notKept + failures);
  }

  private void lineage(String name, QueryDataset data, LineageBaseline naive, boolean root, double goalMs)
      throws IOException {
    Latencies apiTimes = new Latencies();
    Latencies baseline = new Latencies();
    StringBuilder answers = new StringBuilder();
    List<Integer> counts = new ArrayList<>();
    Failures failures = new Failures();
    for (int i = 0; i < WARM_UP + LINEAGE_ITERATIONS; i++) {
      int tree = i % data.trees();
      String id = root ? data.root(ch, tree) : data.leaf(ch, tree);
      JsonNode lineage = get("/api/v1/agents/" + id + "/lineage", apiTimes, i, failures);
      if (lineage == null) {
        continue;
      }
      counts.add(lineage.get("nodes").size());
      if (answers.length() == 0) {
        answers.append(String.format("API: %,d nodes, %,d edges, %,d gaps, truncated %s, input tokens %,d",
            lineage.get("nodes").size(), lineage.get("edges").size(), lineage.get("gaps").size(),
            lineage.get("truncated").asBoolean(), lineage.get("totals").get("inputTokens").asLong()));
      }
      if (i >= WARM_UP && i < WARM_UP + LINEAGE_BASELINE_ITERATIONS) {
        long t0 = System.nanoTime();
        LineageBaseline.Answer answer = naive.walk(id);
        baseline.add(System.nanoTime() - t0);
        System.out.printf("  %s, tree %d: API %,d nodes; baseline %,d nodes, input tokens %,d, in %.1f s%n", name, tree,
            lineage.get("nodes").size(), answer.nodes(), answer.inputTokens(), (System.nanoTime() - t0) / 1e9);
      }
    }
    answers.append("; node counts seen: ").append(counts.stream().distinct().toList()).append(failures);
    add(name, apiTimes, baseline, goalMs, answers.toString());
  }

  private void add(String operation, Latencies apiTimes, Latencies baseline, double goalMs, String answer) {
    Result result = new Result(operation, apiTimes, baseline, goalMs, answer);
    results.add(result);
    System.out.printf("  %s: API p50 %.1f ms (%s)%n", operation, apiTimes.percentileMs(50), answer);
  }

  private void print() {
    System.out.printf("%n%-42s %10s %10s %14s %14s %12s%n", "operation (n API / baseline)", "API p50", "API p99",
        "baseline p50", "baseline p99", "goal p50");
    for (Result r : results) {
      String goal = r.goalMs() == 0 ? "-" : String.format("%.0f ms %s", r.goalMs(),
          r.api().percentileMs(50) <= r.goalMs() ? "met" : "missed");
      String baseline = r.baseline().count() == 0 ? String.format("%14s %14s", "-", "-") : String.format(
          "%11.1f ms %11.1f ms", r.baseline().percentileMs(50), r.baseline().percentileMs(99));
      System.out.printf("%-42s %7.1f ms %7.1f ms %s %12s%n",
          r.operation() + " (" + r.api().count() + "/" + r.baseline().count() + ")", r.api().percentileMs(50),
          r.api().percentileMs(99), baseline, goal);
    }
    System.out.println("Baselines: trace by id and search without skip indexes or the trace-id table, GROUP BY over"
        + " every span; lineage by self-joins on otel_traces level by level; query and condition caches off.");
  }

  /**
   * Where one API call's time goes: the API connected through a {@link StatementRecorder}, the call
   * made 3 times, its statements grouped by text (literals as {@code ?}), per call.
   */
  private void breakdown(QueryApi queryApi, ClickHouseTarget target, String name, String path) throws IOException {
    int calls = 3;
    Latencies latencies = new Latencies();
    List<StatementRecorder.Statement> statements;
    try (StatementRecorder recorder = new StatementRecorder(java.net.URI.create(target.httpUrl()))) {
      queryApi.connect(new ClickHouseTarget(recorder.uri().toString(), target.user(), target.password()),
          SchemaMigrator.DATABASE);
      for (int i = 0; i < calls; i++) {
        get(path, latencies, WARM_UP, new Failures());
      }
      statements = recorder.drain();
    } finally {
      queryApi.connect(target, SchemaMigrator.DATABASE);
    }
    Map<String, long[]> groups = new java.util.LinkedHashMap<>(); // text -> count, ns, server ns, rows
    long total = 0;
    for (StatementRecorder.Statement st : statements) {
      String text = st.sql().replaceAll("\\s+", " ").replaceAll("'[^']*'", "?");
      while (text.contains("?, ?") || text.contains("?,?")) { // a list as one ? (a regex overflows the stack)
        text = text.replace("?, ?", "?").replace("?,?", "?");
      }
      long[] g = groups.computeIfAbsent(text.length() > 120 ? text.substring(0, 120) : text, k -> new long[4]);
      g[0]++;
      g[1] += st.nanos();
      g[2] += st.serverNanos();
      g[3] += st.readRows();
      total += st.nanos();
    }
    System.out.printf("%nWhere the time of %s goes (%d calls through a recording proxy, per call): %.0f ms p50, of which"
        + " %.0f ms in %d ClickHouse statements (ClickHouse's own elapsed beside):%n", name, calls,
        latencies.percentileMs(50), total / 1e6 / calls, statements.size() / calls);
    groups.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(8)
        .forEach(e -> System.out.printf("  %5.1f x %8.1f ms (own %8.1f ms) %,11.0f rows  %s%n",
            (double) e.getValue()[0] / calls, e.getValue()[1] / 1e6 / calls, e.getValue()[2] / 1e6 / calls,
            (double) e.getValue()[3] / calls, e.getKey()));
  }

  private static Map<String, String> fullScan() {
    Map<String, String> settings = new java.util.HashMap<>(ClickHouseHttp.NO_CACHES);
    settings.put("use_skip_indexes", "0");
    return settings;
  }

  /**
   * Calls the API, adding the time to the whole answer (not its parsing) to {@code latencies} after
   * the warm-up; a failure is not timed but counted, its first message kept, and gives null.
   */
  private JsonNode get(String path, Latencies latencies, int iteration, Failures failures) throws IOException {
    long t0 = System.nanoTime();
    try (Response response = http.newCall(new Request.Builder().url(api + path).build()).execute()) {
      String body = response.body() == null ? "" : response.body().string();
      lastSource = response.header("Wake-Lineage-Source");
      if (response.code() != 200) {
        failures.add("GET " + path + " answered " + response.code() + ": " + body);
        return null;
      }
      if (iteration >= WARM_UP) {
        latencies.add(System.nanoTime() - t0);
      }
      return JSON.readTree(body);
    }
  }

  /** API calls that did not answer 200: how many, and the first one's message. */
  private static final class Failures {
    int count;
    String first;

    void add(String message) {
      if (count++ == 0) {
        first = message.length() > 600 ? message.substring(0, 600) + "..." : message;
        System.out.println("  FAILED: " + first);
      }
    }

    @Override
    public String toString() {
      return count == 0 ? "" : "; " + count + " calls failed, first: " + first;
    }
  }
}
