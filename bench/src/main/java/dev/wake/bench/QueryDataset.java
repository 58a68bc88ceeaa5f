package dev.wake.bench;

import java.io.IOException;

/**
 * The query benchmark's data, generated inside ClickHouse ({@code INSERT ... SELECT FROM numbers})
 * as the writer would have stored it: {@code trees} spawn trees of {@link #AGENTS_PER_TREE} agent
 * instances, 10 spans each, over the day before {@code endSecond}, tenant {@code default}.
 *
 * <p>A tree is a root agent and 50 levels of about 200 agents, each agent's parent one of the level
 * above (picked by hash), on its own host ({@code node-<tree>}, pid 1000 + position, parent pid the
 * parent's; the root's parent pid 1 sends nothing). Agents of odd levels start a new trace with a
 * span link to their parent's {@code spawn_agent} span; agents of even levels continue their
 * parent's trace, their first span a child of that span. Spans per agent: {@code invoke_agent},
 * then alternating {@code chat} (model, tokens) and {@code execute_tool} (the 8th spawns); 2% errors.
 * Everything is a hash of (tree, position, span): the same data every run.
 *
 * <p>Per chunk of trees: the spans go into a staging table, then into {@code otel_traces} (its
 * view fills {@code otel_traces_trace_id_ts}), and from the same rows into {@code agent_instances},
 * {@code lineage_keys}, {@code lineage_refs}, {@code lineage_edges} and {@code lineage_roots}
 * exactly as the writer's {@code Lineage} writes them when parents arrive before their children:
 * process keys; open references (first spans' parent span or link, every parent pid); each edge
 * twice, {@code up} and {@code down}, one per kind; each agent's root, the tree's root, twice.
 */
final class QueryDataset {
  static final int AGENTS_PER_TREE = 10_000;
  static final int SPANS_PER_AGENT = 10;
  static final int LEVELS = 50;
  static final int PER_LEVEL = 200;
  static final String TENANT = "default";
  private static final String SERVICES = "['planner','researcher','coder','reviewer','tester','summarizer',"
      + "'retriever','critic','executor','router']";
  private static final String MODELS = "['gpt-4o','gpt-4o-mini','claude-sonnet-4','llama-3.1-70b']";
  private static final String TOOLS = "['web_search','code_exec','read_file','write_file','sql_query']";

  private static final String SPAN_COLUMNS = "Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName,"
      + " SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode,"
      + " StatusMessage, `Events.Timestamp`, `Events.Name`, `Events.Attributes`, `Links.TraceId`, `Links.SpanId`,"
      + " `Links.TraceState`, `Links.Attributes`, TenantId, AgentInstanceId, Region";

  private final int trees;
  private final long endSecond;

  QueryDataset(int trees, long endSecond) {
    this.trees = trees;
    this.endSecond = endSecond;
  }

  int trees() {
    return trees;
  }

  long spans() {
    return (long) trees * AGENTS_PER_TREE * SPANS_PER_AGENT;
  }

  /** Generates the data, {@code treesPerChunk} trees per statement, printing progress. */
  void generate(ClickHouseHttp ch, int treesPerChunk) throws IOException {
    long started = System.nanoTime();
    for (int first = 0; first < trees; first += treesPerChunk) {
      int count = Math.min(treesPerChunk, trees - first);
      long fromSpan = (long) first * AGENTS_PER_TREE * SPANS_PER_AGENT;
      long spanCount = (long) count * AGENTS_PER_TREE * SPANS_PER_AGENT;
      ch.execute("DROP TABLE IF EXISTS bench_chunk");
      ch.execute("CREATE TABLE bench_chunk ENGINE = Memory AS " + spansSql(fromSpan, spanCount));
      ch.execute("INSERT INTO otel_traces (" + SPAN_COLUMNS + ") SELECT " + SPAN_COLUMNS + " FROM bench_chunk");
      ch.execute(INSTANCES_SQL);
      ch.execute(KEYS_SQL);
      ch.execute(REFS_SQL);
      ch.execute(EDGES_SQL);
      ch.execute(ROOTS_SQL);
      System.out.printf("  generated %,d / %,d spans (%d / %d trees), %.0f s%n", fromSpan + spanCount, spans(),
          first + count, trees, (System.nanoTime() - started) / 1e9);
    }
    ch.execute("DROP TABLE bench_chunk");
  }

