package dev.wake.query;

import static dev.wake.query.QueryStack.ACME;
import static dev.wake.query.QueryStack.GLOBEX;
import static dev.wake.query.QueryStack.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wake.query.QueryStack.Response;
import dev.wake.testing.TestClickHouse;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.api.trace.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jaeger's query API over data written through the whole pipeline, as Grafana's Jaeger data source
 * reads it. Trace 1: planner A (service planner-svc) and its chat; researcher B (service swarm) a
 * child of A's root, whose chat fails. Trace 2: coder C (swarm), 3 s long, linked to B's root, with
 * a chat on llama. Tenant globex sends one span of its own service.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class JaegerApiIT {
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static QueryStack stack;
  private static String trace1;
  private static String trace2;
  private static String aRootId;
  private static String bRootId;
  private static long sentFromMicros;

  @BeforeAll
  static void sendAgents(TestKafka kafka, TestClickHouse ch) throws Exception {
    stack = new QueryStack(kafka, ch);
    sentFromMicros = (System.currentTimeMillis() - 10_000) * 1_000;
    String grpc = stack.otlpGrpc();
    String host = "node-" + RUN;
    TestAgent a = new TestAgent(grpc, ACME, "planner-svc", "a-" + RUN, "planner", host, 100, 1);
    TestAgent b = new TestAgent(grpc, ACME, "b-" + RUN, "researcher", host, 101, 100);
    TestAgent c = new TestAgent(grpc, ACME, "c-" + RUN, "coder", host, 102, 101);
    TestAgent other = new TestAgent(grpc, GLOBEX, "globex-svc", "g-" + RUN, "spy", host, 200, 1);
    Span aRoot = a.span("invoke_agent planner", null).startSpan();
    Span bRoot = b.span("invoke_agent researcher", aRoot.getSpanContext()).startSpan();
    Instant now = Instant.now();
    Span cRoot = c.span("invoke_agent coder", null).addLink(bRoot.getSpanContext())
        .setStartTimestamp(now.minusSeconds(3).toEpochMilli(), TimeUnit.MILLISECONDS).startSpan();
    trace1 = aRoot.getSpanContext().getTraceId();
    trace2 = cRoot.getSpanContext().getTraceId();
    aRootId = aRoot.getSpanContext().getSpanId();
    bRootId = bRoot.getSpanContext().getSpanId();
    c.chat(cRoot, "llama-3-8b", 7, 3, false);
    cRoot.end(now.toEpochMilli(), TimeUnit.MILLISECONDS);
    b.chat(bRoot, "gpt-4o", 50, 10, true);
    bRoot.end();
    a.chat(aRoot, "gpt-4o", 100, 20, false);
    aRoot.end();
    other.span("invoke_agent spy", null).startSpan().end();
    for (TestAgent agent : List.of(a, b, c, other)) {
      agent.close();
    }
    awaitTraces();
  }

  private static void awaitTraces() throws Exception {
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (spans(stack.get(ACME, "/api/traces/" + trace1)) == 4 && spans(stack.get(ACME, "/api/traces/" + trace2)) == 2
          && stack.get(GLOBEX, "/api/services").body().path("data").size() == 1) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the traces never became queryable: " + stack.get(ACME, "/api/traces?service=swarm").body());
  }

  private static int spans(Response response) {
    return response.status() == 200 ? response.body().path("data").get(0).path("spans").size() : 0;
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void services_theTenantsServiceNames() throws Exception {
    JsonNode body = stack.get(ACME, "/api/services").body();
    assertThat(texts(body.path("data"))).containsExactly("planner-svc", "swarm");
    assertThat(body.path("total").asInt()).isEqualTo(2);
    assertThat(body.path("limit").asInt()).isZero();
    assertThat(body.path("offset").asInt()).isZero();
    assertThat(body.path("errors").isNull()).isTrue();
    assertThat(texts(stack.get(GLOBEX, "/api/services").body().path("data"))).containsExactly("globex-svc");
  }

  @Test
  void operations_theServicesSpanNames() throws Exception {
    assertThat(texts(stack.get(ACME, "/api/services/swarm/operations").body().path("data")))
        .containsExactly("chat gpt-4o", "chat llama-3-8b", "invoke_agent coder", "invoke_agent researcher");
    assertThat(texts(stack.get(ACME, "/api/services/planner-svc/operations").body().path("data")))
        .containsExactly("chat gpt-4o", "invoke_agent planner");
    assertThat(stack.get(ACME, "/api/services/nobody/operations").body().path("data")).isEmpty();
  }

  @Test
  void search_byServiceOperationTagsAndDuration_wholeTraces() throws Exception {
    JsonNode swarm = stack.get(ACME, "/api/traces?service=swarm").body();
    assertThat(traceIds(swarm)).containsExactlyInAnyOrder(trace1, trace2);
    JsonNode whole = find(swarm.path("data"), "traceID", trace1);
    assertThat(whole.path("spans")).hasSize(4); // the planner-svc spans too: Jaeger answers whole traces
    assertThat(traceIds(search("service=swarm&operation=" + q("invoke_agent coder")))).containsExactly(trace2);
    assertThat(traceIds(search("service=planner-svc"))).containsExactly(trace1);
    assertThat(traceIds(search("service=swarm&tags=" + q("{\"gen_ai.request.model\":\"llama-3-8b\"}"))))
        .containsExactly(trace2);
    assertThat(traceIds(search("service=swarm&tags=" + q("{\"error\":\"true\"}")))).containsExactly(trace1);
    assertThat(traceIds(search("service=swarm&tags=" + q("{\"gen_ai.agent.name\":\"coder\"}")))).containsExactly(trace2);
    assertThat(traceIds(search("service=swarm&tag=" + q("span.kind:client") + "&tags=" + q("{\"otel.status_code\":\"ERROR\"}"))))
        .containsExactly(trace1);
    assertThat(traceIds(search("service=swarm&minDuration=2s"))).containsExactly(trace2);
    assertThat(traceIds(search("service=swarm&operation=" + q("invoke_agent coder") + "&maxDuration=1500ms"))).isEmpty();
    assertThat(traceIds(search("service=swarm&minDuration=1m"))).isEmpty();
    assertThat(traceIds(search("service=swarm&limit=1"))).hasSize(1);
    long nowMicros = System.currentTimeMillis() * 1_000;
    assertThat(traceIds(search("service=swarm&start=" + sentFromMicros + "&end=" + nowMicros + "&lookback=custom")))
        .containsExactlyInAnyOrder(trace1, trace2);
    assertThat(traceIds(search("service=swarm&start=" + (sentFromMicros - 3_600_000_000L) + "&end=" + sentFromMicros)))
        .isEmpty();
    JsonNode byIds = search("traceID=" + trace2 + "&traceID=" + "ab".repeat(16));
    assertThat(traceIds(byIds)).containsExactly(trace2);
    assertThat(byIds.path("errors").get(0).path("traceID").asText()).isEqualTo("ab".repeat(16));
  }

  @Test
  void traceById_referencesTimesTagsLogsProcesses() throws Exception {
    Response response = stack.get(ACME, "/api/traces/" + trace1.toUpperCase(Locale.ROOT));
    assertThat(response.status()).isEqualTo(200);
    JsonNode trace = response.body().path("data").get(0);
    assertThat(trace.path("traceID").asText()).isEqualTo(trace1);
    JsonNode aRoot = find(trace.path("spans"), "spanID", aRootId);
    JsonNode bRoot = find(trace.path("spans"), "spanID", bRootId);
    assertThat(aRoot.path("references")).isEmpty();
    assertThat(bRoot.path("references")).hasSize(1);
    assertThat(bRoot.path("references").get(0).path("refType").asText()).isEqualTo("CHILD_OF");
    assertThat(bRoot.path("references").get(0).path("spanID").asText()).isEqualTo(aRootId);
    long nowMicros = System.currentTimeMillis() * 1_000;
    for (JsonNode span : trace.path("spans")) {
      assertThat(span.path("traceID").asText()).isEqualTo(trace1);
      assertThat(span.path("startTime").asLong()).isBetween(sentFromMicros, nowMicros);
      assertThat(span.path("duration").asLong()).isBetween(0L, 60_000_000L);
      assertThat(trace.path("processes").has(span.path("processID").asText())).isTrue();
    }
    JsonNode failed = find(trace.path("spans"), "operationName", "chat gpt-4o", bRoot.path("processID").asText());
    assertThat(tag(failed.path("tags"), "error").path("value").asBoolean()).isTrue();
    assertThat(tag(failed.path("tags"), "error").path("type").asText()).isEqualTo("bool");
    assertThat(tag(failed.path("tags"), "otel.status_code").path("value").asText()).isEqualTo("ERROR");
    assertThat(tag(failed.path("tags"), "otel.status_description").path("value").asText()).isEqualTo("model overloaded");
    assertThat(tag(failed.path("tags"), "span.kind").path("value").asText()).isEqualTo("client");
    assertThat(tag(failed.path("tags"), "gen_ai.usage.input_tokens").path("value").asText()).isEqualTo("50");
    JsonNode log = failed.path("logs").get(0);
    assertThat(tag(log.path("fields"), "event").path("value").asText()).isEqualTo("exception");
    assertThat(tag(log.path("fields"), "exception.message").path("value").asText()).isEqualTo("429");
    assertThat(log.path("timestamp").asLong()).isBetween(failed.path("startTime").asLong(),
        failed.path("startTime").asLong() + failed.path("duration").asLong() + 1);
    List<String> services = new ArrayList<>();
    trace.path("processes").forEach(p -> services.add(p.path("serviceName").asText()));
    assertThat(services).containsExactlyInAnyOrder("planner-svc", "swarm");
    JsonNode planner = trace.path("processes").path(aRoot.path("processID").asText());
    assertThat(tag(planner.path("tags"), "service.instance.id").path("value").asText()).isEqualTo("a-" + RUN);
    assertThat(tag(planner.path("tags"), "gen_ai.agent.name").path("value").asText()).isEqualTo("planner");

    JsonNode coder = find(stack.get(ACME, "/api/traces/" + trace2).body().path("data").get(0).path("spans"),
        "operationName", "invoke_agent coder");
    assertThat(coder.path("references")).hasSize(1);
    JsonNode link = coder.path("references").get(0);
    assertThat(link.path("refType").asText()).isEqualTo("FOLLOWS_FROM");
    assertThat(link.path("traceID").asText()).isEqualTo(trace1);
    assertThat(link.path("spanID").asText()).isEqualTo(bRootId);
    assertThat(coder.path("duration").asLong()).isBetween(2_999_000L, 3_001_000L);
  }

  @Test
  void tenants_seeOnlyTheirOwnTraces() throws Exception {
    assertJaegerError(stack.get(GLOBEX, "/api/traces/" + trace1), 404, "trace not found");
    assertThat(stack.get(GLOBEX, "/api/traces?service=swarm").body().path("data")).isEmpty();
    assertThat(stack.get(GLOBEX, "/api/services/swarm/operations").body().path("data")).isEmpty();
    assertThat(texts(stack.get(ACME, "/api/services").body().path("data"))).doesNotContain("globex-svc");
    assertThat(traceIds(stack.get(GLOBEX, "/api/traces?traceID=" + trace2).body())).isEmpty();
    assertJaegerError(stack.get(null, "/api/services"), 401, "Authorization: Bearer");
    assertJaegerError(stack.get("wrong", "/api/traces/" + trace1), 401, "Authorization: Bearer");
  }

  @Test
  void errors_inJaegersShape() throws Exception {
    assertJaegerError(stack.get(ACME, "/api/traces"), 400, "parameter 'service' is required");
    assertJaegerError(stack.get(ACME, "/api/traces?service=swarm&minDuration=100"), 400, "minDuration");
    assertJaegerError(stack.get(ACME, "/api/traces?service=swarm&start=yesterday"), 400, "start");
    assertJaegerError(stack.get(ACME, "/api/traces?service=swarm&tags=" + q("{oops")), 400, "malformed 'tags'");
    assertJaegerError(stack.get(ACME, "/api/traces/xyz"), 400, "hex digits");
    assertJaegerError(stack.get(ACME, "/api/traces/" + "ab".repeat(16)), 404, "trace not found");
    assertJaegerError(stack.get(ACME, "/api/dependencies"), 404, "not found");
    Response wake = stack.get(ACME, "/api/v1/traces/xyz");
    assertThat(wake.body().path("error").path("code").asText()).isEqualTo("bad_request");
  }

  private static void assertJaegerError(Response response, int status, String message) {
    assertThat(response.status()).isEqualTo(status);
    JsonNode body = response.body();
    assertThat(body.has("data")).isTrue();
    assertThat(body.path("data").isNull()).isTrue();
    assertThat(body.path("errors")).hasSize(1);
    assertThat(body.path("errors").get(0).path("code").asInt()).isEqualTo(status);
    assertThat(body.path("errors").get(0).path("msg").asText()).contains(message);
    assertThat(body.has("error")).isFalse();
  }

  private static JsonNode search(String query) throws Exception {
    Response response = stack.get(ACME, "/api/traces?" + query);
    assertThat(response.status()).as(query + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  private static List<String> traceIds(JsonNode body) {
    List<String> ids = new ArrayList<>();
    body.path("data").forEach(trace -> ids.add(trace.path("traceID").asText()));
    return ids;
  }

  private static List<String> texts(JsonNode array) {
    return QueryApiIT.ids(array, null);
  }

  private static JsonNode tag(JsonNode keyValues, String key) {
    return find(keyValues, "key", key);
  }

  private static JsonNode find(JsonNode array, String field, String value) {
    return find(array, field, value, null);
  }

  /** The item whose {@code field} is {@code value} (and, if given, whose processID is {@code processId}). */
  private static JsonNode find(JsonNode array, String field, String value, String processId) {
    for (JsonNode item : array) {
      if (item.path(field).asText().equals(value) && (processId == null || item.path("processID").asText().equals(processId))) {
        return item;
      }
    }
    throw new AssertionError("no item with " + field + "=" + value + " in " + array);
  }
}
