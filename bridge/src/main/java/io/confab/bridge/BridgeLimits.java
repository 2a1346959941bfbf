package io.confab.bridge;

import io.vertx.core.json.JsonObject;

/**
 * What one bridge socket may cost the node: a frame budget (a token bucket of {@code frameBurst} frames
 * refilled at {@code framesPerSecond}; frames past it are refused, and {@code refusedBeforeClose} refused
 * in a row close the socket), and at most {@code pendingBytesMax} bytes written to it and not yet on the
 * wire (more, and the socket is closed: the client resumes with {@code chat.sync}). Tuning keys
 * {@code bridge-*} of the edge's config (docs/CONFIGURATION.md).
 */
record BridgeLimits(int frameBurst, int framesPerSecond, int refusedBeforeClose, long pendingBytesMax) {

  static final String FRAME_BURST = "bridge-frame-burst";
  static final String FRAMES_PER_SECOND = "bridge-frames-per-second";
  static final String REFUSED_BEFORE_CLOSE = "bridge-refused-before-close";
  static final String PENDING_BYTES_MAX = "bridge-pending-bytes-max";

  /**
   * The page's busiest moment is a reconnect: one register and one sync per room, so the burst covers a
   * few hundred rooms; typing and sending stay far below the sustained rate.
   */
  static final BridgeLimits DEFAULTS = new BridgeLimits(300, 50, 100, 1024 * 1024);

  /** Each at least 1: a rate of 0 would never refill the budget, and the bridge's 1 s Retry-After would be false. */
  BridgeLimits {
    if (frameBurst < 1 || framesPerSecond < 1 || refusedBeforeClose < 1 || pendingBytesMax < 1) {
      throw new IllegalArgumentException(FRAME_BURST + ", " + FRAMES_PER_SECOND + ", " + REFUSED_BEFORE_CLOSE + " and "
          + PENDING_BYTES_MAX + " must each be at least 1");
    }
  }

  static BridgeLimits from(JsonObject config) {
    return new BridgeLimits(
        config.getInteger(FRAME_BURST, DEFAULTS.frameBurst()),
        config.getInteger(FRAMES_PER_SECOND, DEFAULTS.framesPerSecond()),
        config.getInteger(REFUSED_BEFORE_CLOSE, DEFAULTS.refusedBeforeClose()),
        config.getLong(PENDING_BYTES_MAX, DEFAULTS.pendingBytesMax()));
  }
}