  /**
   * The instance id (a UUID, as {@code service.instance.id} usually is) of a tree's agent. Ids hash
   * UInt64 arguments: a hash of the same number as another type differs.
   */
  static String instanceExpr(String tree, String pos) {
    return "UUIDNumToString(sipHash128('instance', toUInt64(" + tree + "), toUInt64(" + pos + ")))";
  }

  /** The root's instance id of {@code tree}, and of a leaf at the deepest level. */
  String root(ClickHouseHttp ch, int tree) throws IOException {
    return ch.rows("SELECT " + instanceExpr(Integer.toString(tree), "0"), java.util.Map.of()).get(0).get(0).asText();
  }

  String leaf(ClickHouseHttp ch, int tree) throws IOException {
    int deepest = 1 + (LEVELS - 1) * PER_LEVEL + tree % (AGENTS_PER_TREE - 1 - (LEVELS - 1) * PER_LEVEL);
    return ch.rows("SELECT " + instanceExpr(Integer.toString(tree), Integer.toString(deepest)), java.util.Map.of())
        .get(0).get(0).asText();
  }

  private static String parentPos(String tree, String pos, String level) {
    return "if(" + level + " <= 1, 0, 1 + (" + level + " - 2) * " + PER_LEVEL + " + sipHash64('parent', toUInt64(" + tree
        + "), toUInt64(" + pos + ")) % " + PER_LEVEL + ")";
  }

  private static String traceId(String tree, String owner) {
    return "lower(hex(sipHash128('trace', toUInt64(" + tree + "), toUInt64(" + owner + "))))";
  }

  private static String spanId(String tree, String pos, String k) {
    return "lower(substring(hex(sipHash128('span', toUInt64(" + tree + "), toUInt64(" + pos + "), toUInt64(" + k
        + "))), 1, 16))";
  }

