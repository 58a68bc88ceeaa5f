package dev.wake.core;

/**
 * A part of Wake with a lifecycle: build, {@link #start()}, {@link #check()}, {@link #close()}.
 *
 * <p>Constructing a component does no I/O. {@code start()} blocks until the component serves or
 * throws with a message that says what to do. {@code check()} reports health and never throws.
 * {@code close()} is idempotent and releases everything {@code start()} acquired.
 */
public interface Component extends AutoCloseable {

  /** A short, stable name used in logs and in {@code /readyz}, e.g. {@code "kafka"}. */
  String name();

  /** Starts the component and blocks until it serves. Calling it twice is an error. */
  void start() throws Exception;

  /** Current health; never throws, cheap enough to call on every {@code /readyz} request. */
  CheckResult check();

  /** Stops the component. Idempotent; never throws for a component that never started. */
  @Override
  void close();
}
