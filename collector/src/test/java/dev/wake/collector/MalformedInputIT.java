package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A corpus of malformed protobuf requests: every one gets a clear 4xx / INVALID_ARGUMENT, none reaches Kafka. */
@ExtendWith(WakeStackExtension.class)
@Timeout(300)
class MalformedInputIT {

  static Map<String, byte[]> corpus() {
    byte[] valid = validRequest().toByteArray();
    Map<String, byte[]> corpus = new LinkedHashMap<>();
    corpus.put("empty body", new byte[0]);
    corpus.put("truncated", java.util.Arrays.copyOf(valid, valid.length / 2));
    corpus.put("wrong wire type (varint where a message is)", new byte[] {0x08, 0x01});
    corpus.put("unknown fields only", new byte[] {(byte) 0xf8, 0x07, 0x01});
    corpus.put("huge declared length", new byte[] {0x0a, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f, 0x01});
    corpus.put("invalid UTF-8 in a string", invalidUtf8Name());
    corpus.put("nesting 200 deep", nested(200).toByteArray());
    corpus.put("garbage", "this is not protobuf at all, just text".getBytes());
    return corpus;
  }

  @Test
  void http_malformedCorpus_400AndNothingWritten(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      HttpClient http = HttpClient.newHttpClient();
      for (Map.Entry<String, byte[]> input : corpus().entrySet()) {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(fixture.httpUrl(Signal.TRACES)))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(input.getValue())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(input.getKey()).isEqualTo(400);
        String message = com.google.rpc.Status.parseFrom(response.body()).getMessage();
        assertThat(message).as(input.getKey()).isNotBlank();
      }
      assertThat(fixture.read(Signal.TRACES, 0)).isEmpty();
      assertThat(fixture.collector.check().ok()).isTrue();
    }
  }

  @Test
  void grpc_malformedCorpus_invalidArgumentAndNothingWritten(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fixture.collector.grpcPort()).usePlaintext().build();
      MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(RawBytes.INSTANCE).setResponseMarshaller(RawBytes.INSTANCE).build();
      try {
        for (Map.Entry<String, byte[]> input : corpus().entrySet()) {
          assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT, input.getValue()))
              .as(input.getKey())
              .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).isNotBlank();
              });
        }
        byte[] ok = ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT, validRequest().toByteArray());
        assertThat(ok).isNotNull(); // the server still serves
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
      assertThat(fixture.read(Signal.TRACES, 1)).hasSize(1); // only the valid request
    }
  }

  /** A valid request whose span name bytes are then replaced by an invalid UTF-8 sequence. */
  static byte[] invalidUtf8Name() {
    byte[] bytes = validRequest().toBuilder().setResourceSpans(0, validRequest().getResourceSpans(0).toBuilder()
        .setScopeSpans(0, validRequest().getResourceSpans(0).getScopeSpans(0).toBuilder()
            .setSpans(0, validRequest().getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder().setName("~~"))))
        .build().toByteArray();
    for (int i = 0; i + 1 < bytes.length; i++) {
      if (bytes[i] == '~' && bytes[i + 1] == '~') {
        bytes[i] = (byte) 0xc3;
        bytes[i + 1] = 0x28;
        return bytes;
      }
    }
    throw new IllegalStateException("marker not found");
  }

  static ExportTraceServiceRequest validRequest() {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpHttpReceiverIT.span(
            ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"), ByteString.fromHex("b7ad6b7169203331"), "ok")))).build();
  }

  static ExportTraceServiceRequest nested(int depth) {
    AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < depth; i++) {
      value = AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
          .addValues(KeyValue.newBuilder().setKey("k").setValue(value))).build();
    }
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setTraceId(ByteString.fromHex("0af7651916cd43dd8448eb211c80319c"))
            .setSpanId(ByteString.fromHex("b7ad6b7169203331"))
            .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value))))).build();
  }
}
