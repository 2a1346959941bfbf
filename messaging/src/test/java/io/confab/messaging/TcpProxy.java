package io.confab.messaging;

import io.confab.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a fixed loopback port to a real server (the shared RabbitMQ), that a test turns off and
 * on: {@link #down()} closes the listener and every proxied connection, so clients see the server go
 * away for real, and {@link #up()} listens again on the same port. {@link #stall()} keeps every connection
 * open but stops forwarding what clients send, as a broker that stops answering (a resource alarm, a
 * stalled network); {@link #resume()} forwards it all again. The shared broker is never touched.
 */
public final class TcpProxy {

  private final Vertx vertx;
  private final String targetHost;
  private final int targetPort;
  private final int port = FreePorts.next();
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  /** The clients' ends, paused while stalled. */
  private final Set<NetSocket> clientSides = ConcurrentHashMap.newKeySet();
  private volatile boolean stalled;
  private NetServer server;

  public TcpProxy(Vertx vertx, String targetHost, int targetPort) {
    this.vertx = vertx;
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
  }

  /** A proxy, already listening, to the shared RabbitMQ (127.0.0.1:5672). */
  public static TcpProxy rabbitMq(Vertx vertx) {
    TcpProxy proxy = new TcpProxy(vertx, "127.0.0.1", 5672);
    proxy.up().await();
    return proxy;
  }

  public int port() {
    return port;
  }

  /** The shared broker's URI through this proxy. */
  public String amqpUri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Listens on {@link #port()} and forwards every connection to the target. */
  public Future<Void> up() {
    server = vertx.createNetServer().connectHandler(this::forward);
    return server.listen(port, "127.0.0.1").mapEmpty();
  }

  /** Stops listening and cuts every proxied connection. */
  public Future<Void> down() {
    NetServer listening = server;
    server = null;
    Future<Void> closed = listening == null ? Future.succeededFuture() : listening.close();
    return closed.compose(v -> Future.join(sockets.stream().map(NetSocket::close).toList())).mapEmpty();
  }

  /** Connections stay open, but nothing the clients send reaches the server any more. */
  public void stall() {
    stalled = true;
    clientSides.forEach(NetSocket::pause);
  }

  /** Forwards again, what was held back first. */
  public void resume() {
    stalled = false;
    clientSides.forEach(NetSocket::resume);
  }

  private void forward(NetSocket downstream) {
    downstream.pause();
    sockets.add(downstream);
    downstream.closeHandler(v -> sockets.remove(downstream));
    client.connect(targetPort, targetHost).onComplete(upstream -> {
      sockets.add(upstream);
      upstream.closeHandler(v -> {
        sockets.remove(upstream);
        downstream.close();
      });
      downstream.closeHandler(v -> {
        sockets.remove(downstream);
        clientSides.remove(downstream);
        upstream.close();
      });
      downstream.handler(upstream::write);
      upstream.handler(downstream::write);
      clientSides.add(downstream);
      if (!stalled) {
        downstream.resume();
      }
    }, failure -> downstream.close());
  }
}
