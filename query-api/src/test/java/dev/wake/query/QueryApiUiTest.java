package dev.wake.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UI bundle (the ui module's jar) served by the query API: every page's URL answers index.html, assets are cached. */
class QueryApiUiTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static QueryApi api;

  @BeforeAll
  static void start() {
    api = new QueryApi(new QueryApiConfig("127.0.0.1", 0), Map::of);
    api.start();
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  @Test
  void pages_eachUrl_answersIndexHtml() throws Exception {
    for (String page : new String[] {"/", "/traces/4bf92f3577b34da6a3ce929d0e0e4736", "/agents/ghost:p:node-1%2F42",
        "/metrics", "/audit", "/traces/abc?span=00f067aa0ba902b7"}) {
      HttpResponse<String> response = get(page);
      assertThat(response.statusCode()).as(page).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).as(page).hasValueSatisfying(type ->
          assertThat(type).startsWith("text/html"));
      assertThat(response.body()).as(page).contains("<div id=\"app\"></div>");
      assertThat(response.headers().firstValue("Cache-Control")).as(page).hasValue("no-cache");
    }
  }

  @Test
  void assets_namedByIndex_servedAndCachedForGood() throws Exception {
    Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(get("/").body());
    assertThat(script.find()).as("index.html names its script").isTrue();
    HttpResponse<String> response = get(script.group(1));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
        assertThat(type).contains("javascript"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValueSatisfying(value ->
        assertThat(value).contains("immutable"));
  }

  @Test
  void api_unknownRoute_stillJson404() throws Exception {
    HttpResponse<String> response = get("/api/v1/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).startsWith("{\"error\":{\"status\":404").doesNotContain("<html");
    assertThat(get("/no-such-page").body()).startsWith("{\"error\":{\"status\":404");
    assertThat(get("/assets/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/livez").statusCode()).isEqualTo(200);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
