package io.confab.auth;

import io.confab.base.RedisCounters;
import io.confab.contract.ContractException;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;

/** Rate limits kept in Redis, so every node counts the same attempts. */
final class Throttles {

  private final RedisAPI redis;

  Throttles(RedisAPI redis) {
    this.redis = redis;
  }

  /** Fails with 429 (and how long to wait) when {@code key} has reached {@code limit} in its window. */
  Future<Void> refuseIfReached(String key, int limit) {
    return redis.get(key).compose(count -> {
      if (count == null || count.toInteger() < limit) {
        return Future.succeededFuture();
      }
      return redis.ttl(key).compose(ttl -> Future.failedFuture(ContractException.tooManyRequests(ttl == null ? 60 : ttl.toLong())));
    });
  }

  /** Counts one more event against {@code key}; its window starts with its first event. */
  Future<Long> count(String key, int windowSeconds) {
    return RedisCounters.count(redis, key, windowSeconds);
  }

  /** Counts one more event against {@code key}, then fails with 429 when that one is past {@code limit}. */
  Future<Void> take(String key, int limit, int windowSeconds) {
    return count(key, windowSeconds).compose(count -> count <= limit ? Future.succeededFuture()
        : redis.ttl(key).compose(ttl -> Future.failedFuture(ContractException.tooManyRequests(ttl == null ? windowSeconds : ttl.toLong()))));
  }

  /** True the first time in {@code seconds}, false after: "at most one a minute". */
  Future<Boolean> first(String key, int seconds) {
    return redis.set(List.of(key, "1", "NX", "EX", String.valueOf(seconds))).map(Throttles::isOk);
  }

  Future<Void> forget(String key) {
    return redis.del(List.of(key)).mapEmpty();
  }

  private static boolean isOk(Response response) {
    return response != null && "OK".equals(response.toString());
  }
}