  private String spansSql(long fromSpan, long count) {
    long dayStartNs = (endSecond - 86_400) * 1_000_000_000L;
    long treeGapNs = (86_400L - 700) * 1_000_000_000L / trees;
    String level = "Level";
    return """
        SELECT
          fromUnixTimestamp64Nano(toInt64(StartNs)) AS Timestamp,
          %s AS TraceId,
          %s AS SpanId,
          multiIf(K > 0, %s, Level >= 2 AND Level %% 2 = 0, %s, '') AS ParentSpanId,
          '' AS TraceState,
          multiIf(K = 0, concat('invoke_agent ', Service), K %% 2 = 1, concat('chat ', Model),
            concat('execute_tool ', Tool)) AS SpanName,
          multiIf(K = 0, 'Internal', K %% 2 = 1, 'Client', 'Internal') AS SpanKind,
          Service AS ServiceName,
          map('service.name', Service, 'service.instance.id', Instance, 'gen_ai.agent.name', Service,
            'host.name', Host, 'process.pid', toString(1000 + Pos),
            'process.parent_pid', toString(if(Level = 0, 1, 1000 + ParentPos)), 'cloud.region', Region,
            'telemetry.sdk.language', 'python') AS ResourceAttributes,
          'wake.bench' AS ScopeName,
          '1.0.0' AS ScopeVersion,
          multiIf(K = 0, map('gen_ai.operation.name', 'invoke_agent', 'gen_ai.agent.name', Service),
            K %% 2 = 1, map('gen_ai.operation.name', 'chat', 'gen_ai.request.model', Model,
              'gen_ai.usage.input_tokens', toString(200 + sipHash64('in', Tree, Pos, K) %% 3800),
              'gen_ai.usage.output_tokens', toString(20 + sipHash64('out', Tree, Pos, K) %% 980)),
            map('gen_ai.operation.name', 'execute_tool', 'gen_ai.tool.name', Tool)) AS SpanAttributes,
          toUInt64(if(K = 0, 10500000000, (200 + sipHash64('dur', Tree, Pos, K) %% 700) * 1000000)) AS Duration,
          multiIf(Failed, 'Error', K = 0, 'Ok', 'Unset') AS StatusCode,
          if(Failed, 'tool call failed', '') AS StatusMessage,
          CAST([], 'Array(DateTime64(9))') AS `Events.Timestamp`,
          CAST([], 'Array(String)') AS `Events.Name`,
          CAST([], 'Array(Map(String, String))') AS `Events.Attributes`,
          if(Linked, [%s], []) AS `Links.TraceId`,
          if(Linked, [%s], []) AS `Links.SpanId`,
          if(Linked, [''], []) AS `Links.TraceState`,
          arrayResize(CAST([], 'Array(Map(String, String))'), toUInt8(Linked)) AS `Links.Attributes`,
          '%s' AS TenantId,
          Instance AS AgentInstanceId,
          Region,
          K, Level, Tree, %s AS ParentInstanceId
        FROM (
          SELECT number %% %d AS K, intDiv(number, %d) AS Agent, intDiv(Agent, %d) AS Tree, Agent %% %d AS Pos,
            if(Pos = 0, 0, intDiv(Pos - 1, %d) + 1) AS Level,
            %s AS ParentPos,
            if(Level >= 2, %s, 0) AS GrandParentPos,
            if(Level >= 2 AND Level %% 2 = 0, ParentPos, Pos) AS TraceOwner,
            if(Level %% 2 = 1 AND Level >= 3, GrandParentPos, ParentPos) AS ParentTraceOwner,
            K = 0 AND Level %% 2 = 1 AS Linked,
            %s AS Instance,
            if(Pos = 0, 'orchestrator', arrayElement(%s, 1 + sipHash64('svc', Tree, Pos) %% 10)) AS Service,
            arrayElement(%s, 1 + sipHash64('model', Tree, Pos, K) %% 4) AS Model,
            if(K = 8, 'spawn_agent', arrayElement(%s, 1 + sipHash64('tool', Tree, Pos, K) %% 5)) AS Tool,
            concat('node-', toString(Tree)) AS Host,
            if(Tree %% 2 = 0, 'eu-west-1', 'us-east-1') AS Region,
            sipHash64('err', Tree, Pos, K) %% 100 < 2 AS Failed,
            %d + Tree * %d + Level * 12000000000 + (sipHash64('jitter', Tree, Pos) %% 2000) * 1000000
              + K * 1000000000 AS StartNs
          FROM numbers(%d, %d))""".formatted(
        traceId("Tree", "TraceOwner"), spanId("Tree", "Pos", "K"), spanId("Tree", "Pos", "0"),
        spanId("Tree", "ParentPos", "8"), traceId("Tree", "ParentTraceOwner"), spanId("Tree", "ParentPos", "8"),
        TENANT, instanceExpr("Tree", "ParentPos"),
        SPANS_PER_AGENT, SPANS_PER_AGENT, AGENTS_PER_TREE, AGENTS_PER_TREE, PER_LEVEL,
        parentPos("Tree", "Pos", level), parentPos("Tree", "ParentPos", "(Level - 1)"),
        instanceExpr("Tree", "Pos"), SERVICES, MODELS, TOOLS, dayStartNs, treeGapNs, fromSpan, count);
  }

