package dev.wake.demo;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks Wake's query API for an agent's lineage until it answers 200: the writer stores a batch about a
 * second after the agents exported, so the newest agents take a moment to become queryable.
 */
final class LineageProbe {
  private static final Duration POLL = Duration.ofMillis(250);

  private LineageProbe() { }

  /** The UI page of an agent. */
  static String uiLink(String http, String instanceId) {
    return http + "/agents/" + instanceId;
  }

  /** The lineage endpoint of an agent. */
  static String apiLink(String http, String instanceId) {
    return http + "/api/v1/agents/" + instanceId + "/lineage";
  }

  /**
   * GETs {@link #apiLink} every 250 ms until it answers 200 or {@code wait} passed (at least one try);
   * blocks. Returns the last answer: {@code "200"}, another status, or why there was none.
   */
  static String await(String http, String instanceId, Duration wait) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiLink(http, instanceId)))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + wait.toNanos();
    String last;
    do {
      try {
        last = Integer.toString(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        if (last.equals("200")) {
          return last;
        }
      } catch (ConnectException e) {
        last = "connection refused";
      } catch (IOException e) {
        last = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      Thread.sleep(POLL.toMillis());
    } while (System.nanoTime() < deadline);
    return last;
  }
}
