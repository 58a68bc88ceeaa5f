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

  /** Agents per spawn tree in {@code chained} requests. */
  static final int AGENTS_PER_TREE = 100;

  /**
   * Like {@link #requests(int, int, int, long)}; with {@code chained}, each span's parent is the
   * previous span of its trace in the request, and only a trace's first span names a parent from
   * elsewhere (another agent's span, as when context is handed to a child process, one that never
   * arrives); and the request's agent is a child process ({@code process.parent_pid}, same host)
   * of one of the 10 agents before it in its spawn tree of {@link #AGENTS_PER_TREE}, so the writer
   * completes an edge and records a root for every agent but a tree's first.
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
      Resource.Builder resource = Resource.newBuilder()
          .addAttributes(kv("service.name", "support-agent"))
          .addAttributes(kv("service.instance.id", "agent-" + random.nextInt(100_000)));
      if (chained) {
        // Trees of AGENTS_PER_TREE agents, one host each: every agent but a tree's first is the
        // child process of one of the 10 agents sent before it in its tree.
        int position = r % AGENTS_PER_TREE;
        resource.addAttributes(kv("host.name", "agent-tree-" + seed + "-" + r / AGENTS_PER_TREE))
            .addAttributes(kv("process.pid", Integer.toString(1000 + r)));
        if (position > 0) {
          int parent = r - 1 - random.nextInt(Math.min(10, position));
          resource.addAttributes(kv("process.parent_pid", Integer.toString(1000 + parent)));
        }
      } else {
        resource.addAttributes(kv("host.name", "gpu-node-" + random.nextInt(16)))
            .addAttributes(kv("process.pid", Integer.toString(1000 + random.nextInt(60_000))));
      }
      requests.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .setResource(resource).addScopeSpans(scope)).build().toByteArray());
    }
    return requests;
  }

  /**
   * {@code request} as if sent now by a new batch of agents: every trace id replaced by a fresh
   * random one (the same within the request, so parents inside it still match) and every span
   * moved in time so the request's latest start is now. Replaying a few prepared requests then
   * stores what real traffic would (trace ids that recur in no other request, recent times), not
   * the same traces over and over, which would make trace-id look-ups read every part.
   */
  static byte[] fresh(byte[] request) {
    ExportTraceServiceRequest.Builder out;
    try {
      out = ExportTraceServiceRequest.parseFrom(request).toBuilder();
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("not an OTLP trace export request", e);
    }
    java.util.Map<ByteString, ByteString> traces = new java.util.HashMap<>();
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    long latest = 0;
    for (ResourceSpans resource : out.getResourceSpansList()) {
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          latest = Math.max(latest, span.getStartTimeUnixNano());
        }
      }
    }
    long shift = System.currentTimeMillis() * 1_000_000L - latest;
    for (ResourceSpans.Builder resource : out.getResourceSpansBuilderList()) {
      for (ScopeSpans.Builder scope : resource.getScopeSpansBuilderList()) {
        for (Span.Builder span : scope.getSpansBuilderList()) {
          span.setTraceId(traces.computeIfAbsent(span.getTraceId(), old -> {
            byte[] id = new byte[16];
            random.nextBytes(id);
            id[0] |= 1;
            return ByteString.copyFrom(id);
          }));
          span.setStartTimeUnixNano(span.getStartTimeUnixNano() + shift).setEndTimeUnixNano(span.getEndTimeUnixNano() + shift);
        }
      }
    }
    return out.build().toByteArray();
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
