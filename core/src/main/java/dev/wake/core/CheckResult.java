package dev.wake.core;

import java.util.Objects;

/**
 * Outcome of {@link Component#check()}.
 *
 * @param ok whether the component serves now
 * @param detail a human-readable reason when not ok (what to do about it), or a short status when ok
 */
public record CheckResult(boolean ok, String detail) {

  public static final CheckResult OK = new CheckResult(true, "ok");

  public CheckResult {
    Objects.requireNonNull(detail, "detail");
  }

  /** A failed check whose detail says what is wrong and, where possible, what to do. */
  public static CheckResult failed(String detail) {
    return new CheckResult(false, detail);
  }
}
