package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSearchTest {
  @Test
  void sql_everyFilter_isAParameterNeverText() {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("gen_ai.request.model", "x' OR 1=1 --");
    attributes.put("host.name", "h1");
    TraceSearch search = new TraceSearch("svc", "planner", "chat", null, "Error", 5_000_000, 0, attributes, 1, 2,
        new Cursor(9, "abc"), 20);
    String filters = """
          WHERE TenantId = {tenant:String}
            AND Timestamp >= fromUnixTimestamp64Nano({startNs:Int64})
            AND Timestamp <= fromUnixTimestamp64Nano({endNs:Int64})
            AND ServiceName = {service:String}
            AND ResourceAttributes['gen_ai.agent.name'] = {agent:String}
            AND SpanName = {operation:String}
            AND StatusCode = {status:String}
            AND Duration >= {minDurationNs:UInt64}
            AND (SpanAttributes[{attrKey1:String}] = {attrValue1:String} OR ResourceAttributes[{attrKey1:String}] = {attrValue1:String})
        """;
    // The first attribute: one read per map, the same filters in both.
    assertThat(search.sql()).isEqualTo("SELECT TraceId, toUnixTimestamp64Nano(max(Timestamp)) AS NewestNs FROM (\n"
        + "  SELECT TraceId, Timestamp FROM otel_traces\n" + filters
        + "    AND SpanAttributes[{attrKey0:String}] = {attrValue0:String}\n"
        + "  UNION ALL\n"
        + "  SELECT TraceId, Timestamp FROM otel_traces\n" + filters
        + "    AND ResourceAttributes[{attrKey0:String}] = {attrValue0:String})\n"
        + """
        GROUP BY TraceId
        HAVING (NewestNs, TraceId) < ({cursorNs:Int64}, {cursorTraceId:String})
        ORDER BY NewestNs DESC, TraceId DESC
        LIMIT {limit:UInt32}""");
    assertThat(search.sql()).doesNotContain("OR 1=1");
    assertThat(search.params("acme")).containsEntry("attrValue0", "x' OR 1=1 --").containsEntry("limit", 21)
        .containsEntry("attrKey1", "host.name")
        .containsEntry("cursorTraceId", "abc").containsEntry("tenant", "acme");
  }

  @Test
  void sql_noFilters_onlyTenantAndWindow() {
    TraceSearch search = new TraceSearch(null, null, null, null, null, 0, 0, Map.of(), 1, 2, null, 5);
    assertThat(search.sql()).doesNotContain("HAVING").doesNotContain("ServiceName =");
    assertThat(search.params("t")).containsOnlyKeys("tenant", "startNs", "endNs", "limit");
  }

  @Test
  void probes_growFromThePageStart_narrowerThanTheWindow() {
    long minute = 60_000_000_000L;
    long end = 1_000_000 * minute;
    TraceSearch day = new TraceSearch("svc", null, null, null, null, 0, 0, Map.of(), end - 1440 * minute, end, null, 20);
    assertThat(day.probes()).extracting(TraceSearch.Probe::widthNs)
        .containsExactly(minute, 10 * minute, 100 * minute, 1000 * minute);
    assertThat(day.probes()).allSatisfy(probe -> {
      assertThat(probe.params("t")).containsEntry("pageStartNs", end).containsEntry("startNs", end - 1440 * minute)
          .containsEntry("endNs", end); // a trace's newest span is only right over windows up to the end
      assertThat(probe.sql()).isEqualTo(day.sql().replace("Timestamp >= fromUnixTimestamp64Nano({startNs:Int64})",
          TraceSearch.PROBE_START));
    });
    TraceSearch nextPage = new TraceSearch("svc", null, null, null, null, 0, 0, Map.of(), end - 1440 * minute, end,
        new Cursor(end - 500 * minute, "abc"), 20);
    assertThat(nextPage.probes()).extracting(TraceSearch.Probe::widthNs).containsExactly(minute, 10 * minute, 100 * minute);
    assertThat(nextPage.probes().get(0).params("t")).containsEntry("pageStartNs", end - 500 * minute);
    TraceSearch hour = new TraceSearch(null, null, null, null, null, 0, 0, Map.of(), end - 60 * minute, end, null, 20);
    assertThat(hour.probes()).extracting(TraceSearch.Probe::widthNs).containsExactly(minute, 10 * minute);
  }

  @Test
  void cursor_roundTrips_andGarbageIs400() {
    Cursor cursor = new Cursor(1_795_000_000_000_000_000L, "4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(Cursor.decode(cursor.encode())).isEqualTo(cursor);
    assertThat(Cursor.decode(null)).isNull();
    try {
      Cursor.decode("@@@");
      throw new AssertionError("expected a 400");
    } catch (ApiException e) {
      assertThat(e.status).isEqualTo(400);
      assertThat(e.where).isEqualTo("query parameter cursor");
    }
  }

  @Test
  void times_formatNanosecondsUtc_andParseOffsets() {
    assertThat(Times.format(1_795_000_000_000_000_001L)).isEqualTo("2026-11-18T11:06:40.000000001Z");
    assertThat(Times.parse("2026-11-18T12:06:40.000000001+01:00")).isEqualTo(1_795_000_000_000_000_001L);
    assertThat(Times.parse("yesterday")).isNull();
  }
}
