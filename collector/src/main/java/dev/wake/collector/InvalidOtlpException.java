package dev.wake.collector;

/**
 * A request that is not valid OTLP. Permanent: the receivers answer 400 / INVALID_ARGUMENT with
 * this message, which says what was wrong and where, and nothing of the request reaches Kafka.
 */
public final class InvalidOtlpException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidOtlpException(String message) {
    super(message);
  }

  public InvalidOtlpException(String message, Throwable cause) {
    super(message, cause);
  }
}
