package io.confab.presence;

import io.confab.contract.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is online, from the connections every edge keeps in Redis ({@link Connections}), as chat reads it:
 * a user is online while any of their connections' expiries lies ahead. The sweep finds users whose
 * edge died without saying goodbye; of several chat instances sweeping, only the one whose SREM
 * removes the user announces it.
 */
public final class Presence {

  public static final long SWEEP_MS = 15_000;

  private final RedisAPI redis;

  /** KEYS: presence sets. ARGV: now. Answers each set's count of unexpired connections. */
  private static final String COUNT_UNEXPIRED =
      "local counts = {} for i, key in ipairs(KEYS) do counts[i] = redis.call('ZCOUNT', key, ARGV[1], '+inf') end return counts";

  public Presence(RedisAPI redis) {
    this.redis = redis;
  }

  public Future<Boolean> online(String userId) {
    return redis.zcount(RedisKeys.presence(userId), String.valueOf(System.currentTimeMillis()), "+inf")
        .map(count -> count.toLong() > 0);
  }

  /**
   * {@code {<userId>: "online" | "offline"}}, in one script: a request for 200 users is one Redis command,
   * not 200 at once (which overran the client's queue of requests waiting for a connection).
   */
  public Future<JsonObject> query(List<String> userIds) {
    List<String> args = new ArrayList<>(List.of(COUNT_UNEXPIRED, String.valueOf(userIds.size())));
    userIds.forEach(user -> args.add(RedisKeys.presence(user)));
    args.add(String.valueOf(System.currentTimeMillis()));
    return redis.eval(args).map(counts -> {
      JsonObject statuses = new JsonObject();
      for (int i = 0; i < userIds.size(); i++) {
        statuses.put(userIds.get(i), counts.get(i).toLong() > 0 ? "online" : "offline");
      }
      return statuses;
    });
  }

  /** Users who had been online and whose every connection has now expired: each is returned once. */
  public Future<List<String>> expired() {
    String now = String.valueOf(System.currentTimeMillis());
    return redis.smembers(RedisKeys.PRESENCE_ONLINE).compose(members -> {
      List<String> users = members == null ? List.of() : members.stream().map(Object::toString).toList();
      List<Future<String>> gone = users.stream().map(user -> redis.zremrangebyscore(RedisKeys.presence(user), "-inf", "(" + now)
              .compose(dropped -> redis.zcard(RedisKeys.presence(user)))
              .compose(left -> left.toLong() > 0 ? Future.succeededFuture((String) null)
                  : redis.srem(List.of(RedisKeys.PRESENCE_ONLINE, user)).map(removed -> removed.toLong() > 0 ? user : null)))
          .toList();
      return Future.all(gone).map(done -> gone.stream().map(Future::result).filter(java.util.Objects::nonNull).toList());
    });
  }
}
