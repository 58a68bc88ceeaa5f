package dev.wake.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.wake.devstack.Ports;
import dev.wake.devstack.kafka.EmbeddedKafka;
import dev.wake.devstack.kafka.KafkaSettings;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka stops mid-test: the collector answers 503 with Retry-After (or 429 when too much is
 * already waiting), never 200; once Kafka is back, retried requests succeed and every request
 * that was ever answered 200 is in Kafka.
 */
@Timeout(300)
class KafkaOutageIT {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void kafkaDown_refusesWithRetryAfter_andNothingAcknowledgedIsLost() throws Exception {
    Path dir = Files.createTempDirectory("wake-outage-");
    KafkaSettings settings = new KafkaSettings("127.0.0.1", Ports.free("127.0.0.1"), Ports.free("127.0.0.1"), dir, 512);
    EmbeddedKafka kafka = new EmbeddedKafka(settings);
    kafka.start();
    Map<Signal, String> topics = Map.of(Signal.TRACES, "outage_spans", Signal.METRICS, "outage_metrics",
        Signal.LOGS, "outage_logs");
    CollectorConfig config = new CollectorConfig("127.0.0.1", 0, 0, 16 << 20, 1, kafka.bootstrapServers(), topics, 1,
        (short) 1, 5_000, null);
    Set<String> acknowledged = new HashSet<>();
    List<String> refusedTraces = new ArrayList<>();
    try (Collector collector = new Collector(config)) {
      collector.start();
      URI uri = URI.create("http://127.0.0.1:" + collector.httpPort() + Signal.TRACES.httpPath);
      String first = traceId(1);
      assertThat(post(uri, first).statusCode()).isEqualTo(200);
      acknowledged.add(first);

      kafka.close();
      CompletableFuture<HttpResponse<String>> slow = CompletableFuture.supplyAsync(() -> postUnchecked(uri, traceId(2)));
      Thread.sleep(300); // let the first request take the whole in-flight budget (1 byte)
      HttpResponse<String> overloaded = post(uri, traceId(3));
      HttpResponse<String> unavailable = slow.get();
      assertThat(unavailable.statusCode()).isEqualTo(503);
      assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
      assertThat(overloaded.statusCode()).isEqualTo(429);
      assertThat(overloaded.headers().firstValue("Retry-After")).isPresent();
      refusedTraces.add(traceId(2));
      refusedTraces.add(traceId(3));

      kafka = new EmbeddedKafka(settings);
      kafka.start();
      for (String trace : refusedTraces) { // what an OTLP exporter does on 503/429
        int status = 0;
        for (int attempt = 0; attempt < 30 && status != 200; attempt++) {
          status = post(uri, trace).statusCode();
          if (status != 200) {
            Thread.sleep(1_000);
          }
        }
        assertThat(status).as("retry of %s", trace).isEqualTo(200);
        acknowledged.add(trace);
      }
    }
    try {
      Set<String> stored = new HashSet<>();
      CollectorFixture.readAll(kafka.bootstrapServers(), "outage_spans", acknowledged.size())
          .forEach(r -> stored.add(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8)));
      assertThat(stored).containsAll(acknowledged);
    } finally {
      kafka.close();
    }
  }

  private HttpResponse<String> post(URI uri, String traceHex) throws Exception {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(OtlpHttpReceiverIT.span(
            ByteString.fromHex(traceHex), ByteString.fromHex("b7ad6b7169203331"), "work")))).build();
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-protobuf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postUnchecked(URI uri, String traceHex) {
    try {
      return post(uri, traceHex);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String traceId(int n) {
    return String.format("%032x", 0xabc000L + n);
  }
}
