package dev.wake.writer;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Spans as {@code otel_traces} rows (the OpenTelemetry Collector ClickHouse exporter's values:
 * hex ids, kind and status names, duration in ns) plus the lineage facts each span carries.
 */
final class SpanRows {
  static final String TABLE = "otel_traces";

  private SpanRows() {}

  /** Appends one row per span of {@code request} to {@code into}, and its facts to {@code lineage}. */
  static void append(ExportTraceServiceRequest request, String tenant, BatchRows into, LineageFacts lineage) {
    Rows rows = into.table(TABLE);
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      List<KeyValue> resource = resourceSpans.getResource().getAttributesList();
      AgentIdentity agent = AgentIdentity.of(resource);
      Map<String, String> resourceMap = AnyValues.map(resource);
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        for (Span span : scopeSpans.getSpansList()) {
          Map<String, String> attributes = AnyValues.map(span.getAttributesList());
          String traceId = AnyValues.hex(span.getTraceId());
          String spanId = AnyValues.hex(span.getSpanId());
          long duration = Math.max(0, span.getEndTimeUnixNano() - span.getStartTimeUnixNano());
          rows.begin()
              .time("Timestamp", span.getStartTimeUnixNano())
              .str("TraceId", traceId)
              .str("SpanId", spanId)
              .str("ParentSpanId", AnyValues.hex(span.getParentSpanId()))
              .str("TraceState", span.getTraceState())
              .str("SpanName", span.getName())
              .str("SpanKind", kind(span.getKind()))
              .str("ServiceName", agent.serviceName())
              .map("ResourceAttributes", resourceMap)
              .str("ScopeName", scopeSpans.getScope().getName())
              .str("ScopeVersion", scopeSpans.getScope().getVersion())
              .map("SpanAttributes", attributes)
              .unsigned("Duration", duration)
              .str("StatusCode", status(span.getStatus().getCode()))
              .str("StatusMessage", span.getStatus().getMessage());
          events(rows, span);
          links(rows, span);
          rows.str("TenantId", tenant).str("AgentInstanceId", agent.instanceId()).str("Region", agent.region()).end();
          lineage.span(tenant, agent, traceId, span, attributes);
        }
      }
    }
  }

  private static void events(Rows rows, Span span) {
    int n = span.getEventsCount();
    long[] times = new long[n];
    List<String> names = new ArrayList<>(n);
    List<Map<String, String>> attributes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Span.Event event = span.getEvents(i);
      times[i] = event.getTimeUnixNano();
      names.add(event.getName());
      attributes.add(AnyValues.map(event.getAttributesList()));
    }
    rows.times("Events.Timestamp", times).strings("Events.Name", names).maps("Events.Attributes", attributes);
  }

  private static void links(Rows rows, Span span) {
    int n = span.getLinksCount();
    List<String> traceIds = new ArrayList<>(n);
    List<String> spanIds = new ArrayList<>(n);
    List<String> states = new ArrayList<>(n);
    List<Map<String, String>> attributes = new ArrayList<>(n);
    for (Span.Link link : span.getLinksList()) {
      traceIds.add(AnyValues.hex(link.getTraceId()));
      spanIds.add(AnyValues.hex(link.getSpanId()));
      states.add(link.getTraceState());
      attributes.add(AnyValues.map(link.getAttributesList()));
    }
    rows.strings("Links.TraceId", traceIds).strings("Links.SpanId", spanIds).strings("Links.TraceState", states)
        .maps("Links.Attributes", attributes);
  }

  /** The exporter's names: Unspecified, Internal, Server, Client, Producer, Consumer. */
  static String kind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_INTERNAL -> "Internal";
      case SPAN_KIND_SERVER -> "Server";
      case SPAN_KIND_CLIENT -> "Client";
      case SPAN_KIND_PRODUCER -> "Producer";
      case SPAN_KIND_CONSUMER -> "Consumer";
      default -> "Unspecified";
    };
  }

  /** The exporter's names: Unset, Ok, Error. */
  static String status(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_OK -> "Ok";
      case STATUS_CODE_ERROR -> "Error";
      default -> "Unset";
    };
  }
}
