package io.confab.bench;

import io.confab.testing.LocalCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The wait before every phase: until the target has worked off what the phases before left it (writes
 * queued to sockets, a store catching up, the JIT), seen as its processes' CPU staying under
 * {@link #SHARE_OF_A_CORE} of one core per server node over the last {@link #WINDOW}; given up after
 * {@link #LIMIT}, and the phase then says so. The same for every target, from outside its processes, so
 * no server is favoured. The one place for the thresholds.
 */
final class Quiet {

  /**
   * Per server node: above what an idle node uses (timers, the generator's keep-alives, a cluster's
   * heartbeats, a Confab node's collection every second: 6 % of a core), far under a busy one.
   */
  static final double SHARE_OF_A_CORE = 0.10;
  static final Duration WINDOW = Duration.ofSeconds(2);
  /** A backlog the size of a failed step's drains well within it; a target busy longer is reported, not waited for. */
  static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  /** How long the wait took, and whether the target was quiet at its end (false: given up at the limit). */
  record Wait(Duration took, boolean quiet) {

    double seconds() {
      return took.toMillis() / 1000.0;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, quiet ? "quiet after %.1f s" : "NOT quiet after %.1f s (gave up)", seconds());
    }
  }

  private record Sample(Instant at, long cpuMillis) {
  }

  private final LongSupplier cpuMillis;
  private final int nodes;
  private final Clock clock;
  private final Consumer<Duration> sleep;

  /** {@code cpuMillis}: CPU the target's processes have used so far ({@link Target#cpuMillis()}), of {@code nodes} server nodes. */
  Quiet(LongSupplier cpuMillis, int nodes) {
    this(cpuMillis, nodes, Clock.systemUTC(), d -> LocalCluster.sleep(d.toMillis()));
  }

  Quiet(LongSupplier cpuMillis, int nodes, Clock clock, Consumer<Duration> sleep) {
    this.cpuMillis = cpuMillis;
    this.nodes = nodes;
    this.clock = clock;
    this.sleep = sleep;
  }

  /** Samples the CPU every {@link #POLL} until the last {@link #WINDOW} was quiet, or {@link #LIMIT} passed. */
  Wait await() {
    Instant start = clock.instant();
    Deque<Sample> samples = new ArrayDeque<>();
    while (true) {
      Sample now = new Sample(clock.instant(), cpuMillis.getAsLong());
      samples.addLast(now);
      // keep the newest sample at least a window old: the window is measured from it
      while (samples.size() > 1 && secondIsAWindowOld(samples, now)) {
        samples.removeFirst();
      }
      Sample from = samples.getFirst();
      Duration span = Duration.between(from.at(), now.at());
      Duration took = Duration.between(start, now.at());
      if (span.compareTo(WINDOW) >= 0 && now.cpuMillis() - from.cpuMillis() <= SHARE_OF_A_CORE * nodes * span.toMillis()) {
        return new Wait(took, true);
      }
      if (took.compareTo(LIMIT) >= 0) {
        return new Wait(took, false);
      }
      sleep.accept(POLL);
    }
  }

  private static boolean secondIsAWindowOld(Deque<Sample> samples, Sample now) {
    Iterator<Sample> i = samples.iterator();
    i.next();
    return Duration.between(i.next().at(), now.at()).compareTo(WINDOW) >= 0;
  }
}
