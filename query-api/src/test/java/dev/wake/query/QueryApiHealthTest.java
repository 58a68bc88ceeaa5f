package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wake.core.CheckResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryApiHealthTest {
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void readyz_partNotReady_answers503WithReason() throws Exception {
    Map<String, CheckResult> parts = new LinkedHashMap<>();
    parts.put("kafka", CheckResult.OK);
    parts.put("clickhouse", CheckResult.failed("starting"));
    try (QueryApi api = new QueryApi(new QueryApiConfig("127.0.0.1", 0), () -> Map.copyOf(parts))) {
      api.start();
      HttpResponse<String> notReady = get(api, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("clickhouse").contains("starting");

      parts.put("clickhouse", CheckResult.OK);
      assertThat(get(api, "/readyz").statusCode()).isEqualTo(200);
      assertThat(get(api, "/livez").statusCode()).isEqualTo(200);
    }
  }

  private HttpResponse<String> get(QueryApi api, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
