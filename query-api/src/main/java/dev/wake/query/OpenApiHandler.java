package dev.wake.query;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of the {@code /api/v1} routes, a resource
 * bundled with the API ({@value #RESOURCE}), read once when the API is built.
 */
final class OpenApiHandler {
  static final String RESOURCE = "/dev/wake/query/openapi.json";
  private final byte[] document;

  OpenApiHandler() {
    try (InputStream in = OpenApiHandler.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the query API's jar: rebuild it");
      }
      document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  void get(Context ctx) {
    ctx.contentType("application/json").result(document);
  }
}
