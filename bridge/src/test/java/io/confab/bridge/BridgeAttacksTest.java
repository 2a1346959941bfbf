package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.testing.AttackReport;
import io.confab.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client with a valid token may try at the bridge beyond its rights, each refused, counted in
 * /metrics and reaching no verticle. The frame budget is tuned down so that a flood is unmistakable.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BridgeAttacksTest extends EdgeTestBase {

  @RegisterExtension
  static final AttackReport ATTACKS = new AttackReport();

  private static final Duration WAIT = Duration.ofSeconds(5);
  /** Marks the test's own publication that closes a count (see {@link #arrivals()}). */
  private static final String BARRIER = "test-barrier";
  private static final int BURST = 40;

  private final String room = "r-" + UUID.randomUUID();
  /** Messages that reached a server-side consumer, by address. */
  private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Void>> barriers = new ConcurrentHashMap<>();

  @Override
  protected JsonObject edgeConfig(JsonObject base) {
    return base.put(BridgeLimits.FRAME_BURST, BURST).put(BridgeLimits.FRAMES_PER_SECOND, 1)
        .put(BridgeLimits.REFUSED_BEFORE_CLOSE, BURST).put(BridgeLimits.PENDING_BYTES_MAX, 256 * 1024);
  }

  /** Chat's answer on membership: u1 and u2 are members of {@link #room}; any other room does not exist. */
  @BeforeEach
  void chatKnowsOneRoom() {
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_ROOM_MEMBERS, request -> {
      if (room.equals(request.body().getString("room"))) {
        request.reply(new JsonObject().put("members", new JsonArray().add("u2").add("u3")));
      } else {
        request.fail(404, ErrorCode.NOT_FOUND.code());
      }
    });
  }

  private RawBridgeSocket socket(String userId) {
    return RawBridgeSocket.connect(vertx, port, token(userId, "s-" + userId));
  }

  private void countArrivals(String address) {
    reached.computeIfAbsent(address, a -> new AtomicInteger());
    vertx.eventBus().<Object>consumer(address, message -> {
      if (message.headers().contains(BARRIER)) {
        barriers.get(address).complete(null);
        return;
      }
      reached.get(address).incrementAndGet();
      message.reply(new JsonObject());
    });
  }

  /**
   * What reached the counting consumers before now. The barrier: a publication of the test's own to each (marked, not
   * counted), which its consumer takes after anything the bridge handed it earlier.
   */
  private int arrivals() throws Exception {
    List<CompletableFuture<Void>> passed = reached.keySet().stream().map(address -> {
      CompletableFuture<Void> barrier = new CompletableFuture<>();
      barriers.put(address, barrier);
      vertx.eventBus().publish(address, new JsonObject(), new DeliveryOptions().addHeader(BARRIER, "true"));
      return barrier;
    }).toList();
    CompletableFuture.allOf(passed.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    return reached.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  private static void assertRejected(JsonObject frame) {
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("body")).isIn("rejected", "access_denied");
  }

  @Test
  @DisplayName("streams of rooms one is not in, or that do not exist, cannot be registered and deliver nothing")
  void foreignRoomStreamsAreRefused() throws Exception {
    RawBridgeSocket attacker = socket("u1");
    for (String address : List.of("room." + room, "room.r-" + UUID.randomUUID())) {
      ATTACKS.attack("register foreign room", () -> {
        attacker.write(attacker.frame("register", address));
        assertRejected(attacker.next(WAIT));
      });
    }
    vertx.eventBus().publish("room." + room, new JsonObject().put("type", "message").put("text", "for members"));
    assertNothingBeforeOwnStream(attacker, "user.u1");
    assertThat(metric("confab_bridge_refused_total", "register")).isGreaterThanOrEqualTo(2);
  }

  @Test
  @DisplayName("another user's stream cannot be registered, whatever the spelling")
  void otherUsersStreamsAreRefused() throws Exception {
    RawBridgeSocket attacker = socket("u1");
    for (String address : List.of("user.u2", "user.U1", "user.u1.x", "user.u1 ", "user.")) {
      ATTACKS.attack("register other user", () -> {
        attacker.write(attacker.frame("register", address));
        assertRejected(attacker.next(WAIT));
      });
    }
    vertx.eventBus().publish("user.u2", new JsonObject().put("type", "room"));
    assertNothingBeforeOwnStream(attacker, "user.u1");
  }

  @Test
  @DisplayName("no address outside the contract's two streams can be registered")
  void addressesOutsideTheContractCannotBeRegistered() {
    RawBridgeSocket attacker = socket("u1");
    for (String address : List.of(Addresses.CHAT_SEND, Addresses.AUTH_SESSION_REVOKED, Addresses.CHAT_MEMBERSHIP_CHANGED,
        Addresses.BRIDGE_DISPATCH, Addresses.EMAIL_SEND, "__vertx.reply.1", "presence.u2", "*", "room.*")) {
      ATTACKS.attack("register outside contract", () -> {
        attacker.write(attacker.frame("register", address));
        assertRejected(attacker.next(WAIT));
      });
    }
  }

  @Test
  @DisplayName("a send to any address but the contract's requests is refused with 403 forbidden and reaches nobody")
  void sendsOutsideTheContractAreForbidden() throws Exception {
    List<String> addresses = List.of(Addresses.AUTH_ME_GET, Addresses.AUTH_LOGIN, "auth.users.lookup", Addresses.CHAT_ROOM_MEMBERS,
        Addresses.EMAIL_SEND, Addresses.MAIL_JOBS, Addresses.BRIDGE_DISPATCH, Addresses.AUTH_SESSION_REVOKED,
        Addresses.CHAT_PRESENCE_CHANGED, "room." + room, "user.u1", "CHAT.SEND", "chat.send ", "chat.send.x");
    addresses.forEach(this::countArrivals);
    RawBridgeSocket attacker = socket("u2");
    for (String address : addresses) {
      ATTACKS.attack("send outside contract", () -> {
        String replyAddress = attacker.send(address, new JsonObject().put("ids", new JsonArray().add("u3")));
        JsonObject reply = attacker.replyTo(replyAddress, WAIT);
        assertThat(reply.getInteger("failureCode")).as(address).isEqualTo(403);
        assertThat(reply.getString("message")).isEqualTo("forbidden");
      });
    }
    assertThat(arrivals()).as("no consumer saw a refused send").isZero();
    assertThat(metric("confab_bridge_refused_total", "address")).isGreaterThanOrEqualTo(addresses.size());
  }

  @Test
  @DisplayName("a client cannot publish, not even to a room it is a member of or its own stream")
  void publishingIsRefused() throws Exception {
    List<String> addresses = List.of("room." + room, "user.u2", "user.u1", Addresses.CHAT_SEND, Addresses.CHAT_TYPING);
    addresses.forEach(this::countArrivals);
    RawBridgeSocket member = socket("u2");
    for (String address : addresses) {
      ATTACKS.attack("publish", () -> {
        member.write(member.frame("publish", address).put("body", new JsonObject().put("type", "message").put("text", "forged")));
        assertRejected(member.next(WAIT));
      });
    }
    assertThat(arrivals()).isZero();
    assertThat(metric("confab_bridge_refused_total", "publish")).isGreaterThanOrEqualTo(addresses.size());
  }

  @Test
  @DisplayName("identity headers a client writes are replaced: the verticle sees the token's user, and the dispatcher's target is the frame's address")
  void spoofedHeadersAreReplaced() throws Exception {
    countArrivals("auth.users.lookup");
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_HISTORY, request -> request.reply(new JsonObject()
        .put("user", request.headers().get(Headers.USER))
        .put("session", request.headers().get(Headers.SESSION))
        .put("ip", request.headers().get(Headers.CLIENT_IP))
        .put("requestId", request.headers().get(Headers.REQUEST_ID))));
    RawBridgeSocket attacker = socket("u1");
    JsonObject spoofed = attacker.frame("send", Addresses.CHAT_HISTORY).put("replyAddress", "spoof-1").put("body", new JsonObject());
    spoofed.getJsonObject("headers").put(Headers.USER, "u2").put(Headers.SESSION, "s-u2").put(Headers.CLIENT_IP, "10.0.0.1")
        .put(Headers.REQUEST_ID, "forged").put("confab-target", "auth.users.lookup");
    ATTACKS.tried("header spoofing", 5);
    attacker.write(spoofed);
    JsonObject seen = attacker.replyTo("spoof-1", WAIT).getJsonObject("body");
    assertThat(seen.getString("user")).isEqualTo("u1");
    assertThat(seen.getString("session")).isEqualTo("s-u1");
    assertThat(seen.getString("ip")).isNull();
    assertThat(seen.getString("requestId")).isNull();
    assertThat(arrivals()).as("the client's confab-target is not followed").isZero();
    ATTACKS.refused("header spoofing", 5);
  }

  @Test
  @DisplayName("past the socket's frame budget, sends are answered 429 too_many_requests and reach no verticle")
  void framesPastTheBudgetAreRefused() {
    countArrivals(Addresses.CHAT_HISTORY);
    RawBridgeSocket eager = socket("u1");
    List<String> within = new java.util.ArrayList<>();
    for (int i = 0; i < BURST; i++) {
      within.add(eager.send(Addresses.CHAT_HISTORY, new JsonObject().put("room", room)));
    }
    int over = 5;
    ATTACKS.tried("over budget", over);
    List<String> beyond = new java.util.ArrayList<>();
    for (int i = 0; i < over; i++) {
      beyond.add(eager.send(Addresses.CHAT_HISTORY, new JsonObject().put("room", room)));
    }
    List<JsonObject> replies = new java.util.ArrayList<>();
    while (replies.size() < BURST + over) {
      replies.add(eager.next(WAIT));
    }
    long refused = 0;
    for (JsonObject frame : replies) {
      if (within.contains(frame.getString("address"))) {
        assertThat(frame.containsKey("failureCode")).as("within the budget: answered, %s", frame).isFalse();
      } else if (beyond.contains(frame.getString("address")) && frame.containsKey("failureCode")) {
        assertThat(frame.getInteger("failureCode")).isEqualTo(429);
        assertThat(frame.getString("message")).isEqualTo("too_many_requests");
        refused++;
      }
    }
    // A second of refill may let one or two through: those answered normally and are not counted.
    assertThat(refused).isGreaterThanOrEqualTo(over - 2);
    assertThat(reached.get(Addresses.CHAT_HISTORY).get()).isEqualTo(BURST + over - refused);
    ATTACKS.refused("over budget", (int) refused);
    ATTACKS.tried("over budget", (int) refused - over);
  }

  @Test
  @DisplayName("a flood of frames closes the socket, and at most its budget reaches a verticle")
  void aFloodClosesTheSocket() throws Exception {
    countArrivals(Addresses.CHAT_HISTORY);
    RawBridgeSocket flooder = socket("u1");
    int frames = 1_000;
    ATTACKS.tried("flood (frames)", frames);
    for (int i = 0; i < frames; i++) {
      flooder.send(Addresses.CHAT_HISTORY, new JsonObject().put("room", room));
    }
    flooder.closed().toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    int passed = arrivals();
    assertThat(passed).as("at most the budget passed (a second may refill one or two)").isLessThanOrEqualTo(BURST + 2);
    assertThat(metric("confab_bridge_closed_total", "flood")).isEqualTo(1);
    assertThat(metric("confab_bridge_refused_total", "rate")).isGreaterThanOrEqualTo(BURST);
    ATTACKS.refused("flood (frames)", frames - passed);
    System.out.printf("[attacks] flood: %d frames sent, socket closed, %d reached the verticle%n", frames, passed);
  }

  @Test
  @DisplayName("a socket that stops reading is closed once its unsent bytes pass the bound, and the server stops queueing for it")
  void aStalledSocketIsClosed() throws Exception {
    RawBridgeSocket stalled = socket("u1");
    stalled.write(stalled.frame("register", "user.u1"));
    awaitDelivery(stalled, "user.u1");
    stalled.stopReading();
    StringBuilder filler = new StringBuilder();
    while (filler.length() < 16 * 1024) {
      filler.append(UUID.randomUUID());
    }
    JsonObject event = new JsonObject().put("type", "room").put("filler", filler.toString());
    int published = 0;
    ATTACKS.tried("stalled socket", 1);
    while (metric("confab_bridge_closed_total", "slow") < 1 && published < 4_000) {
      for (int i = 0; i < 50; i++) {
        vertx.eventBus().publish("user.u1", event);
      }
      published += 50;
    }
    assertThat(metric("confab_bridge_closed_total", "slow")).as("closed after %d events of 16 KiB", published).isEqualTo(1);
    ATTACKS.refused("stalled socket", 1);
    for (int i = 0; i < 50; i++) {
      vertx.eventBus().publish("user.u1", event);
    }
    Eventually.until(() -> metric("confab_bridge_dropped_total", "closing") + metric("confab_bridge_dropped_total", "slow") >= 1,
        WAIT, "events for the closed socket dropped, not queued");
    System.out.printf("[attacks] stalled socket: closed after %d events of 16 KiB (%d MiB) were published to it%n",
        published, published * 16 / 1024);
  }

  @Test
  @DisplayName("one reply larger than the bound of unsent bytes is delivered whole, and the socket stays open")
  void aLargeReplyAloneIsDelivered() {
    String filler = "\uD83D\uDE00".repeat(4_000).repeat(40); // forty 4,000-emoji messages: about 1.9 MiB of JSON
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_HISTORY, request -> request.reply(new JsonObject().put("text", filler)));
    RawBridgeSocket reader = socket("u2");

    JsonObject reply = reader.replyTo(reader.send(Addresses.CHAT_HISTORY, new JsonObject().put("room", room)), WAIT);
    JsonObject again = reader.replyTo(reader.send(Addresses.CHAT_HISTORY, new JsonObject().put("room", room)), WAIT);

    assertThat(reply.getJsonObject("body").getString("text")).isEqualTo(filler);
    assertThat(again.getJsonObject("body").getString("text")).isEqualTo(filler);
    assertThat(metric("confab_bridge_closed_total", "slow")).isZero();
  }

  /** Publishes {@code probe} to {@code address} until the socket shows a frame (its registration is in place): that frame. */
  private JsonObject awaitDelivery(RawBridgeSocket socket, String address, JsonObject probe) {
    return Eventually.value(() -> {
      vertx.eventBus().publish(address, probe);
      return socket.poll();
    }, WAIT, "a delivery on " + address);
  }

  private JsonObject awaitDelivery(RawBridgeSocket socket, String address) {
    return awaitDelivery(socket, address, new JsonObject().put("type", "room"));
  }

  /**
   * The barrier for "nothing arrived": the socket's own stream, registered and published to after what it must not
   * receive; whatever the bridge had let through would come before this first frame of its own stream.
   */
  private void assertNothingBeforeOwnStream(RawBridgeSocket socket, String ownStream) {
    JsonObject marker = new JsonObject().put("type", "room").put("event", "barrier");
    socket.write(socket.frame("register", ownStream));
    assertThat(awaitDelivery(socket, ownStream, marker)).as("the first frame after the refusals")
        .isEqualTo(new JsonObject().put("type", "rec").put("address", ownStream).put("body", marker));
  }

  @Test
  @DisplayName("a message the server sends one socket with a reply address can be answered by that socket only, never by another")
  void repliesAreAcceptedOnlyFromTheSocketThatWasAsked() throws Exception {
    RawBridgeSocket asked = socket("u1");
    RawBridgeSocket other = socket("u2");
    asked.write(asked.frame("register", "user.u1"));
    awaitDelivery(asked, "user.u1");
    Future<Message<Object>> answer = vertx.eventBus().request("user.u1", new JsonObject().put("type", "question"));
    JsonObject question = asked.next(WAIT);
    while (!question.containsKey("replyAddress")) {
      question = asked.next(WAIT);
    }
    String replyAddress = question.getString("replyAddress");
    assertThat(replyAddress).startsWith(EventBusBridge.REPLY_PREFIX);

    ATTACKS.attack("reply hijack", () -> {
      String hijack = other.send(replyAddress, new JsonObject().put("answer", "from u2"));
      assertThat(other.replyTo(hijack, WAIT).getInteger("failureCode")).isEqualTo(403);
    });
    ATTACKS.attack("reply hijack", () -> {
      other.write(other.frame("send", replyAddress).put("body", new JsonObject().put("answer", "from u2, no reply wanted")));
      assertRejected(other.next(WAIT));
    });
    String guessed = EventBusBridge.REPLY_PREFIX + (Long.parseLong(replyAddress.substring(EventBusBridge.REPLY_PREFIX.length())) + 1);
    ATTACKS.attack("reply hijack", () -> {
      String guess = asked.send(guessed, new JsonObject());
      assertThat(asked.replyTo(guess, WAIT).getInteger("failureCode")).as("an address never sent to it").isEqualTo(403);
    });
    assertThat(answer.isComplete()).as("no hijacked answer reached the asker").isFalse();

    asked.write(asked.frame("send", replyAddress).put("body", new JsonObject().put("answer", "from u1")));
    Message<Object> reply = answer.toCompletionStage().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(((JsonObject) reply.body()).getString("answer")).isEqualTo("from u1");
    assertThat(reply.headers().get(Headers.USER)).isEqualTo("u1");
    ATTACKS.attack("reply hijack", () -> {
      String again = asked.send(replyAddress, new JsonObject().put("answer", "twice"));
      assertThat(asked.replyTo(again, WAIT).getInteger("failureCode")).as("a reply address works once").isEqualTo(403);
    });
    assertThat(metric("confab_bridge_refused_total", "reply_not_awaited")).isGreaterThanOrEqualTo(4);
  }
}
