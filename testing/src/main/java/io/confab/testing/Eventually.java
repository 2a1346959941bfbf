package io.confab.testing;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Waits for a condition, checking it every few milliseconds; the deadline only guards against hanging,
 * it is never what a test asserts. The one poll loop of the suite's blocking tests.
 */
public final class Eventually {

  private static final long POLL_MS = 20;

  /** A check that may block and throw (an HTTP request): a throw ends the wait and fails the test. */
  @FunctionalInterface
  public interface Condition {
    boolean holds() throws Exception;
  }

  /** A look that gives null until what it looks for is there. */
  @FunctionalInterface
  public interface Probe<T> {
    T look() throws Exception;
  }

  /** Returns once {@code condition} holds; fails with {@code what} when it has not within {@code within}. */
  public static void until(Condition condition, Duration within, String what) {
    if (!holds(condition, within)) {
      throw new AssertionError(what + ": not within " + within);
    }
  }

  /** The first value {@code probe} gives that is not null; fails with {@code what} when none came within {@code within}. */
  public static <T> T value(Probe<T> probe, Duration within, String what) {
    AtomicReference<T> seen = new AtomicReference<>();
    until(() -> {
      seen.set(probe.look());
      return seen.get() != null;
    }, within, what);
    return seen.get();
  }

  /** Whether {@code condition} came to hold within {@code within}, for callers that report a miss themselves. */
  public static boolean holds(Condition condition, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!check(condition)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    return true;
  }

  private static boolean check(Condition condition) {
    try {
      return condition.holds();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("the condition failed", e);
    }
  }

  private Eventually() {
  }
}
