package io.confab.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition, checking it every few milliseconds; the deadline only guards against hanging,
 * it is never what a test asserts. The one poll loop of the suite's blocking tests.
 */
public final class Eventually {

  private static final long POLL_MS = 20;

  /** Returns once {@code condition} holds; fails with {@code what} when it has not within {@code within}. */
  public static void until(BooleanSupplier condition, Duration within, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not within " + within);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted", e);
      }
    }
  }

  private Eventually() {
  }
}
