package io.confab.base;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;

/** Counters of events in a time window, kept in Redis so that every node counts the same events. */
public final class RedisCounters {

  /**
   * KEYS: counter. ARGV: window seconds. One more event; the first starts the window. One script, so a
   * counter is never left without its expiry (as an INCR whose EXPIRE never came would be) and one round trip.
   */
  private static final String COUNT = "local n = redis.call('INCR', KEYS[1]) "
      + "if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n";

  /** Counts one more event against {@code key}, answering the count in its window so far. */
  public static Future<Long> count(RedisAPI redis, String key, int windowSeconds) {
    return redis.eval(List.of(COUNT, "1", key, String.valueOf(windowSeconds))).map(Response::toLong);
  }

  private RedisCounters() {
  }
}
