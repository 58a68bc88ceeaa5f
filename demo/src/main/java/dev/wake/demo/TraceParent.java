package dev.wake.demo;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W3C trace context in environment variables ({@code TRACEPARENT}, {@code TRACESTATE}), the way a
 * parent process hands its span to a child process (the OpenTelemetry environment-variable carrier).
 */
final class TraceParent {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> ENV = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> env) {
      return List.of("traceparent", "tracestate");
    }

    @Override
    public String get(Map<String, String> env, String key) {
      return env == null ? null : env.get(key.toUpperCase(Locale.ROOT));
    }
  };

  private TraceParent() { }

  /** The remote parent in {@code env}; {@link Context#root()} when there is none or it is malformed. */
  static Context extract(Map<String, String> env) {
    return W3C.extract(Context.root(), env, ENV);
  }

  /** {@code TRACEPARENT} (and {@code TRACESTATE} when not empty) for the span of {@code context}. */
  static Map<String, String> inject(Context context) {
    Map<String, String> env = new HashMap<>();
    W3C.inject(context, env, (carrier, key, value) -> carrier.put(key.toUpperCase(Locale.ROOT), value));
    return env;
  }
}
