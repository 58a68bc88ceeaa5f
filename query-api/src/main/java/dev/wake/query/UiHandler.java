package dev.wake.query;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web UI: the bundle the {@code ui} module builds into {@value #DIRECTORY} on the classpath.
 * Every UI page ({@code /}, {@code /traces/{traceId}}, ...) answers {@code index.html}, so a page
 * reloads and shares by its URL; the hashed files under {@code /assets} are served as static files
 * and cached for good. Without a bundle (a query API built without the UI) the pages answer 404
 * saying so.
 */
final class UiHandler {
  static final String DIRECTORY = "/dev/wake/ui";
  private final byte[] index;

  UiHandler() {
    try (InputStream in = UiHandler.class.getResourceAsStream(DIRECTORY + "/index.html")) {
      index = in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + DIRECTORY + "/index.html", e);
    }
  }

  /** Serves {@code /assets/*} from the bundle, if there is one. */
  void addStaticFiles(JavalinConfig javalin) {
    if (index == null || UiHandler.class.getResource(DIRECTORY + "/assets") == null) {
      return;
    }
    javalin.staticFiles.add(files -> {
      files.hostedPath = "/assets";
      files.directory = DIRECTORY + "/assets";
      files.location = Location.CLASSPATH;
      // File names carry a hash of their content.
      files.headers = Map.of("Cache-Control", "public, max-age=31536000, immutable");
    });
  }

  /** A UI page: {@code index.html}, never cached (it names the current assets). */
  void page(Context ctx) {
    if (index == null) {
      throw ApiException.notFound("the UI is not in this build: build it with ./mvnw package (needs Node and npm)");
    }
    ctx.header("Cache-Control", "no-cache").contentType("text/html; charset=utf-8").result(index);
  }
}
