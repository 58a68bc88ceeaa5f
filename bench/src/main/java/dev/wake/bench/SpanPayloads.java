package dev.wake.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic agent spans: about 20 attributes (GenAI conventions, tool and host data), about
 * 600 bytes each, several traces per request as an agent's batch exporter sends them.
 */
final class SpanPayloads {
  private SpanPayloads() {}

  /** {@code count} serialized export requests of {@code spansPerRequest} spans each. */
  static List<byte[]> requests(int count, int spansPerRequest, int tracesPerRequest, long seed) {
    return requests(count, spansPerRequest, tracesPerRequest, seed, false);
  }

  /**
   * Like {@link #requests(int, int, int, long)}; with {@code chained}, each span's parent is the
   * previous span of its trace in the request, and only a trace's first span names a parent from
   * elsewhere (another agent's span, as when context is handed to a child process).
   */
  static List<byte[]> requests(int count, int spansPerRequest, int tracesPerRequest, long seed, boolean chained) {
    Random random = new Random(seed);
    List<byte[]> requests = new ArrayList<>(count);
    for (int r = 0; r < count; r++) {
      ScopeSpans.Builder scope = ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("agent.runtime").setVersion("1.4.2"));
      ByteString[] traces = new ByteString[tracesPerRequest];
      for (int t = 0; t < tracesPerRequest; t++) {
        traces[t] = randomBytes(random, 16);
      }
      ByteString[] last = new ByteString[tracesPerRequest];
      for (int i = 0; i < spansPerRequest; i++) {
        Span span = span(random, traces[i % tracesPerRequest], i);
        if (chained && last[i % tracesPerRequest] != null) {
          span = span.toBuilder().setParentSpanId(last[i % tracesPerRequest]).build();
        }
        last[i % tracesPerRequest] = span.getSpanId();
        scope.addSpans(span);
      }
      requests.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .setResource(Resource.newBuilder()
              .addAttributes(kv("service.name", "support-agent"))
              .addAttributes(kv("service.instance.id", "agent-" + random.nextInt(100_000)))
              .addAttributes(kv("host.name", "gpu-node-" + random.nextInt(16)))
              .addAttributes(kv("process.pid", Integer.toString(1000 + random.nextInt(60_000)))))
          .addScopeSpans(scope)).build().toByteArray());
    }
    return requests;
  }

  private static Span span(Random random, ByteString traceId, int index) {
    // Recent times: older rows than the tables' retention would be dropped on insert.
    long start = System.currentTimeMillis() * 1_000_000L - random.nextInt(1_000_000_000);
    Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(randomBytes(random, 8))
        .setParentSpanId(randomBytes(random, 8)).setName(index % 3 == 0 ? "chat gpt-4o" : "execute_tool search_docs")
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT).setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + random.nextInt(900_000_000));
    String[][] attributes = {
        {"gen_ai.operation.name", "chat"}, {"gen_ai.system", "openai"}, {"gen_ai.request.model", "gpt-4o"},
        {"gen_ai.response.model", "gpt-4o"}, {"gen_ai.response.id", "chatcmpl-" + random.nextLong()},
        {"gen_ai.usage.input_tokens", Integer.toString(random.nextInt(8000))},
        {"gen_ai.usage.output_tokens", Integer.toString(random.nextInt(2000))},
        {"gen_ai.agent.name", "triage"}, {"gen_ai.tool.name", "search_docs"},
        {"gen_ai.tool.call.id", "call_" + Integer.toHexString(random.nextInt())},
        {"server.address", "llm.internal"}, {"server.port", "443"},
        {"http.response.status_code", "200"}, {"wake.region", "eu-central"}, {"wake.tenant", "acme"},
        {"session.id", Integer.toHexString(random.nextInt())}, {"user.hash", Integer.toHexString(random.nextInt())},
        {"tool.args", "{\"q\":\"reset\"}"}, {"retry.count", "0"},
        {"thread.name", "agent-worker-" + random.nextInt(64)}};
    for (String[] attribute : attributes) {
      span.addAttributes(kv(attribute[0], attribute[1]));
    }
    return span.build();
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static ByteString randomBytes(Random random, int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    bytes[0] |= 1; // never all zero
    return ByteString.copyFrom(bytes);
  }
}
