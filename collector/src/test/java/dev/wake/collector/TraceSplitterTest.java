package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceSplitterTest {
  static final ByteString T1 = ByteString.fromHex("11111111111111111111111111111111");
  static final ByteString T2 = ByteString.fromHex("22222222222222222222222222222222");

  @Test
  void split_twoTracesAcrossResourcesAndScopes_oneRecordPerTraceWithItsResourceAndScope() throws Exception {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("planner", scope("a", span(T1, "01", "p1"), span(T2, "02", "p2")),
            scope("b", span(T1, "03", "p3"))).setSchemaUrl("https://opentelemetry.io/schemas/1.30.0"))
        .addResourceSpans(resource("tool", scope("c", span(T2, "04", "t1"))))
        .build();
    Split split = TraceSplitter.split(request, request.toByteArray());
    assertThat(split.rejected()).isZero();
    assertThat(split.records()).extracting(OtlpRecord::key)
        .containsExactly(Ids.hex(T1), Ids.hex(T2));
    Map<String, ExportTraceServiceRequest> byKey = new HashMap<>();
    for (OtlpRecord record : split.records()) {
      byKey.put(record.key(), ExportTraceServiceRequest.parseFrom(record.value()));
    }
    ExportTraceServiceRequest first = byKey.get(Ids.hex(T1));
    assertThat(first).isEqualTo(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("planner", scope("a", span(T1, "01", "p1")), scope("b", span(T1, "03", "p3")))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0"))
        .build());
    ExportTraceServiceRequest second = byKey.get(Ids.hex(T2));
    assertThat(second).isEqualTo(ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("planner", scope("a", span(T2, "02", "p2")))
            .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0"))
        .addResourceSpans(resource("tool", scope("c", span(T2, "04", "t1"))))
        .build());
    assertThat(split.records()).extracting(OtlpRecord::items).containsExactly(2, 2);
  }

  @Test
  void split_singleValidTrace_reusesTheOriginalBytes() {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("planner", scope("a", span(T1, "01", "x"), span(T1, "02", "y")))).build();
    byte[] original = request.toByteArray();
    assertThat(TraceSplitter.split(request, original).records().get(0).value()).isSameAs(original);
  }

  @Test
  void split_invalidIds_rejectedWithTheFirstOffenderNamed() throws Exception {
    Span zeroTrace = span(ByteString.copyFrom(new byte[16]), "05", "zero");
    Span shortSpan = span(T1, "01", "short").toBuilder().setSpanId(ByteString.fromHex("0102")).build();
    Span badParent = span(T1, "06", "parent").toBuilder().setParentSpanId(ByteString.fromHex("01")).build();
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resource("planner", scope("a", span(T1, "07", "ok"), zeroTrace, shortSpan, badParent)))
        .build();
    Split split = TraceSplitter.split(request, null);
    assertThat(split.rejected()).isEqualTo(3);
    assertThat(split.message()).startsWith("3 span(s) rejected, first at resourceSpans[0].scopeSpans[0].spans[1]:")
        .contains("traceId");
    assertThat(split.records()).hasSize(1);
    assertThat(ExportTraceServiceRequest.parseFrom(split.records().get(0).value()).getResourceSpans(0)
        .getScopeSpans(0).getSpansList()).extracting(Span::getName).containsExactly("ok");
  }

  static ResourceSpans.Builder resource(String service, ScopeSpans... scopes) {
    return ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder()
        .setKey("service.name").setValue(AnyValue.newBuilder().setStringValue(service))))
        .addAllScopeSpans(List.of(scopes));
  }

  static ScopeSpans scope(String name, Span... spans) {
    return ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(name))
        .setSchemaUrl("scope-schema-" + name).addAllSpans(List.of(spans)).build();
  }

  static Span span(ByteString trace, String idSuffix, String name) {
    return Span.newBuilder().setTraceId(trace).setSpanId(ByteString.fromHex("00000000000000" + idSuffix))
        .setName(name).addAttributes(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setIntValue(7)))
        .build();
  }
}
