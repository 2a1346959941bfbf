package io.confab.bridge;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bridge client that writes any frame an attacker could, over /eventbus/websocket, and keeps every
 * frame the server writes back in order; it can stop reading, as a stalled client does.
 */
final class RawBridgeSocket implements AutoCloseable {

  private final WebSocketClient client;
  private final WebSocket socket;
  private final String authorization;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final Promise<Void> closed = Promise.promise();

  private RawBridgeSocket(WebSocketClient client, WebSocket socket, String accessToken) {
    this.client = client;
    this.socket = socket;
    this.authorization = "Bearer " + accessToken;
    // Whole messages, however many WebSocket frames a large one takes (the bridge sends binary ones).
    socket.binaryMessageHandler(buffer -> frames.add(buffer.toJsonObject()));
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(done -> closed.tryComplete());
  }

  static RawBridgeSocket connect(Vertx vertx, int port, String accessToken) {
    // Room for replies of several MiB (a page of long messages), past the client's default of 256 KiB.
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    return new RawBridgeSocket(client, client.connect(port, "127.0.0.1", "/eventbus/websocket").await(), accessToken);
  }

  /** A frame of {@code type} to {@code address} carrying this socket's token, to add to. */
  JsonObject frame(String type, String address) {
    return new JsonObject().put("type", type).put("address", address)
        .put("headers", new JsonObject().put("authorization", authorization));
  }

  /** A send awaiting a reply at a fresh reply address, which it returns. */
  String send(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    write(frame("send", address).put("replyAddress", replyAddress).put("body", body));
    return replyAddress;
  }

  void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  /** The next frame from the server, or an AssertionError after {@code within}. */
  JsonObject next(Duration within) {
    try {
      JsonObject frame = frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame from the server within " + within);
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next frame addressed to {@code address} (a reply), skipping others. */
  JsonObject replyTo(String address, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      JsonObject frame = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (address.equals(frame.getString("address"))) {
        return frame;
      }
    }
  }

  /** The next frame received and not taken yet, or null: never waits. */
  JsonObject poll() {
    return frames.poll();
  }

  /** Every frame received and not taken yet. */
  List<JsonObject> drain() {
    List<JsonObject> all = new ArrayList<>();
    frames.drainTo(all);
    return all;
  }

  /** Stops reading: what the server writes stays in its queues and the kernel's. */
  void stopReading() {
    socket.pause();
  }

  Future<Void> closed() {
    return closed.future();
  }

  @Override
  public void close() {
    client.close().await();
  }
}
