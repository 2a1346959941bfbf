package io.confab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

/** The wait for a quiet target, on a fake clock that its sleeps advance and a CPU source that follows that clock. */
class QuietTest {

  private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);
  private final Instant start = clock.instant();

  private Quiet.Wait awaitWith(LongSupplier cpuMillis) {
    return awaitWith(cpuMillis, 1);
  }

  private Quiet.Wait awaitWith(LongSupplier cpuMillis, int nodes) {
    return new Quiet(cpuMillis, nodes, clock, clock::add).await();
  }

  /** CPU milliseconds used so far by a target busy at {@code cores} until {@code busyFor}, idle after. */
  private LongSupplier busy(double cores, Duration busyFor) {
    return () -> (long) (cores * Math.min(elapsed().toMillis(), busyFor.toMillis()));
  }

  private Duration elapsed() {
    return Duration.between(start, clock.instant());
  }

  @Test
  @DisplayName("an idle target is quiet after one window")
  void anIdleTargetIsQuietAfterOneWindow() {
    Quiet.Wait wait = awaitWith(() -> 1_234);

    assertThat(wait.quiet()).isTrue();
    assertThat(wait.took()).isEqualTo(Quiet.WINDOW);
  }

  @Test
  @DisplayName("a target working off a backlog is waited for until its CPU falls, and no longer")
  void aBusyTargetIsWaitedForUntilItsCpuFalls() {
    Duration backlog = Duration.ofSeconds(10);

    Quiet.Wait wait = awaitWith(busy(1.5, backlog));

    assertThat(wait.quiet()).isTrue();
    assertThat(wait.took()).isGreaterThan(backlog).isLessThanOrEqualTo(backlog.plus(Quiet.WINDOW));
  }

  @Test
  @DisplayName("a target using a little CPU while idle (timers, keep-alives) counts as quiet")
  void aTargetUnderTheShareOfACoreIsQuiet() {
    Quiet.Wait wait = awaitWith(busy(Quiet.SHARE_OF_A_CORE / 2, Duration.ofDays(1)));

    assertThat(wait.quiet()).isTrue();
    assertThat(wait.took()).isEqualTo(Quiet.WINDOW);
  }

  @Test
  @DisplayName("each server node of a target may use that share while idle: two nodes' idle use is quiet, one node at it is not")
  void theShareIsPerServerNode() {
    LongSupplier twoIdleNodes = busy(Quiet.SHARE_OF_A_CORE * 1.5, Duration.ofDays(1));

    assertThat(awaitWith(twoIdleNodes, 2).quiet()).isTrue();
    assertThat(awaitWith(twoIdleNodes, 1).quiet()).isFalse();
  }

  @Test
  @DisplayName("a target that never settles is given up on at the limit, and the wait says so")
  void aTargetThatNeverSettlesIsGivenUpOnAtTheLimit() {
    Quiet.Wait wait = awaitWith(busy(Quiet.SHARE_OF_A_CORE * 2, Duration.ofDays(1)));

    assertThat(wait.quiet()).isFalse();
    assertThat(wait.took()).isGreaterThanOrEqualTo(Quiet.LIMIT).isLessThan(Quiet.LIMIT.plus(Quiet.WINDOW));
    assertThat(wait.toString()).startsWith("NOT quiet after");
  }
}
