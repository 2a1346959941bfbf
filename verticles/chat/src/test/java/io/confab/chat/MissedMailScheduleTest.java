package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.presence.Presence;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The missed-mail schedule on Redis, with the mail path and the unread lookup stood in for. */
class MissedMailScheduleTest {

  private static final long DELAY_MS = 60_000;
  /** A database of its own, emptied: no other suite's due entries in the pass. */
  private static final int REDIS_DATABASE = 14;

  private Vertx vertx;
  private RedisAPI redis;
  private MissedMail missedMail;
  private final AtomicInteger mailed = new AtomicInteger();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.emptiedRedisDatabase(REDIS_DATABASE)));
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_USERS_LOOKUP, lookup -> lookup.reply(new JsonObject().put("users",
        new JsonArray().add(new JsonObject().put("email", "ben@example.org").put("language", "en")))));
    vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_SEND, mail -> {
      mailed.incrementAndGet();
      mail.reply(new JsonObject());
    });
    missedMail = new MissedMail(redis, vertx.eventBus(), new Presence(redis), DELAY_MS, "http://127.0.0.1/");
  }

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  @Test
  @DisplayName("a message stored while its room's missed mail is being sent schedules no second mail")
  void aMessageDuringTheMailSchedulesNoSecond() {
    String room = UUID.randomUUID().toString();
    String ana = UUID.randomUUID().toString();
    String ben = UUID.randomUUID().toString();
    Messages.Stored later = new Messages.Stored(new JsonObject().put("_id", room).put("members", new JsonArray().add(ana).add(ben)),
        new JsonObject().put("sender", new JsonObject().put("id", ana)));
    String entry = room + "|" + ben;
    redis.zadd(List.of(MissedMail.DUE, "0", entry)).await();

    MissedMail.Unread unreadWhileAnotherArrives = (inRoom, user, limit) -> missedMail.messagesStored(List.of(later))
        .map(new JsonObject().put("room", new JsonObject().put("name", "Room")).put("count", 2L)
            .put("messages", new JsonArray().add(new JsonObject().put("sender", new JsonObject().put("displayName", "Ana")).put("text", "hi"))));
    missedMail.sendDue(unreadWhileAnotherArrives).await();

    assertThat(mailed).hasValue(1);
    assertThat(redis.zscore(MissedMail.DUE, entry).await()).as("the entry scheduled again").isNull();
  }
}
