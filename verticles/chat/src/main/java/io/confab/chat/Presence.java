package io.confab.chat;

import io.confab.contract.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/**
 * Who is online, from the connections every edge keeps in Redis ({@code io.confab.bridge.Connections}):
 * a user is online while any of their connections' expiries lies ahead. The sweep finds users whose
 * edge died without saying goodbye; of several chat instances sweeping, only the one whose SREM
 * removes the user announces it.
 */
final class Presence {

  static final long SWEEP_MS = 15_000;

  private final RedisAPI redis;

  Presence(RedisAPI redis) {
    this.redis = redis;
  }

  Future<Boolean> online(String userId) {
    return redis.zcount(RedisKeys.presence(userId), String.valueOf(System.currentTimeMillis()), "+inf")
        .map(count -> count.toLong() > 0);
  }

  /** {@code {<userId>: "online" | "offline"}}. */
  Future<JsonObject> query(List<String> userIds) {
    List<Future<Boolean>> each = userIds.stream().map(this::online).toList();
    return Future.all(each).map(done -> {
      JsonObject statuses = new JsonObject();
      for (int i = 0; i < userIds.size(); i++) {
        statuses.put(userIds.get(i), each.get(i).result() ? "online" : "offline");
      }
      return statuses;
    });
  }

  /** Users who had been online and whose every connection has now expired: each is returned once. */
  Future<List<String>> expired() {
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
