package io.confab.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.RedisKeys;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The edges' side ({@link Connections}) and chat's side ({@link Presence}) of presence, on the local Redis. */
@ExtendWith(VertxExtension.class)
class PresenceTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  private RedisAPI redis;
  private Presence presence;
  private final String user = UUID.randomUUID().toString();

  @BeforeEach
  void redis(Vertx vertx) {
    LocalServices.requireRedis();
    redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    presence = new Presence(redis);
  }

  @Test
  @DisplayName("a user's first connection tells chat they are online, a second tells nothing, and only the last closing tells offline")
  void firstAndLastConnectionsAreTold(Vertx vertx) {
    List<JsonObject> told = new CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_PRESENCE_CHANGED, news -> told.add(news.body())).completion().await();
    Connections connections = new Connections(vertx, redis);

    String first = connections.opened(user);
    Eventually.until(() -> told.size() == 1, WAIT, "the first connection told");
    assertThat(status()).isEqualTo("online");
    String second = connections.opened(user);
    Eventually.until(() -> connectionsOf(user) == 2, WAIT, "the second connection recorded");
    connections.closed(first);
    Eventually.until(() -> connectionsOf(user) == 1, WAIT, "the first connection removed");
    assertThat(status()).as("one connection is still open").isEqualTo("online");
    connections.closed(second);
    Eventually.until(() -> told.size() == 2, WAIT, "the last connection told");

    assertThat(told).containsExactly(news("online"), news("offline"));
    assertThat(status()).isEqualTo("offline");
  }

  @Test
  @DisplayName("a user whose every connection expired (their edge died) is found by the sweep once, and is offline")
  void theSweepFindsAUserWhoseEdgeDied() {
    redis.zadd(List.of(RedisKeys.presence(user), String.valueOf(System.currentTimeMillis() - 1), "dead-node-connection")).await();
    redis.sadd(List.of(RedisKeys.PRESENCE_ONLINE, user)).await();

    assertThat(presence.expired().await()).contains(user);
    assertThat(presence.expired().await()).doesNotContain(user);
    assertThat(status()).isEqualTo("offline");
  }

  private String status() {
    return presence.query(List.of(user)).await().getString(user);
  }

  private long connectionsOf(String userId) {
    return redis.zcard(RedisKeys.presence(userId)).await().toLong();
  }

  private JsonObject news(String status) {
    return new JsonObject().put("user", user).put("status", status);
  }
}
