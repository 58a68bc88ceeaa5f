package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.wake.testing.TestKafka;
import dev.wake.testing.WakeStackExtension;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of agents that each connect, export one small batch and exit: every one is served and
 * the collector keeps no connection behind. Plus the gRPC side of gzip, size limit and tokens.
 */
@ExtendWith(WakeStackExtension.class)
@Timeout(600)
class ShortLivedAgentsIT {
  static final int AGENTS = 2_000;

  @Test
  void http_twoThousandOneShotConnections_allServedNoneLeaked(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      long filesBefore = openFiles();
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<String>> statuses = new ArrayList<>();
      for (int agent = 0; agent < AGENTS; agent++) {
        int id = agent;
        statuses.add(pool.submit(() -> exportWithRetries(fixture.collector.httpPort(), request(id))));
      }
      List<String> failed = new ArrayList<>();
      for (Future<String> status : statuses) {
        String response = status.get(2, TimeUnit.MINUTES);
        if (!response.startsWith("HTTP/1.1 200")) {
          failed.add(response);
        }
      }
      pool.shutdown();
      assertThat(failed).isEmpty();
      assertThat(fixture.read(Signal.TRACES, AGENTS)).hasSize(AGENTS);
      Thread.sleep(1_000); // let closed sockets be reaped
      assertThat(openFiles()).isLessThan(filesBefore + 64);
    }
  }

  @Test
  void grpc_oneChannelPerAgent_gzip_allServed(TestKafka kafka) throws Exception {
    try (CollectorFixture fixture = CollectorFixture.start(kafka)) {
      for (int agent = 0; agent < 200; agent++) {
        OtlpGrpcSpanExporter exporter = OtlpGrpcSpanExporter.builder().setEndpoint(fixture.grpcEndpoint())
            .setCompression("gzip").build();
        SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
        provider.get("agent").spanBuilder("step").startSpan().end();
        assertThat(provider.shutdown().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      }
      assertThat(fixture.read(Signal.TRACES, 200)).hasSize(200);
    }
  }

  @Test
  void grpc_tooLargeAndUnauthenticated_refusedWithTheirCodes(TestKafka kafka) throws Exception {
    Path tokens = Files.createTempFile("wake-tokens", ".txt");
    Files.writeString(tokens, "t0ken=acme\n");
    try (CollectorFixture fixture = CollectorFixture.start(kafka, 1, tokens)) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", fixture.collector.grpcPort()).usePlaintext()
          .build();
      MethodDescriptor<byte[], byte[]> export = MethodDescriptor.<byte[], byte[]>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName("opentelemetry.proto.collector.trace.v1.TraceService/Export")
          .setRequestMarshaller(RawBytes.INSTANCE).setResponseMarshaller(RawBytes.INSTANCE).build();
      Metadata auth = new Metadata();
      auth.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer t0ken");
      try {
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(channel, export, CallOptions.DEFAULT, request(1).toByteArray()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        io.grpc.Channel tokenChannel = io.grpc.ClientInterceptors.intercept(channel,
            MetadataUtils.newAttachHeadersInterceptor(auth));
        byte[] ok = ClientCalls.blockingUnaryCall(tokenChannel, export, CallOptions.DEFAULT, request(2).toByteArray());
        assertThat(ok).isNotNull();
        byte[] huge = bigRequest(2 << 20);
        assertThatThrownBy(() -> ClientCalls.blockingUnaryCall(tokenChannel, export, CallOptions.DEFAULT, huge))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        Files.deleteIfExists(tokens);
      }
    }
  }

  /**
   * What an OTLP exporter does: retry on 429/503 (a busy machine may refuse for a moment); any
   * other status is returned as it came.
   */
  private static String exportWithRetries(int port, ExportTraceServiceRequest request) throws Exception {
    String response = exportOnce(port, request);
    for (int attempt = 1; attempt < 5 && (response.startsWith("HTTP/1.1 429") || response.startsWith("HTTP/1.1 503"));
        attempt++) {
      Thread.sleep(200L * attempt);
      response = exportOnce(port, request);
    }
    return response;
  }

  /** One agent: a fresh TCP connection, one request, {@code Connection: close}; returns the response. */
  private static String exportOnce(int port, ExportTraceServiceRequest request) throws Exception {
    byte[] body = request.toByteArray();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-protobuf\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static ExportTraceServiceRequest request(int agent) {
    return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpHttpReceiverIT.span(
            ByteString.fromHex(String.format("%032x", 0x5000000L + agent)), ByteString.fromHex("b7ad6b7169203331"),
            "agent " + agent)))).build();
  }

  private static byte[] bigRequest(int bytes) {
    return request(0).toBuilder().setResourceSpans(0, request(0).getResourceSpans(0).toBuilder()
        .setScopeSpans(0, request(0).getResourceSpans(0).getScopeSpans(0).toBuilder()
            .setSpans(0, request(0).getResourceSpans(0).getScopeSpans(0).getSpans(0).toBuilder()
                .setName("x".repeat(bytes))))).build().toByteArray();
  }

  private static long openFiles() throws Exception {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
