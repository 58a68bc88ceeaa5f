package dev.wake.query;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page ended: the sort time (ns) and id of its last item. Opaque to clients (URL-safe
 * base64); a cursor that does not decode is a 400.
 */
record Cursor(long ns, String id) {

  String encode() {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((ns + ":" + id).getBytes(StandardCharsets.UTF_8));
  }

  /** The cursor in {@code text}, or null when {@code text} is null. */
  static Cursor decode(String text) {
    if (text == null) {
      return null;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
      int colon = raw.indexOf(':');
      return new Cursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw ApiException.badRequest("cursor is not one this API returned; start again without it", "query parameter cursor");
    }
  }
}
