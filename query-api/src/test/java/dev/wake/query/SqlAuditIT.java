package dev.wake.query;

import static dev.wake.query.QueryStack.ACME;
import static dev.wake.query.QueryStack.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.query.QueryStack.Response;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Audit SQL against real data written through the pipeline by two tenants: what a tenant may read
 * (only its own rows, however the query is written), a hostile corpus that is refused and changes
 * nothing, and the hash-chained audit log that shows tampering.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class SqlAuditIT {
  private static QueryStack stack;

  /** Each refused with 400 or 403, and nothing in the database changes. */
  private static final List<String> HOSTILE = List.of(
      "DROP TABLE otel_traces",
      "INSERT INTO otel_traces (TraceId) VALUES ('x')",
      "INSERT INTO audit_log (TenantId, Seq) SELECT 'acme', 99",
      "ALTER TABLE otel_traces DELETE WHERE 1",
      "TRUNCATE TABLE audit_log",
      "CREATE TABLE evil (x UInt8) ENGINE = Memory",
      "SET readonly = 0",
      "SELECT * FROM system.tables",
      "SELECT count() FROM `system`.`tables`",
      "SELECT * FROM information_schema.tables",
      "SELECT * FROM INFORMATION_SCHEMA.COLUMNS",
      "SELECT * FROM schema_migrations",
      "SELECT * FROM otel_traces_trace_id_ts",
      "SELECT * FROM otel_traces AS t JOIN system.numbers AS n ON 1 LIMIT 1",
      "SELECT TraceId FROM otel_traces WHERE TraceId IN (SELECT name FROM system.databases)",
      "SELECT * FROM url('http://127.0.0.1:9/x', 'CSV', 'a String')",
      "SELECT * FROM file('/etc/passwd', 'LineAsString')",
      "SELECT file('/etc/hostname')",
      "SELECT * FROM remote('127.0.0.1', system.one)",
      "SELECT * FROM merge('.*', '.*')",
      "SELECT * FROM numbers(10)",
      "SELECT * FROM view(SELECT * FROM system.users)",
      "SELECT dictGet('d', 'x', 1)",
      "SELECT sleepEachRow(1) FROM otel_traces",
      "SELECT getSetting('readonly')",
      "SELECT count() FROM otel_traces SETTINGS additional_table_filters = {}",
      "SELECT count() FROM otel_traces SETTINGS readonly = 0",
      "SELECT 1 FORMAT TSV",
      "SELECT 1 INTO OUTFILE '/tmp/wake-audit-out'",
      "SELECT 1; DROP TABLE otel_traces",
      "SELECT 1 /* hidden */ ; DROP TABLE audit_log -- trailing",
      "WITH x AS (SELECT * FROM system.tables) SELECT count() FROM x",
      "EXPLAIN SELECT 1",
      "SHOW TABLES",
      "DESCRIBE TABLE otel_traces",
      "");

  @BeforeAll
  static void sendSpans(TestKafka kafka, TestClickHouse ch) throws Exception {
    stack = new QueryStack(kafka, ch);
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (TestAgent acme = new TestAgent(stack.otlpGrpc(), ACME, "acme-" + run, "auditor", "h-" + run, 10, 1);
        TestAgent globex = new TestAgent(stack.otlpGrpc(), GLOBEX, "globex-" + run, "auditor", "h-" + run, 11, 1)) {
      for (int i = 0; i < 3; i++) {
        Span root = acme.span("invoke_agent auditor", null).startSpan();
        acme.chat(root, "gpt-4o", 10, 1, false);
        root.end();
      }
      Span root = globex.span("invoke_agent auditor", null).startSpan();
      root.end();
    }
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline && (count(ACME) < 6 || count(GLOBEX) < 1)) {
      Thread.sleep(200);
    }
    assertThat(count(ACME)).isEqualTo(6);
    assertThat(count(GLOBEX)).isEqualTo(1);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  private static long count(String token) throws Exception {
    return sql(token, "SELECT count() AS n FROM otel_traces", Map.of()).body().path("rows").get(0).get(0).asLong();
  }

  private static Response sql(String token, String sql, Map<String, Object> params) throws Exception {
    return stack.post(token, "/api/v1/sql", Map.of("sql", sql, "params", params));
  }

  @Test
  void select_answersColumnsRowsAndOnlyTheCallersRows() throws Exception {
    Response r = sql(ACME, "SELECT SpanName, count() AS spans FROM otel_traces GROUP BY SpanName ORDER BY SpanName",
        Map.of());
    assertThat(r.status()).isEqualTo(200);
    JsonNode body = r.body();
    assertThat(body.path("columns").get(0).path("name").asText()).isEqualTo("SpanName");
    assertThat(body.path("columns").get(1).path("type").asText()).isEqualTo("UInt64");
    assertThat(body.path("rowCount").asInt()).isEqualTo(2);
    assertThat(body.path("rows").get(0).get(0).asText()).isEqualTo("chat gpt-4o");
    assertThat(body.path("rows").get(0).get(1).asLong()).isEqualTo(3);
    assertThat(body.path("truncated").asBoolean()).isFalse();
    assertThat(body.has("elapsedMs")).isTrue();
  }

  @Test
  void tenantScope_cannotBeEscapedByHowTheQueryIsWritten() throws Exception {
    for (String escape : List.of(
        "SELECT count() FROM otel_traces WHERE TenantId = 'globex'",
        "SELECT countIf(TenantId = 'globex') FROM otel_traces WHERE TenantId != 'acme' OR 1 = 1",
        "WITH t AS (SELECT * FROM otel_traces) SELECT count() FROM t WHERE TenantId = 'globex'",
        "SELECT count() FROM (SELECT TenantId FROM wake_any.otel_traces) WHERE 0",
        "SELECT count() FROM otel_traces AS a JOIN agent_instances AS b ON a.AgentInstanceId = b.InstanceId"
            + " WHERE b.TenantId = 'globex'",
        "SELECT count() FROM otel_traces WHERE TenantId IN (SELECT TenantId FROM agent_instances WHERE TenantId = 'globex')",
        "SELECT count() FROM (SELECT * FROM otel_traces UNION ALL SELECT * FROM otel_traces) WHERE TenantId = 'globex'")) {
      Response r = sql(ACME, escape, Map.of());
      if (r.status() == 200) {
        assertThat(r.body().path("rows").get(0).get(0).asLong()).as(escape).isZero();
      } else {
        assertThat(r.status()).as(escape).isIn(400, 403);
      }
    }
    Response tenants = sql(GLOBEX, "SELECT DISTINCT TenantId FROM otel_traces", Map.of());
    assertThat(tenants.body().path("rows")).hasSize(1);
    assertThat(tenants.body().path("rows").get(0).get(0).asText()).isEqualTo("globex");
  }

  @Test
  void params_bindTypedPlaceholders() throws Exception {
    Response r = sql(ACME, "SELECT count() FROM otel_traces WHERE SpanName = {name:String} AND Duration >= {d:UInt64}",
        Map.of("name", "chat gpt-4o", "d", 0));
    assertThat(r.body().path("rows").get(0).get(0).asLong()).isEqualTo(3);
    Response bad = sql(ACME, "SELECT {x:UInt8}", Map.of("bad name", 1));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body().path("error").path("where").asText()).isEqualTo("body params.bad name");
  }

  @Test
  void results_overTheRowLimit_areTruncated() throws Exception {
    JsonNode body = sql(ACME, "SELECT arrayJoin(range(25000)) AS n", Map.of()).body();
    assertThat(body.path("truncated").asBoolean()).as(body.toString().substring(0, Math.min(300, body.toString().length())))
        .isTrue();
    assertThat(body.path("rowCount").asInt()).isEqualTo(10_000);
  }

  @Test
  void hostileCorpus_isRefusedAndChangesNothing() throws Exception {
    String before = stack.dump("SELECT name, total_rows FROM system.tables WHERE database = currentDatabase() AND name != 'audit_log' ORDER BY name");
    for (String hostile : HOSTILE) {
      Response r = sql(ACME, hostile, Map.of());
      assertThat(r.status()).as(hostile + " -> " + r.body()).isIn(400, 403);
      assertThat(r.body().path("error").path("message").asText()).as(hostile).isNotBlank();
    }
    assertThat(stack.dump("SELECT name, total_rows FROM system.tables WHERE database = currentDatabase() AND name != 'audit_log' ORDER BY name"))
        .isEqualTo(before);
    assertThat(stack.dump("SELECT count() FROM system.tables WHERE name = 'evil'")).isEqualTo("0\n");
    JsonNode log = stack.get(ACME, "/api/v1/audit-log?limit=1000").body();
    long refusedOrFailed = 0;
    for (JsonNode entry : log.path("entries")) {
      if (!entry.path("outcome").asText().equals("ok")) {
        refusedOrFailed++;
      }
    }
    assertThat(refusedOrFailed).isGreaterThanOrEqualTo(HOSTILE.size());
  }

  @Test
  void auditLog_chainsEveryQuery_andShowsTampering() throws Exception {
    for (int i = 0; i < 3; i++) {
      sql(GLOBEX, "SELECT " + i, Map.of());
    }
    sql(GLOBEX, "SELECT * FROM system.tables", Map.of());
    JsonNode log = stack.get(GLOBEX, "/api/v1/audit-log").body();
    assertThat(log.path("chain").path("ok").asBoolean()).isTrue();
    JsonNode newest = log.path("entries").get(0);
    assertThat(newest.path("outcome").asText()).isEqualTo("refused");
    assertThat(newest.path("sql").asText()).isEqualTo("SELECT * FROM system.tables");
    assertThat(newest.path("who").asText()).contains("anonymous from");
    assertThat(newest.path("prevHash").asText()).isEqualTo(log.path("entries").get(1).path("hash").asText());
    assertThat(stack.get(ACME, "/api/v1/audit-log").body().path("entries").toString()).doesNotContain("system.tables\"}")
        .doesNotContain("globex");

    stack.execute("ALTER TABLE audit_log UPDATE Sql = 'SELECT 42' WHERE TenantId = 'globex' AND Seq = 2"
        + " SETTINGS mutations_sync = 2");
    JsonNode tampered = stack.get(GLOBEX, "/api/v1/audit-log").body().path("chain");
    assertThat(tampered.path("ok").asBoolean()).isFalse();
    assertThat(tampered.path("brokenAt").asLong()).isEqualTo(2);
  }
}
