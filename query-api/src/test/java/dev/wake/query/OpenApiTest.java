package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bundled OpenAPI document: OpenAPI 3.1, every {@code /api/v1} route QueryApi registers, no dangling reference. */
class OpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void document_isOpenApi31() throws Exception {
    JsonNode doc = document();
    assertThat(doc.path("openapi").asText()).startsWith("3.1.");
    assertThat(doc.path("info").path("title").asText()).isNotBlank();
    assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
    assertThat(doc.path("components").path("schemas").path("Error").path("properties").path("error")
        .path("required")).extracting(JsonNode::asText).containsExactly("status", "code", "message", "where");
  }

  @Test
  void document_describesEveryApiV1RouteQueryApiRegisters() throws Exception {
    JsonNode paths = document().path("paths");
    List<String> routes;
    try (QueryApi api = new QueryApi(new QueryApiConfig("127.0.0.1", 0), Map::of)) {
      routes = api.routes().stream().filter(route -> route.contains(" /api/v1/")).toList();
    }
    assertThat(routes).contains("GET /api/v1/traces/{traceId}", "GET /api/v1/agents/{instanceId}/lineage",
        "GET /api/v1/openapi.json");
    List<String> missing = new ArrayList<>();
    for (String route : routes) {
      String method = route.substring(0, route.indexOf(' ')).toLowerCase(Locale.ROOT);
      String path = route.substring(route.indexOf(' ') + 1);
      if (!paths.path(path).has(method)) {
        missing.add(route);
      }
    }
    assertThat(missing).as("routes QueryApi registers that openapi.json does not describe").isEmpty();
  }

  @Test
  void document_everyReferenceResolves() throws Exception {
    JsonNode doc = document();
    List<String> dangling = new ArrayList<>();
    collectDangling(doc, doc, dangling);
    assertThat(dangling).isEmpty();
  }

  @Test
  void openApiRoute_servesTheDocument() throws Exception {
    try (QueryApi api = new QueryApi(new QueryApiConfig("127.0.0.1", 0), Map::of)) {
      api.start();
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + api.port() + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
          .startsWith("application/json"));
      assertThat(JSON.readTree(response.body())).isEqualTo(document());
    }
  }

  private static void collectDangling(JsonNode doc, JsonNode node, List<String> dangling) {
    if (node.isObject() && node.has("$ref")) {
      String ref = node.get("$ref").asText();
      if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
        dangling.add(ref);
      }
    }
    node.forEach(child -> collectDangling(doc, child, dangling));
  }

  private static JsonNode document() throws Exception {
    try (InputStream in = OpenApiTest.class.getResourceAsStream(OpenApiHandler.RESOURCE)) {
      assertThat(in).as(OpenApiHandler.RESOURCE).isNotNull();
      return JSON.readTree(in);
    }
  }
}
