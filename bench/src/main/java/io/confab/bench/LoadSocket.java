package io.confab.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;

/**
 * One generator connection: opened on its lane's event loop, it joins its rooms and hands every frame
 * to its dialect. A slow reader stops reading ({@link WebSocket#pause()}): the server's writes to it
 * pile up in the kernel's buffers, then in the server.
 */
final class LoadSocket {

  final Generator generator;
  final Context lane;
  final Dialect dialect;
  final Load.User user;
  final List<String> rooms;
  private WebSocket ws;
  private Promise<LoadSocket> ready;
  boolean reading = true;

  LoadSocket(Generator generator, Context lane, Dialect dialect, Load.User user, List<String> rooms) {
    this.generator = generator;
    this.lane = lane;
    this.dialect = dialect;
    this.user = user;
    this.rooms = rooms;
  }

  /** Connects, says hello where the dialect wants it, joins; completes once the rooms are asked for. */
  Future<LoadSocket> open(WebSocketClient client, int port) {
    Promise<LoadSocket> promise = Promise.promise();
    lane.runOnContext(v -> {
      ready = promise;
      client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(dialect.path()).setTimeout(20_000))
          .onFailure(promise::tryFail)
          .onSuccess(socket -> {
            ws = socket;
            socket.handler(buffer -> dialect.onFrame(this, buffer.toString()));
            socket.exceptionHandler(e -> { });
            socket.closeHandler(closed -> {
              if (generator.running()) {
                generator.closed(this);
              }
              promise.tryFail("closed");
            });
            if (dialect.hello(user.token()) == null) {
              ready();
            }
          });
    });
    return promise.future();
  }

  /** Engine.IO's open packet: now the Socket.IO connect with the token. */
  void opened() {
    write(dialect.hello(user.token()));
  }

  void ready() {
    if (dialect instanceof Dialect.Bridge bridge && bridge.confab() && rooms.isEmpty()) {
      write(bridge.register(user.token(), "user." + user.id()));
    }
    rooms.forEach(room -> write(dialect.join(user.token(), room)));
    ready.tryComplete(this);
  }

  void refusedHello(String frame) {
    ready.tryFail(frame);
  }

  void write(String frame) {
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(frame);
    }
  }

  /** On the lane's thread. */
  void ping() {
    String ping = dialect.ping();
    if (ping != null) {
      write(ping);
    }
  }

  void stopReading() {
    lane.runOnContext(v -> {
      reading = false;
      if (ws != null) {
        ws.pause();
      }
    });
  }

  Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    lane.runOnContext(v -> {
      if (ws == null || ws.isClosed()) {
        closed.complete();
      } else {
        ws.close().onComplete(done -> closed.complete());
      }
    });
    return closed.future();
  }
}
