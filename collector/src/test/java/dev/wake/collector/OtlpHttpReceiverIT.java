package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** OTLP/HTTP edge cases with hand-made requests; Kafka is read back to prove what was (not) written. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class OtlpHttpReceiverIT {
  static final String SPEC_JSON = """
      {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"my.service"}}]},
        "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},
          "spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174",
            "parentSpanId":"EEE19B7EC3C1B173","name":"I'm a server span","startTimeUnixNano":"1544712660000000000",
            "endTimeUnixNano":"1544712661000000000","kind":2,"unknownField":{"x":1},
            "attributes":[{"key":"my.span.attr","value":{"stringValue":"some value"}}]}]}]}]}
      """;

  static CollectorFixture fixture;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start(TestKafka kafka) throws Exception {
    fixture = CollectorFixture.start(kafka, 1, null);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void json_specExample_storedAsProtobufKeyedByTraceId() throws Exception {
    HttpResponse<String> response = post("application/json", SPEC_JSON.getBytes(StandardCharsets.UTF_8), null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    var records = fixture.read(Signal.TRACES, 1, CollectorFixture.keyed("5b8efff798038103d269b633813fc60c"));
    assertThat(records).hasSize(1);
    Span span = ExportTraceServiceRequest.parseFrom(records.get(0).value()).getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertThat(Ids.hex(span.getSpanId())).isEqualTo("eee19b7ec3c1b174");
    assertThat(span.getAttributes(0).getValue().getStringValue()).isEqualTo("some value");
    assertThat(span.getKindValue()).isEqualTo(2);
  }

  @Test
  void gzipProtobuf_invalidIds_partialSuccessAndOnlyValidSpansStored() throws Exception {
    String traceHex = "0af7651916cd43dd8448eb211c80319c";
    ByteString trace = ByteString.fromHex(traceHex);
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder()
            .addSpans(span(trace, ByteString.fromHex("b7ad6b7169203331"), "ok"))
            .addSpans(span(ByteString.copyFrom(new byte[16]), ByteString.fromHex("b7ad6b7169203332"), "zero trace"))
            .addSpans(span(trace, ByteString.fromHex("b7ad6b71"), "short span id")))).build();
    HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(fixture.httpUrl(Signal.TRACES)))
        .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(request.toByteArray()))).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    ExportTraceServiceResponse body = ExportTraceServiceResponse.parseFrom(response.body());
    assertThat(body.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
    assertThat(body.getPartialSuccess().getErrorMessage()).contains("spans[1]").contains("traceId");
    var stored = fixture.read(Signal.TRACES, 1, CollectorFixture.keyed(traceHex));
    assertThat(stored).hasSize(1);
    assertThat(ExportTraceServiceRequest.parseFrom(stored.get(0).value()).getResourceSpans(0).getScopeSpans(0)
        .getSpansList()).extracting(Span::getName).containsExactly("ok");
  }

  @Test
  void badRequests_clearErrorsAndNothingWritten() throws Exception {
    long before = fixture.read(Signal.TRACES, 0).size();
    HttpResponse<String> type = post("text/plain", "hello".getBytes(StandardCharsets.UTF_8), null);
    assertThat(type.statusCode()).isEqualTo(415);
    assertThat(type.body()).contains("Content-Type");

    HttpResponse<String> truncated = post("application/x-protobuf", new byte[] {0x0a, 0x7f, 0x01}, null);
    assertThat(truncated.statusCode()).isEqualTo(400);

    HttpResponse<String> json = post("application/json", "{\"resourceSpans\":[".getBytes(StandardCharsets.UTF_8), null);
    assertThat(json.statusCode()).isEqualTo(400);
    assertThat(json.body()).contains("message");

    byte[] big = new byte[2 << 20]; // 2 MiB of zeros: over this collector's 1 MiB limit once unzipped
    HttpResponse<String> tooLarge = post("application/x-protobuf", gzip(big), "gzip");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    HttpResponse<String> tooLargePlain = post("application/x-protobuf", big, null);
    assertThat(tooLargePlain.statusCode()).isEqualTo(413);

    assertThat(fixture.read(Signal.TRACES, 0).size()).isEqualTo(before);
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.collector.httpPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body())
        .contains("wake_collector_requests_refused_total{signal=\"traces\",protocol=\"http\",reason=\"too_large\"} 2");
  }

  @Test
  void tokens_missingOrUnknown_401_knownTokenCarriesTenant(TestKafka kafka) throws Exception {
    Path tokens = Files.createTempFile("wake-tokens", ".txt");
    Files.writeString(tokens, "# token=tenant\nsecret-a=acme\n");
    try (CollectorFixture secured = CollectorFixture.start(kafka, 16, tokens)) {
      URI uri = URI.create(secured.httpUrl(Signal.TRACES));
      byte[] body = SPEC_JSON.getBytes(StandardCharsets.UTF_8);
      assertThat(send(uri, null).statusCode()).isEqualTo(401);
      assertThat(send(uri, "Bearer nope").statusCode()).isEqualTo(401);
      assertThat(send(uri, "Bearer secret-a").statusCode()).isEqualTo(200);
      var records = secured.read(Signal.TRACES, 1);
      assertThat(records).hasSize(1);
      assertThat(new String(records.get(0).headers().lastHeader(KafkaSink.TENANT_HEADER).value(), StandardCharsets.UTF_8))
          .isEqualTo("acme");
    } finally {
      Files.deleteIfExists(tokens);
    }
  }

  private HttpResponse<String> send(URI uri, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(SPEC_JSON));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String contentType, byte[] body, String encoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fixture.httpUrl(Signal.TRACES)))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (encoding != null) {
      request.header("Content-Encoding", encoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static Span span(ByteString trace, ByteString spanId, String name) {
    return Span.newBuilder().setTraceId(trace).setSpanId(spanId).setName(name)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_100_000_000L).build();
  }

  static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
