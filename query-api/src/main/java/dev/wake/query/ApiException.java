package dev.wake.query;

/**
 * A request the API answers with an error: its HTTP status, a stable machine-readable code, a
 * message that says what was wrong and what to do, and where (which parameter or field), if known.
 * Handlers throw it; {@link QueryApi} renders every one in the same JSON shape.
 */
final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String code;
  final String where;

  ApiException(int status, String code, String message, String where) {
    super(message);
    this.status = status;
    this.code = code;
    this.where = where;
  }

  static ApiException badRequest(String message, String where) {
    return new ApiException(400, "bad_request", message, where);
  }

  static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, null);
  }

  static ApiException forbidden(String message, String where) {
    return new ApiException(403, "forbidden", message, where);
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message, null);
  }
}
