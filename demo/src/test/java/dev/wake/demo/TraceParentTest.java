package dev.wake.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceParentTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  @Test
  void inject_thenExtract_sameRemoteSpan() {
    SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
    Map<String, String> env = TraceParent.inject(Context.root().with(Span.wrap(span)));
    assertThat(env).containsEntry("TRACEPARENT", "00-" + TRACE + "-" + SPAN + "-01");
    SpanContext extracted = Span.fromContext(TraceParent.extract(env)).getSpanContext();
    assertThat(extracted.getTraceId()).isEqualTo(TRACE);
    assertThat(extracted.getSpanId()).isEqualTo(SPAN);
    assertThat(extracted.isRemote()).isTrue();
  }

  @Test
  void extract_noneOrMalformed_noParent() {
    assertThat(Span.fromContext(TraceParent.extract(Map.of())).getSpanContext().isValid()).isFalse();
    assertThat(Span.fromContext(TraceParent.extract(Map.of("TRACEPARENT", "00-zz-yy-01"))).getSpanContext().isValid())
        .isFalse();
  }
}
