package io.confab.bridge;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Locale;

/**
 * Counters of what the bridge refused, on the node's Micrometer registry (so in /metrics):
 * {@code confab_bridge_refused_total{reason}} for client frames refused,
 * {@code confab_bridge_dropped_total{reason}} for deliveries withheld from a socket, and
 * {@code confab_bridge_closed_total{reason}} for sockets the bridge closed.
 */
final class BridgeMeters {

  /** Why a client frame was refused. */
  enum Refusal { UNAUTHORIZED, UNAVAILABLE, ADDRESS, PUBLISH, REGISTER, REPLY_NOT_AWAITED, RATE }

  /** Why a delivery to a socket was withheld. */
  enum Drop { NOT_MEMBER, CLOSING, SLOW }

  /** Why the bridge closed a socket. */
  enum Close { FLOOD, SLOW, DRAINING, BAD_FRAME }

  private final MeterRegistry registry;

  BridgeMeters() {
    MeterRegistry node = BackendRegistries.getDefaultNow();
    // Without metrics (a bare Vert.x, as in some tests) the counts are kept but shown nowhere.
    this.registry = node == null ? new SimpleMeterRegistry() : node;
  }

  void refused(Refusal reason) {
    count("confab.bridge.refused", reason);
  }

  void dropped(Drop reason) {
    count("confab.bridge.dropped", reason);
  }

  void closed(Close reason) {
    count("confab.bridge.closed", reason);
  }

  private void count(String name, Enum<?> reason) {
    registry.counter(name, "reason", reason.name().toLowerCase(Locale.ROOT)).increment();
  }
}
