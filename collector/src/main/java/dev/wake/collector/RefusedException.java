package dev.wake.collector;

/**
 * A valid request the collector cannot take now. Retryable: OTLP exporters retry after
 * {@link #retryAfterSeconds()}, so nothing is lost.
 */
final class RefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why: too many bytes already in flight (429 / RESOURCE_EXHAUSTED), or Kafka did not take it (503 / UNAVAILABLE). */
  enum Reason {
    OVERLOADED,
    UNAVAILABLE
  }

  private final Reason reason;
  private final int retryAfterSeconds;

  RefusedException(Reason reason, String message, int retryAfterSeconds, Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  Reason reason() {
    return reason;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
