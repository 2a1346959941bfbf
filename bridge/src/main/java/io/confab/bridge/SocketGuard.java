package io.confab.bridge;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Map;

/**
 * What the bridge keeps per socket to defend the node from it (VERTX-NOTES: the bridge itself has no
 * frame limit, no back-pressure, and one table of awaited reply addresses shared by every socket):
 * its frame budget, the bytes written to it and not yet on the wire, and the reply addresses the
 * server sent to it. Confined to the edge instance's event loop.
 */
final class SocketGuard {

  enum Verdict { ACCEPT, REFUSE, CLOSE }

  /** More awaited replies than this on one socket: some are forgotten (their replies are refused), by the cache's eviction policy. */
  static final int AWAITED_REPLIES_MAX = 1_000;

  private final BridgeLimits limits;
  private final long replyTimeoutMs;
  private double tokens;
  private long refilledAtNanos;
  private int refusedInARow;
  private long pendingBytes;
  private boolean closing;
  /** Reply address → until when the bridge keeps it (its reply timeout). */
  private final Map<String, Long> awaitedReplies = Caffeine.newBuilder().maximumSize(AWAITED_REPLIES_MAX)
      // Its upkeep runs on the caller's thread, the edge's event loop.
      .executor(Runnable::run).<String, Long>build().asMap();

  SocketGuard(BridgeLimits limits, long replyTimeoutMs, long nowNanos) {
    this.limits = limits;
    this.replyTimeoutMs = replyTimeoutMs;
    this.tokens = limits.frameBurst();
    this.refilledAtNanos = nowNanos;
  }

  /** One frame from the client: within the budget, over it, or over it for too long. */
  Verdict frame(long nowNanos) {
    tokens = Math.min(limits.frameBurst(), tokens + (nowNanos - refilledAtNanos) / 1e9 * limits.framesPerSecond());
    refilledAtNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      refusedInARow = 0;
      return Verdict.ACCEPT;
    }
    return ++refusedInARow >= limits.refusedBeforeClose() ? Verdict.CLOSE : Verdict.REFUSE;
  }

  /**
   * Whether {@code bytes} more may be queued for the socket without passing the bound. The bound is on a
   * backlog: one frame alone always goes (a reply of many long messages may pass the bound by itself,
   * and refusing it would close the socket at every retry).
   */
  boolean mayQueue(int bytes) {
    return pendingBytes == 0 || pendingBytes + bytes <= limits.pendingBytesMax();
  }

  void queued(int bytes) {
    pendingBytes += bytes;
  }

  void written(int bytes) {
    pendingBytes -= bytes;
  }

  /** The server sent this socket a message that awaits a reply at {@code replyAddress}. */
  void awaitReply(String replyAddress, long nowMillis) {
    awaitedReplies.put(replyAddress, nowMillis + replyTimeoutMs);
  }

  /** True once for a reply address sent to this socket and not yet expired; false for any other. */
  boolean takeAwaitedReply(String address, long nowMillis) {
    Long until = awaitedReplies.remove(address);
    return until != null && until >= nowMillis;
  }

  /** From now on nothing more is written to the socket: it is being closed. */
  void closing() {
    closing = true;
  }

  boolean isClosing() {
    return closing;
  }
}
