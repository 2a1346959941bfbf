package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RecentMessagesTest extends ChatTestBase {

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.WRITES_PER_SECOND, 100_000);
  }

  @Test
  @DisplayName("the newest pages come from Redis, edits and deletes included (texts changed behind chat's back do not show)")
  void recentPagesComeFromTheCache() {
    User ana = user("Ana");
    String room = group(ana);
    for (int i = 1; i <= 5; i++) {
      send(ana, room, "m" + i);
    }
    get(ana, "/rooms/" + room + "/messages"); // a first read builds the cache
    awaitCached(room);
    JsonObject second = get(ana, "/rooms/" + room + "/messages?after=1&limit=1").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
    patch(ana, "/rooms/" + room + "/messages/" + second.getString("id"), new JsonObject().put("text", "m2 edited"));
    JsonObject sixth = send(ana, room, "m6");
    delete(ana, "/rooms/" + room + "/messages/" + sixth.getString("id"));

    tamper(room);

    JsonObject newest = get(ana, "/rooms/" + room + "/messages?limit=3").bodyAsJsonObject();
    assertThat(newest.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq"))).containsExactly(6L, 5L, 4L);
    assertThat(newest.getJsonArray("messages").getJsonObject(0).getBoolean("deleted")).isTrue();
    assertThat(newest.getJsonArray("messages").getJsonObject(1).getString("text")).isEqualTo("m5");
    assertThat(newest.getBoolean("hasMore")).isTrue();
    JsonArray resumed = get(ana, "/rooms/" + room + "/messages?after=1").bodyAsJsonObject().getJsonArray("messages");
    assertThat(resumed.getJsonObject(0).getString("text")).isEqualTo("m2 edited");
    assertThat(resumed).hasSize(5);
  }

  @Test
  @DisplayName("a write a dead node left half done (cache marked dirty) is never served from the cache")
  void aDirtyCacheIsNotTrusted() {
    User ana = user("Ana");
    String room = group(ana);
    send(ana, room, "one");
    get(ana, "/rooms/" + room + "/messages");
    awaitCached(room);
    // What a node killed between its MongoDB write and its cache update leaves behind.
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    redis.set(List.of("confab:chat:recent:" + room + ":dirty", "1")).await();
    MongoClient direct = MongoClient.create(vertx, StoreConfig.mongo(mongo.deploymentConfig()));
    direct.insert("messages", new JsonObject().put("_id", UUID.randomUUID().toString()).put("room", room).put("seq", 2L).put("rev", 2L)
        .put("sender", new JsonObject().put("id", ana.id()).put("displayName", "Ana")).put("text", "stored, never cached")
        .put("ts", System.currentTimeMillis()).put("clientMsgId", "crash").put("attachments", new JsonArray())).await();

    JsonArray newest = get(ana, "/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages");

    assertThat(newest.getJsonObject(0).getString("text")).isEqualTo("stored, never cached");
    assertThat(send(ana, room, "after the crash").getLong("seq")).isEqualTo(3);
  }

  @Test
  @DisplayName("a page older than the cache holds is read from MongoDB")
  void olderPagesComeFromMongo() {
    User ana = user("Ana");
    String room = group(ana);
    int total = RecentMessages.SIZE + 5;
    for (int i = 1; i <= total; i++) {
      post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "m" + i).put("clientMsgId", "c" + i));
    }
    get(ana, "/rooms/" + room + "/messages");
    awaitCached(room);
    tamper(room);
    assertThat(get(ana, "/rooms/" + room + "/messages?limit=1").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("text"))
        .isEqualTo("m" + total);
    assertThat(get(ana, "/rooms/" + room + "/messages?before=5&limit=3").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getString("text"))
        .isEqualTo("tampered");
  }

  @Test
  @DisplayName("a batch's rooms are cached in one call: each cache its messages follow is extended, the others dropped, every dirty mark cleared")
  void aBatchCachesEachOfItsRooms() {
    RecentMessages recent = new RecentMessages(RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI)));
    String follows = "r-" + UUID.randomUUID();
    String gap = "r-" + UUID.randomUUID();
    String none = "r-" + UUID.randomUUID();
    recent.rebuild(follows, List.of(cachedMessage(1, "one"))).await();
    recent.rebuild(gap, List.of(cachedMessage(1, "one"))).await();
    recent.dirty(List.of(follows, gap, none)).await();

    recent.appended(new LinkedHashMap<>(Map.of(
        follows, List.of(cachedMessage(2, "two"), cachedMessage(3, "three")),
        gap, List.of(cachedMessage(5, "five")),
        none, List.<JsonObject>of()))).await();

    RecentMessages.Page page = recent.page(follows, null, null, 10).await();
    assertThat(page.messages().stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("three", "two", "one");
    assertThat(recent.page(gap, null, null, 10).await()).isNull();
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    assertThat(redis.exists(List.of("confab:chat:recent:" + follows + ":dirty", "confab:chat:recent:" + gap + ":dirty",
        "confab:chat:recent:" + none + ":dirty")).await().toInteger()).isZero();
  }

  private static JsonObject cachedMessage(long seq, String text) {
    return new JsonObject().put("seq", seq).put("text", text);
  }

  /** Changes every stored text behind chat's back: what still shows the old text came from the cache. */
  private void tamper(String room) {
    MongoClient direct = MongoClient.create(vertx, StoreConfig.mongo(mongo.deploymentConfig()));
    direct.updateCollectionWithOptions("messages", new JsonObject().put("room", room).put("deleted", new JsonObject().put("$ne", true)),
        new JsonObject().put("$set", new JsonObject().put("text", "tampered")), new io.vertx.ext.mongo.UpdateOptions().setMulti(true)).await();
    direct.close().await();
  }

  /** The cache is rebuilt in the background after a miss: wait until it exists and is clean. */
  private void awaitCached(String room) {
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    Eventually.until(() -> redis.exists(List.of("confab:chat:recent:" + room)).await().toInteger() == 1
        && redis.exists(List.of("confab:chat:recent:" + room + ":dirty")).await().toInteger() == 0,
        Duration.ofSeconds(5), "the cache of " + room + " built and clean");
  }
}
