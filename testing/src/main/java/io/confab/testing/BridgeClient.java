package io.confab.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A client of the SockJS bridge speaking its JSON frames over /eventbus/websocket, as the official
 * JS client does, with the {@code authorization} header on every frame.
 */
public final class BridgeClient implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final String authorization;
  private final Map<String, Promise<JsonObject>> replies = new ConcurrentHashMap<>();
  private final List<JsonObject> received = new CopyOnWriteArrayList<>();
  private final List<JsonObject> errors = new CopyOnWriteArrayList<>();

  private BridgeClient(WebSocketClient client, WebSocket socket, String accessToken) {
    this.client = client;
    this.socket = socket;
    this.authorization = "Bearer " + accessToken;
    socket.handler(buffer -> {
      JsonObject frame = buffer.toJsonObject();
      Promise<JsonObject> reply = replies.remove(String.valueOf(frame.getString("address")));
      if (reply != null) {
        reply.complete(frame);
      } else if ("err".equals(frame.getString("type"))) {
        errors.add(frame);
      } else {
        received.add(frame);
      }
    });
    // A closed socket answers nothing more: its requests fail now rather than at their callers' timeouts.
    socket.closeHandler(v -> replies.values().forEach(reply -> reply.tryFail("the socket closed")));
  }

  public static BridgeClient connect(Vertx vertx, int port, String accessToken) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocket socket = client.connect(port, "127.0.0.1", "/eventbus/websocket").await();
    return new BridgeClient(client, socket, accessToken);
  }

  /**
   * A request: the reply frame ({@code type} "rec" with a body, or "err" with failureCode and message).
   * The body may be any JSON value, as a browser may send any.
   */
  public Future<JsonObject> request(String address, Object body) {
    String replyAddress = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    replies.put(replyAddress, reply);
    // A socket the server closed before this write (before its close handler ran) answers nothing either.
    socket.writeTextMessage(frame("send", address).put("replyAddress", replyAddress).put("body", body).encode())
        .onFailure(e -> reply.tryFail("the socket closed"));
    return reply.future();
  }

  /** The bridge closes a socket that sends no ping for 10 s: a long-lived client pings. */
  public void ping() {
    socket.writeTextMessage(new JsonObject().put("type", "ping").encode());
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  public void register(String address) {
    socket.writeTextMessage(frame("register", address).encode());
  }

  /** Waits until a received frame matches, or fails after {@code within}. */
  public JsonObject await(Predicate<JsonObject> wanted, Duration within) {
    if (!Eventually.holds(() -> received.stream().anyMatch(wanted), within)) {
      throw new AssertionError("no frame as wanted within " + within + "; received " + received + ", errors " + errors);
    }
    return received.stream().filter(wanted).findFirst().orElseThrow();
  }

  public List<JsonObject> received() {
    return received;
  }

  public List<JsonObject> errors() {
    return errors;
  }

  private JsonObject frame(String type, String address) {
    return new JsonObject().put("type", type).put("address", address)
        .put("headers", new JsonObject().put("authorization", authorization));
  }

  @Override
  public void close() {
    client.close().await();
  }
}