  /** One row per instance, as the writer's per-batch aggregates merge to. */
  private static final String INSTANCES_SQL = """
      INSERT INTO agent_instances
      SELECT TenantId, AgentInstanceId, any(ResourceAttributes['gen_ai.agent.name']), any(ServiceName),
        any(ResourceAttributes['host.name']), max(toUInt64(ResourceAttributes['process.pid'])),
        max(toUInt64(ResourceAttributes['process.parent_pid'])), any(Region), min(Timestamp),
        max(fromUnixTimestamp64Nano(toInt64(toUnixTimestamp64Nano(Timestamp) + Duration))),
        groupUniqArray(TraceId), count(), countIf(StatusCode = 'Error'),
        sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.input_tokens'])),
        sum(toUInt64OrZero(SpanAttributes['gen_ai.usage.output_tokens']))
      FROM bench_chunk GROUP BY TenantId, AgentInstanceId""";

  /** Process keys, seen at the instance's first span (its K = 0 span). */
  private static final String KEYS_SQL = """
      INSERT INTO lineage_keys (TenantId, KeyGroup, Key, InstanceId, Seen)
      SELECT TenantId, concat('p:', ResourceAttributes['host.name']),
        concat('p:', ResourceAttributes['host.name'], '/', ResourceAttributes['process.pid']), AgentInstanceId, Timestamp
      FROM bench_chunk WHERE K = 0""";

  /** References to other instances: every parent pid, the first span's parent span or link. */
  private static final String REFS_SQL = """
      INSERT INTO lineage_refs (TenantId, KeyGroup, Key, InstanceId, Kind, Evidence, Seen)
      SELECT TenantId, concat('p:', ResourceAttributes['host.name']),
        concat('p:', ResourceAttributes['host.name'], '/', ResourceAttributes['process.parent_pid']), AgentInstanceId,
        'process', concat('pid ', ResourceAttributes['process.parent_pid']), Timestamp
      FROM bench_chunk WHERE K = 0
      UNION ALL
      SELECT TenantId, TraceId, concat('s:', TraceId, ParentSpanId), AgentInstanceId, 'parent_span', SpanId, Timestamp
      FROM bench_chunk WHERE K = 0 AND ParentSpanId != ''
      UNION ALL
      SELECT TenantId, `Links.TraceId`[1], concat('s:', `Links.TraceId`[1], `Links.SpanId`[1]), AgentInstanceId,
        'span_link', SpanId, Timestamp
      FROM bench_chunk WHERE K = 0 AND length(`Links.TraceId`) = 1""";

  /** Each agent's root (its parent's root, the tree's root) as two rows, up (agent -> root) and down. */
  private static final String ROOTS_SQL = """
      INSERT INTO lineage_roots (TenantId, Direction, Id, Other, Seen)
      SELECT TenantId, E.1, E.2, E.3, Timestamp
      FROM bench_chunk
      ARRAY JOIN [('up', AgentInstanceId, %1$s), ('down', %1$s, AgentInstanceId)] AS E
      WHERE K = 0 AND Level > 0""".formatted(instanceExpr("Tree", "0"));

  /** Each resolved reference as two rows, up (child -> parent) and down. */
  private static final String EDGES_SQL = """
      INSERT INTO lineage_edges (TenantId, InstanceId, Direction, OtherInstanceId, Kind, Evidence, Seen)
      SELECT TenantId, E.1, E.2, E.3, E.4, E.5, Timestamp
      FROM bench_chunk
      ARRAY JOIN [
        (AgentInstanceId, 'up', ParentInstanceId, SpanKindOfEdge, SpanId),
        (ParentInstanceId, 'down', AgentInstanceId, SpanKindOfEdge, SpanId),
        (AgentInstanceId, 'up', ParentInstanceId, 'process', concat('pid ', ResourceAttributes['process.parent_pid'])),
        (ParentInstanceId, 'down', AgentInstanceId, 'process', concat('pid ', ResourceAttributes['process.parent_pid']))
      ] AS E
      WHERE K = 0 AND Level > 0""".replace("SpanKindOfEdge",
      "if(ParentSpanId != '', 'parent_span', 'span_link')");
}
