package io.confab.base;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests answered 503 {@code unavailable}, logged as counts: an overloaded owner refuses thousands a
 * second, and a line each flooded the log (9,964 WARN lines in one benchmark step). Per address, the first
 * refusal is logged at once, then at most one line per {@link #INTERVAL} while refusals go on, carrying how
 * many there were since the address's previous line. Every refusal also counts in
 * {@code confab_requests_unavailable_total}, which keeps the ones after an address's last line.
 */
final class UnavailableLog {

  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(UnavailableLog.class);
  private static final Counter REFUSED = Counter.builder("confab.requests.unavailable")
      .description("Requests answered 503 unavailable (a dependency down, or a writer shedding load)").register(Metrics.globalRegistry);

  /** An address's last line and the refusals counted since. */
  private record Window(long loggedAt, long unlogged) {
  }

  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  UnavailableLog(Clock clock) {
    this.clock = clock;
  }

  void refused(String address, String cause) {
    REFUSED.increment();
    long now = clock.millis();
    long[] count = {0};
    windows.compute(address, (key, window) -> {
      if (window != null && now - window.loggedAt() < INTERVAL.toMillis()) {
        return new Window(window.loggedAt(), window.unlogged() + 1);
      }
      count[0] = window == null ? 1 : window.unlogged() + 1;
      return new Window(now, 0);
    });
    if (count[0] > 0) {
      // Expected while a dependency or a verticle is down, or under overload: no stack.
      LOG.atWarn().setMessage("request.unavailable").addKeyValue("address", address).addKeyValue("cause", cause)
          .addKeyValue("count", count[0]).addKeyValue("intervalMs", INTERVAL.toMillis()).log();
    }
  }
}
