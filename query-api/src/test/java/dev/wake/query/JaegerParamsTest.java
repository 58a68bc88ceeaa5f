package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JaegerParamsTest {
  private static final long NOW_NS = 1_800_000_000_000_000_000L;

  @Test
  void goDuration_goSyntax_nanoseconds() {
    assertThat(GoDuration.nanos("1.2s", false)).isEqualTo(1_200_000_000L);
    assertThat(GoDuration.nanos("100ms", false)).isEqualTo(100_000_000L);
    assertThat(GoDuration.nanos("1h30m", false)).isEqualTo(5_400_000_000_000L);
    assertThat(GoDuration.nanos("250us", false)).isEqualTo(250_000L);
    assertThat(GoDuration.nanos("250\u00b5s", false)).isEqualTo(250_000L);
    assertThat(GoDuration.nanos(".5ms", false)).isEqualTo(500_000L);
    assertThat(GoDuration.nanos("0", false)).isZero();
    assertThat(GoDuration.nanos("2d", true)).isEqualTo(172_800_000_000_000L);
  }

  @Test
  void goDuration_notADuration_null() {
    for (String bad : new String[] {"", "100", "ms", "1.2", "-1s", "1s ", "10 ms", "1x", "2d", "99999999999h"}) {
      assertThat(GoDuration.nanos(bad, false)).as(bad).isNull();
    }
  }

  @Test
  void search_everyFilter_mapsToTraceSearch() {
    TraceSearch search = params(Map.of("service", "swarm", "operation", "chat gpt-4o",
        "tags", "{\"gen_ai.request.model\":\"gpt-4o\",\"error\":\"true\",\"span.kind\":\"client\",\"retries\":3}",
        "minDuration", "1.2s", "maxDuration", "1m", "start", "1700000000000000", "end", "1700000600000000",
        "limit", "20", "lookback", "custom")).search();
    assertThat(search.service()).isEqualTo("swarm");
    assertThat(search.operation()).isEqualTo("chat gpt-4o");
    assertThat(search.kind()).isEqualTo("Client");
    assertThat(search.status()).isEqualTo("Error");
    assertThat(search.attributes()).containsExactly(Map.entry("gen_ai.request.model", "gpt-4o"), Map.entry("retries", "3"));
    assertThat(search.minDurationNs()).isEqualTo(1_200_000_000L);
    assertThat(search.maxDurationNs()).isEqualTo(60_000_000_000L);
    assertThat(search.startNs()).isEqualTo(1_700_000_000_000_000_000L);
    assertThat(search.endNs()).isEqualTo(1_700_000_600_000_000_000L);
    assertThat(search.limit()).isEqualTo(20);
    // Every filter reaches the statement (its layout is TraceSearchTest's concern).
    assertThat(search.sql()).contains("ServiceName = {service:String}", "SpanName = {operation:String}",
        "SpanKind = {kind:String}", "StatusCode = {status:String}", "Duration >= {minDurationNs:UInt64}",
        "Duration <= {maxDurationNs:UInt64}", "SpanAttributes[{attrKey0:String}] = {attrValue0:String}",
        "ResourceAttributes[{attrKey0:String}] = {attrValue0:String}",
        "(SpanAttributes[{attrKey1:String}] = {attrValue1:String} OR ResourceAttributes[{attrKey1:String}] = {attrValue1:String})");
  }

  @Test
  void search_defaults_twoDaysBeforeNowAndHundredTraces() {
    TraceSearch search = params(Map.of("service", "swarm")).search();
    assertThat(search.endNs()).isEqualTo(NOW_NS);
    assertThat(search.startNs()).isEqualTo(NOW_NS - JaegerParams.DEFAULT_LOOKBACK_NS);
    assertThat(search.limit()).isEqualTo(100);
    assertThat(search.status()).isNull();
    assertThat(search.attributes()).isEmpty();
    assertThat(params(Map.of("service", "swarm", "lookback", "1h")).search().startNs())
        .isEqualTo(NOW_NS - Params.HOUR_NS);
    assertThat(params(Map.of("service", "swarm", "limit", "0")).search().limit()).isEqualTo(100);
    assertThat(params(Map.of("service", "swarm", "limit", "5000")).search().limit()).isEqualTo(JaegerParams.MAX_LIMIT);
  }

  @Test
  void search_legacyTagAndStatusTag_match() {
    Map<String, List<String>> query = new HashMap<>(single(Map.of("service", "swarm")));
    query.put("tag", List.of("host.name:node-1", "url:http://x"));
    query.put("tags", List.of("{\"otel.status_code\":\"OK\"}"));
    TraceSearch search = new JaegerParams(query, NOW_NS).search();
    assertThat(search.attributes()).containsExactly(Map.entry("host.name", "node-1"), Map.entry("url", "http://x"));
    assertThat(search.status()).isEqualTo("Ok");
  }

  @Test
  void search_badValues_400NamingTheParameter() {
    assertBad(Map.of(), "parameter 'service' is required", "query parameter service");
    assertBad(Map.of("service", "s", "start", "yesterday"), "unable to parse param 'start'", "query parameter start");
    assertBad(Map.of("service", "s", "end", "1.5"), "unable to parse param 'end'", "query parameter end");
    assertBad(Map.of("service", "s", "start", "20", "end", "10"), "'start' must not be after 'end'", "query parameter start");
    assertBad(Map.of("service", "s", "minDuration", "100"), "unable to parse param 'minDuration'", "query parameter minDuration");
    assertBad(Map.of("service", "s", "minDuration", "2s", "maxDuration", "1s"), "'maxDuration' should be greater",
        "query parameter maxDuration");
    assertBad(Map.of("service", "s", "tags", "{oops"), "malformed 'tags' parameter", "query parameter tags");
    assertBad(Map.of("service", "s", "tags", "[\"a\"]"), "malformed 'tags' parameter", "query parameter tags");
    assertBad(Map.of("service", "s", "tags", "{\"a\":{\"b\":1}}"), "malformed 'tags' parameter", "query parameter tags");
    assertBad(Map.of("service", "s", "tag", "novalue"), "malformed 'tag' parameter", "query parameter tag");
    assertBad(Map.of("service", "s", "tags", "{\"span.kind\":\"sideways\"}"), "span.kind", "query parameter tags");
    assertBad(Map.of("service", "s", "tags", "{\"error\":\"true\",\"otel.status_code\":\"OK\"}"), "disagree",
        "query parameter tags");
    assertBad(Map.of("service", "s", "limit", "-1"), "unable to parse param 'limit'", "query parameter limit");
    assertBad(Map.of("service", "s", "lookback", "a week"), "unable to parse param 'lookback'", "query parameter lookback");
  }

  @Test
  void traceIds_jaegerForms_paddedToStoredForm() {
    Map<String, List<String>> query = Map.of("traceID", List.of("ABCDEF0123456789", "4bf92f3577b34da6a3ce929d0e0e4736"));
    assertThat(new JaegerParams(query, NOW_NS).traceIds())
        .containsExactly("0000000000000000abcdef0123456789", "4bf92f3577b34da6a3ce929d0e0e4736");
    for (String bad : new String[] {"xyz", "0000", "1".repeat(33)}) {
      assertThatThrownBy(() -> JaegerParams.traceId(bad, "path traceId")).isInstanceOfSatisfying(ApiException.class,
          e -> assertThat(e.status).isEqualTo(400));
    }
  }

  private static void assertBad(Map<String, String> query, String message, String where) {
    assertThatThrownBy(() -> params(query).search()).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status).isEqualTo(400);
      assertThat(e.getMessage()).contains(message);
      assertThat(e.where).isEqualTo(where);
    });
  }

  private static JaegerParams params(Map<String, String> query) {
    return new JaegerParams(single(query), NOW_NS);
  }

  private static Map<String, List<String>> single(Map<String, String> query) {
    Map<String, List<String>> out = new HashMap<>();
    query.forEach((name, value) -> out.put(name, List.of(value)));
    return out;
  }
}
