package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.RedisKeys;
import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PresenceTest extends ChatTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.PRESENCE_SWEEP_MS, 300);
  }

  @Test
  @DisplayName("a user is online while a bridge connection is open, and the rooms they share hear it come and go")
  void presenceFollowsConnections() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient anas = connect(ana.token())) {
      anas.register("room." + room);
      assertThat(query(anas, ben)).isEqualTo("offline");

      BridgeClient bens = connect(ben.token());
      bens.register("user." + ben.id());
      anas.await(f -> isPresence(f, ben, "online"), WAIT);
      assertThat(query(anas, ben)).isEqualTo("online");

      bens.close();
      anas.await(f -> isPresence(f, ben, "offline"), WAIT);
      assertThat(query(anas, ben)).isEqualTo("offline");
    }
  }

  @Test
  @DisplayName("a user whose node died (connections no longer refreshed) goes offline, and their rooms hear it")
  void aDeadNodesUsersGoOffline() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    // What a node left behind when it was killed: a connection whose expiry nobody pushes forward.
    long soon = System.currentTimeMillis() + 1_000;
    redis.zadd(List.of(RedisKeys.presence(ben.id()), String.valueOf(soon), "dead-node-connection")).await();
    redis.sadd(List.of(RedisKeys.PRESENCE_ONLINE, ben.id())).await();
    try (BridgeClient anas = connect(ana.token())) {
      anas.register("room." + room);
      assertThat(query(anas, ben)).isEqualTo("online");
      anas.await(f -> isPresence(f, ben, "offline"), WAIT);
      assertThat(query(anas, ben)).isEqualTo("offline");
    }
  }

  @Test
  @DisplayName("presence is told only to people who share a room: to anyone else an online user is offline")
  void strangersAreToldNothing() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User grace = user("Grace");
    group(ana, ben);
    try (BridgeClient anas = connect(ana.token());
        BridgeClient bens = connect(ben.token());
        BridgeClient graces = connect(grace.token())) {
      anas.register("user." + ana.id());
      Eventually.until(() -> "online".equals(query(bens, ana)), WAIT, "Ben told Ana is online (they share a room)");
      assertThat(query(graces, ana)).as("Grace shares none").isEqualTo("offline");
      assertThat(query(anas, ana)).as("one's own presence").isEqualTo("online");
    }
  }

  @Test
  @DisplayName("presence.query refuses a missing or oversized list")
  void queryValidates() throws Exception {
    User ana = user("Ana");
    try (BridgeClient anas = connect(ana.token())) {
      JsonObject empty = ask(anas, "presence.query", new JsonObject().put("users", new JsonArray()));
      assertThat(empty.getInteger("failureCode")).isEqualTo(400);
      JsonArray tooMany = new JsonArray();
      for (int i = 0; i < 201; i++) {
        tooMany.add("u" + i);
      }
      JsonObject big = ask(anas, "presence.query", new JsonObject().put("users", tooMany));
      assertThat(big.getString("message")).isEqualTo("invalid_request");
    }
  }

  private static String query(BridgeClient client, User user) throws Exception {
    JsonObject reply = ask(client, "presence.query", new JsonObject().put("users", new JsonArray().add(user.id())));
    return reply.getJsonObject("body").getString(user.id());
  }

  private static boolean isPresence(JsonObject frame, User user, String status) {
    JsonObject body = frame.getJsonObject("body");
    return "presence".equals(body.getString("type")) && user.id().equals(body.getString("user")) && status.equals(body.getString("status"));
  }
}
