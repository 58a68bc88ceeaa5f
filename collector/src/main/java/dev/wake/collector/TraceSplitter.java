package dev.wake.collector;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a trace export request into one record per trace id, keyed by the lowercase hex trace id,
 * so a trace's spans stay on one partition. Each record keeps the resource and scope of its spans.
 * Spans with an invalid trace or span id (wrong length, all zero) or parent id (wrong length) are
 * dropped and counted as rejected.
 */
final class TraceSplitter {
  private TraceSplitter() {}

  /**
   * @param original the request's protobuf bytes when it came as protobuf, else null; reused as
   *     the record value when the request holds exactly one valid trace
   */
  static Split split(ExportTraceServiceRequest request, byte[] original) {
    Map<ByteString, TraceGroup> traces = new LinkedHashMap<>();
    long rejected = 0;
    String firstProblem = "";
    for (int r = 0; r < request.getResourceSpansCount(); r++) {
      ResourceSpans resourceSpans = request.getResourceSpans(r);
      for (int s = 0; s < resourceSpans.getScopeSpansCount(); s++) {
        ScopeSpans scopeSpans = resourceSpans.getScopeSpans(s);
        for (int i = 0; i < scopeSpans.getSpansCount(); i++) {
          Span span = scopeSpans.getSpans(i);
          String problem = problem(span);
          if (problem != null) {
            if (rejected++ == 0) {
              firstProblem = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]: " + problem;
            }
            continue;
          }
          traces.computeIfAbsent(span.getTraceId(), id -> new TraceGroup()).add(r, s, span);
        }
      }
    }
    List<OtlpRecord> records = new ArrayList<>(traces.size());
    boolean reuse = original != null && rejected == 0 && traces.size() == 1;
    traces.forEach((traceId, group) -> records.add(new OtlpRecord(Ids.hex(traceId),
        reuse ? original : group.build(request).toByteArray(), group.spans)));
    String message = rejected == 0 ? "" : rejected + " span(s) rejected, first at " + firstProblem;
    return new Split(records, rejected, message);
  }

  private static String problem(Span span) {
    if (!Ids.validTraceId(span.getTraceId())) {
      return "invalid traceId (" + span.getTraceId().size() + " bytes; must be 16, not all zero)";
    }
    if (!Ids.validSpanId(span.getSpanId())) {
      return "invalid spanId (" + span.getSpanId().size() + " bytes; must be 8, not all zero)";
    }
    if (!span.getParentSpanId().isEmpty() && span.getParentSpanId().size() != 8) {
      return "invalid parentSpanId (" + span.getParentSpanId().size() + " bytes; must be 8 or empty)";
    }
    return null;
  }

  /** One trace's spans, by resource index then scope index, in arrival order. */
  private static final class TraceGroup {
    final Map<Integer, Map<Integer, List<Span>>> byResource = new LinkedHashMap<>();
    int spans;

    void add(int resource, int scope, Span span) {
      byResource.computeIfAbsent(resource, k -> new LinkedHashMap<>())
          .computeIfAbsent(scope, k -> new ArrayList<>()).add(span);
      spans++;
    }

    ExportTraceServiceRequest build(ExportTraceServiceRequest request) {
      ExportTraceServiceRequest.Builder out = ExportTraceServiceRequest.newBuilder();
      byResource.forEach((r, scopes) -> {
        ResourceSpans source = request.getResourceSpans(r);
        ResourceSpans.Builder resource = ResourceSpans.newBuilder()
            .setResource(source.getResource()).setSchemaUrl(source.getSchemaUrl());
        scopes.forEach((s, spans) -> {
          ScopeSpans scope = source.getScopeSpans(s);
          resource.addScopeSpans(ScopeSpans.newBuilder()
              .setScope(scope.getScope()).setSchemaUrl(scope.getSchemaUrl()).addAllSpans(spans));
        });
        out.addResourceSpans(resource);
      });
      return out.build();
    }
  }
}
