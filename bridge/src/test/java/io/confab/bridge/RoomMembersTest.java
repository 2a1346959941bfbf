package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An edge's room members against lost and racing membership changes. The chat side is its bus address,
 * answered from {@link #chat} (what chat has stored), and its change events, published or, to stand for a
 * chat node that died in between, not.
 */
@ExtendWith(VertxExtension.class)
class RoomMembersTest {

  private static final String ROOM = "r1";
  private static final long TTL_MS = 300;
  private final Set<String> chat = ConcurrentHashMap.newKeySet();
  /** Questions chat has taken. */
  private final AtomicInteger asked = new AtomicInteger();
  private Vertx vertx;
  private long answerDelayMs;

  @BeforeEach
  void chatAnswersWhatItStored(Vertx vertx) {
    this.vertx = vertx;
    chat.add("ana");
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_ROOM_MEMBERS, request -> {
      asked.incrementAndGet();
      JsonObject answer = new JsonObject().put("members", new JsonArray(java.util.List.copyOf(chat)));
      vertx.setTimer(Math.max(1, answerDelayMs), t -> request.reply(answer));
    });
  }

  /** Runs {@code action} on one context, as the edge's event loop does. */
  private <T> T onContext(Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(result));
    return result.future().await();
  }

  @Test
  @DisplayName("A member added whose change event was lost is let in once the room's members are older than the TTL")
  void aLostAdditionIsPickedUpAfterTheTtl() throws Exception {
    RoomMembers members = onContext(() -> Future.succeededFuture(new RoomMembers(vertx, TTL_MS)));
    assertThat(onContext(() -> members.isMember(ROOM, "ben"))).isFalse();

    chat.add("ben"); // stored by chat, never published

    Thread.sleep(TTL_MS + 100);
    assertThat(onContext(() -> members.isMember(ROOM, "ben"))).isTrue();
  }

  @Test
  @DisplayName("A removal published while the members are being asked is not overwritten by chat's older answer")
  void aChangeDuringTheQuestionIsNotLost() throws Exception {
    RoomMembers members = onContext(() -> Future.succeededFuture(new RoomMembers(vertx, 60_000)));
    answerDelayMs = 300;
    Future<Boolean> asking = onContext(() -> Future.succeededFuture(members.isMember(ROOM, "ana")));
    Eventually.until(() -> asked.get() == 1, Duration.ofSeconds(5), "chat asked for the members");

    chat.remove("ana");
    vertx.eventBus().publish(Addresses.CHAT_MEMBERSHIP_CHANGED, new JsonObject().put("room", ROOM).put("user", "ana").put("member", false));
    asking.await();
    answerDelayMs = 0;

    assertThat(onContext(() -> members.isMember(ROOM, "ana"))).as("asked again, not the answer from before the change").isFalse();
  }
}
