package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.threeten.extra.MutableClock;

/**
 * An edge's room members against lost and racing membership changes. The chat side is its bus address,
 * answered from {@link #chat} (what chat has stored), and its change events, published or, to stand for a
 * chat node that died in between, not.
 */
@ExtendWith(VertxExtension.class)
class RoomMembersTest {

  private static final String ROOM = "r1";
  private final Set<String> chat = ConcurrentHashMap.newKeySet();
  /** Questions chat has taken. */
  private final AtomicInteger asked = new AtomicInteger();
  /** The members' age is measured on it: set, never waited for. */
  private final MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
  private Vertx vertx;
  /** The edge's event loop: the members, their questions and the changes all on it, in order. */
  private Context edge;
  /** Chat's answers wait for it when set: a change can then be published while a question is open. */
  private volatile Promise<Void> answersHeld;

  @BeforeEach
  void chatAnswersWhatItStored(Vertx vertx) {
    this.vertx = vertx;
    edge = vertx.getOrCreateContext();
    chat.add("ana");
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_ROOM_MEMBERS, request -> {
      asked.incrementAndGet();
      JsonObject answer = new JsonObject().put("members", new JsonArray(java.util.List.copyOf(chat)));
      Promise<Void> held = answersHeld;
      if (held == null) {
        request.reply(answer);
      } else {
        held.future().onComplete(released -> request.reply(answer));
      }
    });
  }

  /** Runs {@code action} on the edge's context. */
  private <T> T onContext(Supplier<Future<T>> action) {
    Promise<T> result = Promise.promise();
    edge.runOnContext(v -> action.get().onComplete(result));
    return result.future().await();
  }

  @Test
  @DisplayName("A member added whose change event was lost is let in once the room's members are older than the TTL")
  void aLostAdditionIsPickedUpAfterTheTtl() {
    RoomMembers members = onContext(() -> Future.succeededFuture(new RoomMembers(vertx, clock)));
    assertThat(onContext(() -> members.isMember(ROOM, "ben"))).isFalse();

    chat.add("ben"); // stored by chat, never published

    clock.add(Duration.ofMillis(RoomMembers.TTL_MS - 1));
    assertThat(onContext(() -> members.isMember(ROOM, "ben"))).as("still fresh: what the edge knows").isFalse();
    clock.add(Duration.ofMillis(1));
    assertThat(onContext(() -> members.isMember(ROOM, "ben"))).as("as old as the TTL: asked again").isTrue();
  }

  @Test
  @DisplayName("A removal published while the members are being asked is not overwritten by chat's older answer")
  void aChangeDuringTheQuestionIsNotLost() throws Exception {
    RoomMembers members = onContext(() -> Future.succeededFuture(new RoomMembers(vertx, clock)));
    answersHeld = Promise.promise();
    Future<Boolean> asking = onContext(() -> Future.succeededFuture(members.isMember(ROOM, "ana")));
    Eventually.until(() -> asked.get() == 1, Duration.ofSeconds(5), "chat asked for the members");

    chat.remove("ana");
    Promise<Void> held = answersHeld;
    answersHeld = null;
    // The change reaches the edge's context before the answer it released, as on a real edge where it came first.
    edge.runOnContext(v -> {
      vertx.eventBus().publish(Addresses.CHAT_MEMBERSHIP_CHANGED, new JsonObject().put("room", ROOM).put("user", "ana").put("member", false));
      held.complete();
    });
    asking.await();

    assertThat(onContext(() -> members.isMember(ROOM, "ana"))).as("asked again, not the answer from before the change").isFalse();
  }
}
