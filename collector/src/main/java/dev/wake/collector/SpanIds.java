package dev.wake.collector;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;

/** The ids of one span read straight from its wire bytes (fields 1, 2 and 4 of {@code Span}). */
final class SpanIds {
  final ByteString traceId;
  final ByteString spanId;
  final ByteString parentSpanId;

  private SpanIds(ByteString traceId, ByteString spanId, ByteString parentSpanId) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
  }

  static SpanIds read(byte[] bytes, TraceSplitter.Range span) throws IOException {
    CodedInputStream in = CodedInputStream.newInstance(bytes, span.offset(), span.length());
    ByteString trace = ByteString.EMPTY;
    ByteString id = ByteString.EMPTY;
    ByteString parent = ByteString.EMPTY;
    int tag;
    while ((tag = in.readTag()) != 0) {
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        in.skipField(tag);
        continue;
      }
      switch (WireFormat.getTagFieldNumber(tag)) {
        case 1 -> trace = in.readBytes();
        case 2 -> id = in.readBytes();
        case 4 -> parent = in.readBytes();
        default -> in.skipField(tag);
      }
    }
    return new SpanIds(trace, id, parent);
  }

  /** Why the span must be rejected, or null when its ids are valid. */
  String problem() {
    if (!Ids.validTraceId(traceId)) {
      return "invalid traceId (" + traceId.size() + " bytes; must be 16, not all zero)";
    }
    if (!Ids.validSpanId(spanId)) {
      return "invalid spanId (" + spanId.size() + " bytes; must be 8, not all zero)";
    }
    if (!parentSpanId.isEmpty() && parentSpanId.size() != 8) {
      return "invalid parentSpanId (" + parentSpanId.size() + " bytes; must be 8 or empty)";
    }
    return null;
  }
}
