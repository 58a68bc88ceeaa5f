package dev.wake.collector;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * OTLP/HTTP's JSON encoding (OTLP specification, "JSON Protobuf Encoding"): the proto3 JSON
 * mapping, except that trace and span ids are hex strings (either case), not base64. Field names
 * may be lowerCamelCase or the proto names, enums integers or names, 64-bit integers strings or
 * numbers; unknown fields are ignored. Stateless and thread-safe; every parse failure, whatever the
 * input, is an {@link InvalidOtlpException} whose message says what is wrong and where.
 *
 * <p>One pass over the text checks that it is strict JSON (RFC 8259) nested at most {@value
 * #MAX_DEPTH} levels, checks the JSON type of known message, repeated and id fields, and rewrites
 * the ids to base64; {@link JsonFormat} then builds the message from the rewritten text. The pass
 * is needed because JsonFormat's reader (Gson) accepts comments, single quotes and unquoted names,
 * and bounds nesting only by catching StackOverflowError; and the collector has no JSON library of
 * its own (Javalin's Jackson is optional). An id of valid hex but the wrong length is kept, so the
 * caller can reject it as partial success.
 */
final class OtlpJson {
  private static final int MAX_DEPTH = 512;
  private static final Set<String> ID_FIELDS = Set.of("trace_id", "span_id", "parent_span_id");
  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final String in;
  private final StringBuilder out;
  private final StringBuilder text = new StringBuilder(); // decoded content of the last string read
  private final List<Object> path = new ArrayList<>(); // names and array indexes down to pos
  private int pos;

  private OtlpJson(String in) {
    this.in = in;
    this.out = new StringBuilder(in.length() + 16);
  }

  /** Parses an OTLP/HTTP JSON traces request body. */
  static ExportTraceServiceRequest parseTraces(byte[] utf8Json) throws InvalidOtlpException {
    return parse(utf8Json, ExportTraceServiceRequest.newBuilder()).build();
  }

  /** Parses an OTLP/HTTP JSON metrics request body. */
  static ExportMetricsServiceRequest parseMetrics(byte[] utf8Json) throws InvalidOtlpException {
    return parse(utf8Json, ExportMetricsServiceRequest.newBuilder()).build();
  }

  /** Parses an OTLP/HTTP JSON logs request body. */
  static ExportLogsServiceRequest parseLogs(byte[] utf8Json) throws InvalidOtlpException {
    return parse(utf8Json, ExportLogsServiceRequest.newBuilder()).build();
  }

  /** The compact UTF-8 JSON of a response: lowerCamelCase names, defaults omitted, int64 quoted. */
  static byte[] print(MessageOrBuilder response) {
    try {
      return PRINTER.print(response).getBytes(UTF_8);
    } catch (InvalidProtocolBufferException e) { // only for google.protobuf.Any, not in OTLP
      throw new IllegalArgumentException("cannot print " + response.getDescriptorForType(), e);
    }
  }

  private static <B extends Message.Builder> B parse(byte[] body, B builder)
      throws InvalidOtlpException {
    String json;
    try {
      json = UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString(); // reports bad bytes
    } catch (CharacterCodingException e) {
      throw new InvalidOtlpException("request body is not valid UTF-8");
    }
    if (json.isBlank()) {
      throw new InvalidOtlpException("request body is empty");
    }
    OtlpJson scan = new OtlpJson(json.startsWith("\uFEFF") ? json.substring(1) : json);
    if (scan.skipSpace() != '{') {
      throw scan.fail("must be a JSON object");
    }
    scan.object(builder.getDescriptorForType(), 1);
    if (!scan.skipWhitespace()) {
      throw scan.syntax("unexpected content after the top-level object");
    }
    try {
      PARSER.merge(scan.out.toString(), builder);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidOtlpException("invalid OTLP JSON: " + e.getMessage(), e);
    }
    return builder;
  }

  /**
   * Copies one value. {@code field} is the proto field it fills, null if unknown; {@code element}
   * whether the value is one element of that repeated field rather than the whole array.
   */
  private void value(FieldDescriptor field, boolean element, int depth)
      throws InvalidOtlpException {
    char c = skipSpace();
    boolean repeated = field != null && field.isRepeated() && !element;
    boolean message = field != null && !repeated
        && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
    boolean id = field != null && !repeated && ID_FIELDS.contains(field.getName())
        && field.getType() == FieldDescriptor.Type.BYTES;
    String kind = c == '"' ? "a string" : c == '{' ? "an object" : c == '[' ? "an array"
        : c == 't' || c == 'f' ? "a boolean" : c == '-' || c >= '0' && c <= '9' ? "a number" : null;
    if (kind != null && (repeated && c != '[' || message && c != '{' || id && c != '"')) {
      String expected = repeated ? "a JSON array" : message ? "a JSON object" : "a hex string";
      throw fail("must be " + expected + ", not " + kind);
    }
    switch (c) {
      case '{' -> object(message ? field.getMessageType() : null, depth + 1);
      case '[' -> array(repeated ? field : null, depth + 1);
      case '"' -> string(id);
      case 'n' -> literal("null");
      case 't' -> literal("true");
      case 'f' -> literal("false");
      default -> number();
    }
  }

  private void object(Descriptor type, int depth) throws InvalidOtlpException {
    open('{', depth);
    if (skipSpace() == '}') {
      copy('}');
      return;
    }
    do {
      if (skipSpace() != '"') {
        throw syntax("expected a field name");
      }
      string(false);
      String name = text.toString();
      if (skipSpace() != ':') {
        throw syntax("expected ':'");
      }
      copy(':');
      path.add(name);
      value(type == null ? null : field(type, name), false, depth);
      path.remove(path.size() - 1);
    } while (separator('}'));
  }

  private void array(FieldDescriptor field, int depth) throws InvalidOtlpException {
    open('[', depth);
    if (skipSpace() == ']') {
      copy(']');
      return;
    }
    int index = 0;
    do {
      path.add(index++);
      value(field, true, depth);
      path.remove(path.size() - 1);
    } while (separator(']'));
  }

  /** Copies a string, validating its escapes; decodes it into text; rewrites a hex id to base64. */
  private void string(boolean hexId) throws InvalidOtlpException {
    int start = pos++;
    text.setLength(0);
    for (char c = peek(); c != '"'; c = peek()) {
      pos++;
      if (c < 0x20) {
        throw syntax("control character in a string");
      } else if (c != '\\') {
        text.append(c);
        continue;
      }
      char e = peek();
      pos++;
      switch (e) {
        case '"', '\\', '/' -> text.append(e);
        case 'b' -> text.append('\b');
        case 'f' -> text.append('\f');
        case 'n' -> text.append('\n');
        case 'r' -> text.append('\r');
        case 't' -> text.append('\t');
        case 'u' -> text.append(unicodeEscape());
        default -> throw syntax("invalid escape \\" + e);
      }
    }
    pos++;
    if (!hexId) {
      out.append(in, start, pos);
      return;
    }
    try {
      byte[] id = HexFormat.of().parseHex(text);
      out.append('"').append(Base64.getEncoder().encodeToString(id)).append('"');
    } catch (IllegalArgumentException e) {
      int end = Math.min(pos, start + 80); // the id as written, cut short if long
      throw fail("is not hex: " + in.substring(start, end) + (end < pos ? "..." : ""));
    }
  }

  private char unicodeEscape() throws InvalidOtlpException {
    if (pos + 4 > in.length()) {
      throw syntax("unexpected end of input");
    }
    int start = pos;
    pos += 4;
    try {
      return (char) HexFormat.fromHexDigits(in, start, pos);
    } catch (IllegalArgumentException e) {
      throw syntax("invalid \\u escape");
    }
  }

  private void number() throws InvalidOtlpException {
    int start = pos;
    while (pos < in.length() && "+-.eE0123456789".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw syntax("unexpected character '" + in.charAt(pos) + "'");
    } else if (!NUMBER.matcher(in).region(start, pos).matches()) {
      throw syntax("invalid number " + in.substring(start, Math.min(pos, start + 40)));
    }
    out.append(in, start, pos);
  }

  private void literal(String word) throws InvalidOtlpException {
    if (!in.startsWith(word, pos)) {
      throw syntax("expected " + word);
    }
    out.append(word);
    pos += word.length();
  }

  private void open(char bracket, int depth) throws InvalidOtlpException {
    if (depth > MAX_DEPTH) {
      throw new InvalidOtlpException(
          "JSON nested deeper than " + MAX_DEPTH + " levels at character " + pos);
    }
    copy(bracket);
  }

  /** Copies ',' and answers true, or copies the closing bracket and answers false. */
  private boolean separator(char close) throws InvalidOtlpException {
    char c = skipSpace();
    if (c != ',' && c != close) {
      throw syntax("expected ',' or '" + close + "'");
    }
    copy(c);
    return c == ',';
  }

  private void copy(char c) {
    out.append(c);
    pos++;
  }

  /** Skips whitespace and answers the next character. */
  private char skipSpace() throws InvalidOtlpException {
    skipWhitespace();
    return peek();
  }

  /** Skips whitespace and answers whether the input ends there. */
  private boolean skipWhitespace() {
    while (pos < in.length() && " \t\n\r".indexOf(in.charAt(pos)) >= 0) {
      pos++;
    }
    return pos == in.length();
  }

  private char peek() throws InvalidOtlpException {
    if (pos >= in.length()) {
      throw syntax("unexpected end of input");
    }
    return in.charAt(pos);
  }

  private static FieldDescriptor field(Descriptor type, String name) {
    FieldDescriptor field = type.findFieldByName(name);
    if (field == null) {
      for (FieldDescriptor candidate : type.getFields()) {
        if (candidate.getJsonName().equals(name)) {
          return candidate;
        }
      }
    }
    return field;
  }

  private InvalidOtlpException fail(String problem) {
    return new InvalidOtlpException(where() + " " + problem);
  }

  private InvalidOtlpException syntax(String problem) {
    return new InvalidOtlpException(
        "malformed JSON at character " + pos + " (in " + where() + "): " + problem);
  }

  private String where() {
    StringBuilder s = new StringBuilder();
    for (Object step : path) {
      s.append(step instanceof Integer ? "[" + step + "]" : (s.length() == 0 ? "" : ".") + step);
    }
    int cut = s.length() - 200; // names are the client's and may be long
    return s.length() == 0 ? "request body" : cut > 0 ? "..." + s.substring(cut) : s.toString();
  }
}
