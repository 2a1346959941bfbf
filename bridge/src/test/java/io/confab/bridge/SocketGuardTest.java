package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The frame budget on the time it is given: the bridge's Retry-After is kept, whatever the budget is tuned to. */
class SocketGuardTest {

  private static final long RETRY_AFTER_NANOS = TimeUnit.SECONDS.toNanos(Limits.BRIDGE_RETRY_AFTER_SECONDS);

  @Test
  @DisplayName("a frame refused past the default budget is accepted once the bridge's Retry-After has passed")
  void theDefaultBudgetKeepsTheRetryAfter() {
    assertRetryAfterIsKept(BridgeLimits.DEFAULTS);
  }

  @Test
  @DisplayName("at the slowest refill the budget can be tuned to, one frame a second, the Retry-After is still kept")
  void theSlowestBudgetKeepsTheRetryAfter() {
    assertRetryAfterIsKept(new BridgeLimits(3, 1, 100, 1024));
  }

  private static void assertRetryAfterIsKept(BridgeLimits limits) {
    long now = 0;
    SocketGuard guard = new SocketGuard(limits, 30_000, now);
    for (int i = 0; i < limits.frameBurst(); i++) {
      assertThat(guard.frame(now)).isEqualTo(SocketGuard.Verdict.ACCEPT);
    }
    assertThat(guard.frame(now)).as("past the burst").isEqualTo(SocketGuard.Verdict.REFUSE);

    assertThat(guard.frame(now + RETRY_AFTER_NANOS)).as("after Retry-After").isEqualTo(SocketGuard.Verdict.ACCEPT);
  }
}
