package dev.wake.writer;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** OTLP trace requests for tests: random ids, one resource per request. */
final class TestSpans {
  private TestSpans() {}

  static String randomHex(int bytes) {
    byte[] id = new byte[bytes];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id);
  }

  static ByteString id(String hex) {
    return ByteString.copyFrom(HexFormat.of().parseHex(hex));
  }

  static KeyValue attr(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  static KeyValue attr(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }

  static Resource resource(String instanceId, String agent, String host, long pid, long parentPid) {
    Resource.Builder resource = Resource.newBuilder()
        .addAttributes(attr("service.name", "svc-" + agent))
        .addAttributes(attr("gen_ai.agent.name", agent))
        .addAttributes(attr("host.name", host))
        .addAttributes(attr("process.pid", pid));
    if (instanceId != null) {
      resource.addAttributes(attr("service.instance.id", instanceId));
    }
    if (parentPid > 0) {
      resource.addAttributes(attr("process.parent_pid", parentPid));
    }
    return resource.build();
  }

  static Span.Builder span(String traceId, String spanId, String parentSpanId, String name, long startNanos) {
    Span.Builder span = Span.newBuilder().setTraceId(id(traceId)).setSpanId(id(spanId)).setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_INTERNAL).setStartTimeUnixNano(startNanos)
        .setEndTimeUnixNano(startNanos + 5_000_000);
    if (parentSpanId != null) {
      span.setParentSpanId(id(parentSpanId));
    }
    return span;
  }

  static ExportTraceServiceRequest request(Resource resource, Span... spans) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    scope.getScopeBuilder().setName("wake-test").setVersion("1");
    for (Span span : spans) {
      scope.addSpans(span);
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
  }
}
