package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Speaks the bridge's JSON frames over /eventbus/websocket, as the official client and load generators do. */
class EventBusBridgeTest extends EdgeTestBase {

  private static final JsonObject BEARER = new JsonObject().put("authorization", "Bearer not-a-real-token");

  @Override
  protected List<HttpRoutes> routes() {
    return List.of(new EventBusBridge());
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

    Future<JsonObject> leak = nextFrame(socket);
    vertx.eventBus().publish("room.r1", new JsonObject().put("type", "message").put("text", "secret"));
    Thread.sleep(300);
    assertThat(leak.isComplete()).as("no frame after a refused registration").isFalse();
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
  private WebSocketClient sockets;

  private WebSocket connect() {
    sockets = vertx.createWebSocketClient();
    return sockets.connect(port, "127.0.0.1", "/eventbus/websocket").await();
  }

  /** The next JSON frame the server writes (the bridge sends them as binary frames). */
  private static Future<JsonObject> nextFrame(WebSocket socket) {
    Promise<JsonObject> frame = Promise.promise();
    socket.handler(buffer -> frame.tryComplete(buffer.toJsonObject()));
    return frame.future();
  }
}
