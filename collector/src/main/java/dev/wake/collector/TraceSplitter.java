package dev.wake.collector;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a trace export request into one record per trace id, keyed by the lowercase hex trace id,
 * so a trace's spans stay on one partition. Each record keeps the resource and scope of its spans
 * (with any fields this OTLP version does not know). Spans with an invalid trace or span id (wrong
 * length, all zero) or parent id (wrong length) are dropped and counted as rejected.
 *
 * <p>Works on the protobuf wire format of an already validated request: records are assembled
 * from byte ranges of the original, so no span is decoded or encoded again (that was most of the
 * collector's CPU; see RATIONALE.md).
 */
final class TraceSplitter {
  private static final int RESOURCE_SPANS = 1;
  private static final int SCOPE_SPANS = 2;
  private static final int SPANS = 2;

  private TraceSplitter() {}

  /**
   * @param request the parsed request (already validated)
   * @param original its protobuf bytes, or null when it came as JSON
   */
  static Split split(ExportTraceServiceRequest request, byte[] original) {
    byte[] bytes = original != null ? original : request.toByteArray();
    try {
      return splitWire(bytes);
    } catch (IOException e) { // cannot happen for bytes protobuf parsed (or wrote) a moment ago
      throw new UncheckedIOException(e);
    }
  }

  private static Split splitWire(byte[] bytes) throws IOException {
    Map<ByteString, TraceGroup> traces = new LinkedHashMap<>();
    long rejected = 0;
    String firstProblem = "";
    List<Range> resources = fields(bytes, new Range(0, bytes.length), RESOURCE_SPANS);
    for (int r = 0; r < resources.size(); r++) {
      Range resource = resources.get(r);
      List<Range> scopes = fields(bytes, resource, SCOPE_SPANS);
      for (int s = 0; s < scopes.size(); s++) {
        Range scope = scopes.get(s);
        List<Range> spans = fields(bytes, scope, SPANS);
        for (int i = 0; i < spans.size(); i++) {
          SpanIds ids = SpanIds.read(bytes, spans.get(i));
          String problem = ids.problem();
          if (problem != null) {
            if (rejected++ == 0) {
              firstProblem = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]: " + problem;
            }
            continue;
          }
          traces.computeIfAbsent(ids.traceId, id -> new TraceGroup()).add(resource, scope, spans.get(i));
        }
      }
    }
    List<OtlpRecord> records = new ArrayList<>(traces.size());
    boolean reuse = rejected == 0 && traces.size() == 1;
    traces.forEach((traceId, group) -> records.add(new OtlpRecord(Ids.hex(traceId),
        reuse ? bytes : group.build(bytes), group.spans)));
    String message = rejected == 0 ? "" : rejected + " span(s) rejected, first at " + firstProblem;
    return new Split(records, rejected, message);
  }

  /** A byte range of the request: the content of a length-delimited field. */
  record Range(int offset, int length) {}

  /** The contents of every length-delimited field {@code number} directly inside {@code message}. */
  static List<Range> fields(byte[] bytes, Range message, int number) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes, message.offset(), message.length());
    List<Range> found = new ArrayList<>();
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (tag == RawWriter.lengthDelimitedTag(number)) {
        int length = in.readRawVarint32();
        found.add(new Range(message.offset() + in.getTotalBytesRead(), length));
        in.skipRawBytes(length);
      } else {
        in.skipField(tag);
      }
    }
    return found;
  }

  /** Everything in {@code message} except its fields {@code number}, as raw tagged bytes. */
  static void writeAllBut(byte[] bytes, Range message, int number, RawWriter out) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes, message.offset(), message.length());
    int start = 0;
    int tag;
    while ((tag = in.readTag()) != 0) {
      int fieldStart = in.getTotalBytesRead() - RawWriter.varintSize(tag);
      in.skipField(tag);
      if (WireFormat.getTagFieldNumber(tag) == number) {
        out.write(bytes, message.offset() + start, fieldStart - start);
        start = in.getTotalBytesRead();
      }
    }
    out.write(bytes, message.offset() + start, message.length() - start);
  }

  /** One trace's spans, by resource then scope, in arrival order. */
  private static final class TraceGroup {
    final Map<Range, Map<Range, List<Range>>> byResource = new LinkedHashMap<>();
    int spans;

    void add(Range resource, Range scope, Range span) {
      byResource.computeIfAbsent(resource, k -> new LinkedHashMap<>())
          .computeIfAbsent(scope, k -> new ArrayList<>()).add(span);
      spans++;
    }

    byte[] build(byte[] bytes) {
      try {
        RawWriter request = new RawWriter(1024);
        for (Map.Entry<Range, Map<Range, List<Range>>> resource : byResource.entrySet()) {
          RawWriter resourceSpans = new RawWriter(1024);
          writeAllBut(bytes, resource.getKey(), SCOPE_SPANS, resourceSpans);
          for (Map.Entry<Range, List<Range>> scope : resource.getValue().entrySet()) {
            RawWriter scopeSpans = new RawWriter(1024);
            writeAllBut(bytes, scope.getKey(), SPANS, scopeSpans);
            for (Range span : scope.getValue()) {
              scopeSpans.writeField(SPANS, bytes, span.offset(), span.length());
            }
            resourceSpans.writeField(SCOPE_SPANS, scopeSpans);
          }
          request.writeField(RESOURCE_SPANS, resourceSpans);
        }
        return request.toByteArray();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
