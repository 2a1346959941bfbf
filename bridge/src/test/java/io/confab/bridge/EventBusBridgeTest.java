package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StreamEvent;
import io.confab.contract.Addresses;
import io.confab.contract.Headers;
import io.confab.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Speaks the bridge's JSON frames over /eventbus/websocket, as the official client and load generators do. */
class EventBusBridgeTest extends EdgeTestBase {

  private static final JsonObject BEARER = new JsonObject().put("authorization", "Bearer not-a-real-token");

  private JsonObject bearer(String userId, String sessionId) {
    return new JsonObject().put("authorization", "Bearer " + token(userId, sessionId));
  }

  @Test
  @DisplayName("a request with a valid token reaches the verticle as the token's user, whatever the client wrote in its headers")
  void aValidRequestCarriesTheVerifiedUser() throws Exception {
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_SEND, message -> message.reply(new JsonObject()
        .put("user", message.headers().get(Headers.USER))
        .put("authorization", message.headers().get("authorization"))));
    WebSocket socket = connect();
    Future<JsonObject> reply = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND)
        .put("replyAddress", "reply-2").put("headers", bearer("u1", "s1").put(Headers.USER, "u2"))
        .put("body", new JsonObject()).encode());
    JsonObject frame = reply.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getString("address")).isEqualTo("reply-2");
    assertThat(frame.getJsonObject("body").getString("user")).isEqualTo("u1");
    assertThat(frame.getJsonObject("body").getString("authorization")).as("the client's headers are dropped").isNull();
  }

  @Test
  @DisplayName("a valid request whose verticle runs nowhere answers 503 unavailable, like HTTP")
  void aRequestWithoutItsVerticleIsUnavailable() throws Exception {
    WebSocket socket = connect();
    Future<JsonObject> reply = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.TRANSLATE_REQUEST)
        .put("replyAddress", "reply-4").put("headers", bearer("u1", "s1")).put("body", new JsonObject()).encode());
    JsonObject frame = reply.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getString("address")).isEqualTo("reply-4");
    assertThat(frame.getInteger("failureCode")).isEqualTo(503);
    assertThat(frame.getString("message")).isEqualTo("unavailable");
  }

  @Test
  @DisplayName("a valid token does not open other addresses: a send to a non-contract address gets 403 forbidden")
  void onlyContractRequestsPass() throws Exception {
    java.util.concurrent.atomic.AtomicInteger reached = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().consumer(Addresses.AUTH_ME_GET, message -> reached.incrementAndGet());
    WebSocket socket = connect();
    Future<JsonObject> refusal = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.AUTH_ME_GET)
        .put("replyAddress", "reply-5").put("headers", bearer("u1", "s1")).put("body", new JsonObject()).encode());
    JsonObject frame = refusal.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getInteger("failureCode")).isEqualTo(403);
    assertThat(frame.getString("message")).isEqualTo("forbidden");
    assertThat(reached).hasValue(0);
  }

  @Test
  @DisplayName("a user may register for their own user stream and receives its events")
  void aUserReceivesTheirOwnStream() throws Exception {
    WebSocket socket = registered("u1");
    JsonObject frame = delivered(socket, () -> vertx.eventBus().publish("user.u1", new JsonObject().put("type", "room")));
    assertThat(frame.getString("address")).isEqualTo("user.u1");
    assertThat(frame.getJsonObject("body").getString("type")).isEqualTo("room");
  }

  @Test
  @DisplayName("a stream event encoded once reaches the socket as the same JSON, in the plain envelope and with headers alike")
  void streamEventsArriveAsTheirJson() throws Exception {
    JsonObject event = new JsonObject().put("type", "message").put("room", "r1").put("text", "\"quoted\" ñ 🙂");
    WebSocket socket = registered("u1");
    assertThat(delivered(socket, () -> vertx.eventBus().publish("user.u1", StreamEvent.of(event))))
        .isEqualTo(new JsonObject().put("type", "rec").put("address", "user.u1").put("body", event));
    WebSocket other = registered("u1");
    assertThat(delivered(other, () -> vertx.eventBus().publish("user.u1", StreamEvent.of(event), new DeliveryOptions().addHeader("hop", "1"))))
        .isEqualTo(new JsonObject().put("type", "rec").put("address", "user.u1").put("headers", new JsonObject().put("hop", "1")).put("body", event));
  }

  @Test
  @DisplayName("a room event published once reaches members on their user stream and on the room's stream, and not a stranger")
  void aRoomEventPublishedOnceReachesTheMembersStreams() throws Exception {
    r1HasMembers("u1", "u2");
    JsonObject event = new JsonObject().put("type", "message").put("room", "r1").put("text", "once");
    Runnable publish = () -> publishToRoom(event, "u1,u2");
    WebSocket onUserStream = registered("u1");
    WebSocket onRoomStream = connect();
    onRoomStream.writeTextMessage(new JsonObject().put("type", "register").put("address", "room.r1").put("headers", bearer("u2", "s-u2")).encode());
    WebSocket stranger = registered("u3");
    JsonObject marker = new JsonObject().put("type", "room").put("event", "marker");
    delivered(stranger, () -> vertx.eventBus().publish("user.u3", marker));

    assertThat(delivered(onUserStream, publish)).isEqualTo(new JsonObject().put("type", "rec").put("address", "user.u1").put("body", event));
    assertThat(delivered(onRoomStream, publish)).isEqualTo(new JsonObject().put("type", "rec").put("address", "room.r1").put("body", event));
    Future<JsonObject> strangersNext = nextFrame(stranger);
    publish.run();
    vertx.eventBus().publish("user.u3", marker);
    assertThat(strangersNext.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).getJsonObject("body"))
        .as("the stranger's next frame is the marker, not the room's event").isEqualTo(marker);
  }

  @Test
  @DisplayName("a room event reaches every member's socket on the room's stream whole: one frame, written to each")
  void oneFrameReachesEverySocketOfTheRoomStream() throws Exception {
    r1HasMembers("u1", "u2");
    JsonObject event = new JsonObject().put("type", "message").put("room", "r1").put("text", "to all ñ 🙂");
    Runnable publish = () -> publishToRoom(event, "u1,u2");
    List<WebSocket> sockets = new ArrayList<>();
    for (String user : List.of("u1", "u2", "u2")) {
      WebSocket socket = connect();
      socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "room.r1").put("headers", bearer(user, "s-" + user)).encode());
      sockets.add(socket);
    }

    for (WebSocket socket : sockets) {
      assertThat(delivered(socket, publish)).isEqualTo(new JsonObject().put("type", "rec").put("address", "room.r1").put("body", event));
    }
  }

  @Test
  @DisplayName("room events published in one turn, as a group commit publishes its batch, reach every socket of the room, all of them, in order")
  void aBurstOfRoomEventsArrivesWholeAndInOrder() throws Exception {
    r1HasMembers("u1", "u2");
    JsonObject ready = new JsonObject().put("type", "message").put("room", "r1").put("text", "ready");
    List<List<JsonObject>> received = new ArrayList<>();
    for (String user : List.of("u1", "u2", "u2")) {
      WebSocket socket = connect();
      socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "room.r1").put("headers", bearer(user, "s-" + user)).encode());
      delivered(socket, () -> publishToRoom(ready, "u1,u2"));
      List<JsonObject> its = new CopyOnWriteArrayList<>();
      socket.handler(buffer -> its.add(buffer.toJsonObject().getJsonObject("body")));
      received.add(its);
    }
    List<JsonObject> burst = IntStream.range(0, 200)
        .mapToObj(i -> new JsonObject().put("type", "message").put("room", "r1").put("seq", i)).toList();

    vertx.runOnContext(turn -> burst.forEach(event -> publishToRoom(event, "u1,u2")));

    for (List<JsonObject> its : received) {
      Eventually.until(() -> its.stream().filter(event -> event.containsKey("seq")).count() == burst.size(),
          Duration.ofSeconds(10), "every event of the burst");
      assertThat(its.stream().filter(event -> event.containsKey("seq"))).containsExactlyElementsOf(burst);
    }
  }

  @Test
  @DisplayName("each room event goes by its own members: once a list leaves a member out, that member's socket gets nothing of it")
  void eachRoomEventGoesByItsOwnMembers() throws Exception {
    r1HasMembers("u1", "u2");
    WebSocket onRoomStream = connect();
    onRoomStream.writeTextMessage(new JsonObject().put("type", "register").put("address", "room.r1").put("headers", bearer("u2", "s-u2")).encode());
    JsonObject before = new JsonObject().put("type", "message").put("room", "r1").put("text", "while a member");
    delivered(onRoomStream, () -> publishToRoom(before, "u1,u2"));
    List<JsonObject> received = new CopyOnWriteArrayList<>();
    onRoomStream.handler(buffer -> received.add(buffer.toJsonObject().getJsonObject("body")));

    JsonObject after = new JsonObject().put("type", "message").put("room", "r1").put("text", "after the removal");
    JsonObject marker = new JsonObject().put("type", "message").put("room", "r1").put("text", "member again");
    publishToRoom(after, "u1");
    publishToRoom(marker, "u1,u2");

    Eventually.until(() -> received.contains(marker), Duration.ofSeconds(5), "the event after the member came back");
    assertThat(received).doesNotContain(after);
  }

  /** Chat's answer to the edge asking who belongs to room r1. */
  private void r1HasMembers(String... users) {
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_ROOM_MEMBERS,
        message -> message.reply(new JsonObject().put("members", new JsonArray(List.of((Object[]) users)))));
  }

  /** Chat's one publish of a room event of r1, with the members it lists. */
  private void publishToRoom(JsonObject event, String members) {
    vertx.eventBus().publish(Addresses.CHAT_ROOM_EVENTS, StreamEvent.of(event),
        new DeliveryOptions().addHeader(Headers.ROOM, "r1").addHeader(Headers.MEMBERS, members));
  }

  /** A socket registered for {@code user.<userId>} with that user's token. */
  private WebSocket registered(String userId) throws Exception {
    WebSocket socket = connect();
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "user." + userId)
        .put("headers", bearer(userId, "s-" + userId)).encode());
    return socket;
  }

  /** The socket's next frame, publishing until it comes (a registration completes after the frame that asked for it). */
  private JsonObject delivered(WebSocket socket, Runnable publish) throws Exception {
    Future<JsonObject> frame = nextFrame(socket);
    Eventually.until(() -> {
      publish.run();
      return frame.isComplete();
    }, Duration.ofSeconds(5), "a frame");
    return frame.result();
  }

  @Test
  @DisplayName("a revoked session's open socket is closed at once and receives nothing more")
  void aRevokedSessionsSocketIsClosed() throws Exception {
    WebSocket socket = connect();
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "user.u9").put("headers", bearer("u9", "s9")).encode());
    delivered(socket, () -> vertx.eventBus().publish("user.u9", new JsonObject().put("type", "room")));
    List<JsonObject> after = new CopyOnWriteArrayList<>();
    socket.handler(buffer -> after.add(buffer.toJsonObject()));
    Promise<Void> closed = Promise.promise();
    socket.closeHandler(done -> closed.tryComplete());

    JsonObject forbidden = new JsonObject().put("type", "room").put("event", "after the revocation");
    vertx.eventBus().publish(Addresses.AUTH_SESSION_REVOKED, new JsonObject().put("session", "s9"));
    vertx.eventBus().publish("user.u9", forbidden);

    // The close is the barrier: a frame the bridge wrote before it would have arrived before it.
    closed.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(after).as("frames after the revocation (earlier probes may still come)")
        .noneMatch(frame -> forbidden.equals(frame.getJsonObject("body")));
  }

  @Test
  @DisplayName("another user's stream cannot be registered, even with a valid token")
  void anotherUsersStreamIsRefused() throws Exception {
    WebSocket socket = connect();
    Future<JsonObject> refusal = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "user.u2").put("headers", bearer("u1", "s1")).encode());
    assertThat(refusal.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).getString("body")).isEqualTo("rejected");
  }

  @Test
  @DisplayName("a revoked session's token is refused at the bridge at once")
  void aRevokedSessionIsRefusedAtTheBridge() throws Exception {
    String sessionId = "s-" + java.util.UUID.randomUUID();
    revoke(sessionId);
    WebSocket socket = connect();
    Future<JsonObject> reply = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_HISTORY)
        .put("replyAddress", "reply-3").put("headers", bearer("u1", sessionId)).put("body", new JsonObject()).encode());
    JsonObject frame = reply.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getInteger("failureCode")).isEqualTo(401);
    assertThat(frame.getString("message")).isEqualTo("unauthorized");
  }

  @Test
  @DisplayName("/eventbus/info answers, so SockJS clients can connect")
  void infoAnswers() {
    var response = client.get("/eventbus/info").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getBoolean("websocket")).isTrue();
  }

  @Test
  @DisplayName("a request without a valid token gets a 401 unauthorized failure reply and reaches no verticle")
  void aRequestWithoutValidTokenIsRefusedWithAReply() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.CHAT_SEND, message -> {
      delivered.incrementAndGet();
      message.reply(new JsonObject());
    });
    WebSocket socket = connect();
    Future<JsonObject> reply = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_SEND)
        .put("replyAddress", "reply-1").put("headers", BEARER)
        .put("body", new JsonObject().put("room", "r1").put("text", "hi").put("clientMsgId", "c1")).encode());
    JsonObject frame = reply.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("address")).isEqualTo("reply-1");
    assertThat(frame.getInteger("failureCode")).isEqualTo(401);
    assertThat(frame.getString("message")).isEqualTo("unauthorized");
    assertThat(delivered).hasValue(0);
  }

  @Test
  @DisplayName("a registration without a valid token is refused, and nothing is delivered to that socket")
  void aRegistrationWithoutValidTokenIsRefused() throws Exception {
    WebSocket socket = connect();
    Future<JsonObject> refusal = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "room.r1").put("headers", BEARER).encode());
    JsonObject frame = refusal.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(frame.getString("type")).isEqualTo("err");
    assertThat(frame.getString("body")).isEqualTo("rejected");

    vertx.eventBus().publish("room.r1", new JsonObject().put("type", "message").put("text", "secret"));
    // A barrier: the socket's own stream, registered and published to after the secret, whose frame would follow the secret's.
    JsonObject marker = new JsonObject().put("type", "room").put("event", "marker");
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "user.u1").put("headers", bearer("u1", "s-u1")).encode());
    assertThat(delivered(socket, () -> vertx.eventBus().publish("user.u1", marker)).getJsonObject("body"))
        .as("the first frame after the refusal is the marker, not the secret").isEqualTo(marker);
  }

  @Test
  @DisplayName("a client may not publish, whatever its headers")
  void publishingIsRefused() throws Exception {
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.CHAT_TYPING, message -> delivered.incrementAndGet());
    WebSocket socket = connect();
    Future<JsonObject> refusal = nextFrame(socket);
    socket.writeTextMessage(new JsonObject().put("type", "publish").put("address", Addresses.CHAT_TYPING)
        .put("headers", BEARER).put("body", new JsonObject().put("room", "r1")).encode());
    assertThat(refusal.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).getString("body")).isEqualTo("rejected");
    assertThat(delivered).hasValue(0);
  }

  /** Held in a field: Vert.x 5 closes a client that is no longer referenced, connections and all. */
  private final java.util.List<WebSocketClient> sockets = new java.util.ArrayList<>();

  private WebSocket connect() {
    WebSocketClient client = vertx.createWebSocketClient();
    sockets.add(client);
    return client.connect(port, "127.0.0.1", "/eventbus/websocket").await();
  }

  /** The next JSON frame the server writes (the bridge sends them as binary frames). */
  private static Future<JsonObject> nextFrame(WebSocket socket) {
    Promise<JsonObject> frame = Promise.promise();
    socket.handler(buffer -> frame.tryComplete(buffer.toJsonObject()));
    return frame.future();
  }
}
