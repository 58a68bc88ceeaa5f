package dev.wake.query;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.concurrent.TimeUnit;

/**
 * One agent instance as a real agent reports itself: its own OpenTelemetry SDK and resource
 * ({@code service.instance.id}, {@code gen_ai.agent.name}, host, pid, parent pid), exporting over
 * OTLP/gRPC with a bearer token. Spans are exported as they end.
 */
final class TestAgent implements AutoCloseable {
  final String instanceId;
  private final SdkTracerProvider provider;
  private final Tracer tracer;

  TestAgent(String endpoint, String token, String instanceId, String agentName, String host, long pid, long parentPid) {
    this(endpoint, token, "swarm", instanceId, agentName, host, pid, parentPid);
  }

  /** An agent of service {@code service}. */
  TestAgent(String endpoint, String token, String service, String instanceId, String agentName, String host, long pid,
      long parentPid) {
    this.instanceId = instanceId;
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
        .put("service.name", service).put("service.instance.id", instanceId).put("gen_ai.agent.name", agentName)
        .put("host.name", host).put("process.pid", pid).put("process.parent_pid", parentPid).build()));
    provider = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
            .addHeader("Authorization", "Bearer " + token).build()))
        .build();
    tracer = provider.get("wake-test");
  }

  /** A span builder whose parent is {@code parent} (null: a new trace). */
  SpanBuilder span(String name, SpanContext parent) {
    SpanBuilder builder = tracer.spanBuilder(name).setSpanKind(SpanKind.INTERNAL);
    return parent == null ? builder.setNoParent() : builder.setParent(Context.root().with(Span.wrap(parent)));
  }

  /** A finished LLM call under {@code parent} with token usage. */
  void chat(Span parent, String model, long input, long output, boolean failed) {
    Span chat = tracer.spanBuilder("chat " + model).setSpanKind(SpanKind.CLIENT)
        .setParent(Context.root().with(parent))
        .setAttribute("gen_ai.request.model", model).setAttribute("gen_ai.usage.input_tokens", input)
        .setAttribute("gen_ai.usage.output_tokens", output).startSpan();
    if (failed) {
      chat.setStatus(StatusCode.ERROR, "model overloaded");
      chat.addEvent("exception", Attributes.of(AttributeKey.stringKey("exception.message"), "429"));
    }
    chat.end();
  }

  /** A span context that was never exported: a parent that died first. */
  static SpanContext ghost(String traceId, String spanId) {
    return SpanContext.createFromRemoteParent(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());
  }

  @Override
  public void close() {
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
