package io.confab.workers.mail;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * Idempotency of mail jobs on their id, in Redis, one key per job: {@code confab:mail:job:<id>}.
 *
 * <ul>
 *   <li>{@code sending:<token>} for {@link #LEASE} while one worker sends it ({@code SET NX PX}: of two
 *       workers given the same job at once, exactly one wins);</li>
 *   <li>{@code sent} for {@link #SENT_TTL} once the mail went out: every later copy is acked and skipped.</li>
 * </ul>
 *
 * A worker that fails before sending deletes its lease (only its own, by token), so the job's next
 * delivery sends it; a worker that dies leaves the lease to expire, and the broker redelivers its
 * unacked message. A worker that dies between sending and recording {@code sent} can cause one
 * duplicate: that much is the price of never losing a mail.
 */
final class JobClaims {

  static final String PREFIX = "confab:mail:job:";
  static final Duration LEASE = Duration.ofMinutes(2);
  static final Duration SENT_TTL = Duration.ofDays(7);
  private static final String SENT = "sent";
  private static final String SENDING = "sending:";
  /** Deletes the key only if it still holds this worker's lease. */
  private static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

  enum Claim {
    /** This worker holds the lease: send, then {@link #markSent}, or {@link #release} on failure. */
    CLAIMED,
    /** Already sent: ack and skip. */
    SENT,
    /** Another worker is sending it right now: try again later. */
    BUSY
  }

  private final RedisAPI redis;

  JobClaims(RedisAPI redis) {
    this.redis = redis;
  }

  Future<Claim> claim(String id, String token) {
    String key = PREFIX + id;
    return redis.set(List.of(key, SENDING + token, "NX", "PX", String.valueOf(LEASE.toMillis())))
        .compose(set -> set != null
            ? Future.succeededFuture(Claim.CLAIMED)
            : redis.get(key).map(JobClaims::held));
  }

  Future<Void> markSent(String id) {
    return redis.set(List.of(PREFIX + id, SENT, "PX", String.valueOf(SENT_TTL.toMillis()))).mapEmpty();
  }

  Future<Void> release(String id, String token) {
    return redis.eval(List.of(RELEASE, "1", PREFIX + id, SENDING + token)).mapEmpty();
  }

  private static Claim held(Response value) {
    return value != null && SENT.equals(value.toString()) ? Claim.SENT : Claim.BUSY;
  }
}
