package io.confab.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A TCP proxy on a free loopback port in front of a real server, that can hold every byte for a while
 * in both directions: a slow network or a slow store, as its clients see it. Order is kept (each chunk
 * leaves {@link #delay} after it arrived, in arrival order); a delay of 0 forwards at once.
 */
public final class SlowProxy implements AutoCloseable {

  private final Vertx vertx;
  private final int targetPort;
  private final NetClient client;
  private final NetServer server;
  private volatile long delayMs;

  private SlowProxy(Vertx vertx, int targetPort) {
    this.vertx = vertx;
    this.targetPort = targetPort;
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::forward);
  }

  /** Listens on a free loopback port, forwarding to {@code 127.0.0.1:targetPort}. */
  public static SlowProxy start(Vertx vertx, int targetPort) {
    SlowProxy proxy = new SlowProxy(vertx, targetPort);
    proxy.server.listen(0, "127.0.0.1").await();
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** From now on every chunk, either way, waits this long; 0 forwards at once. */
  public SlowProxy delay(long ms) {
    delayMs = ms;
    return this;
  }

  @Override
  public void close() {
    server.close().eventually(client::close).await();
  }

  private void forward(NetSocket downstream) {
    downstream.pause();
    client.connect(targetPort, "127.0.0.1").onComplete(upstream -> {
      downstream.handler(new Delayed(upstream)::write);
      upstream.handler(new Delayed(downstream)::write);
      downstream.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> downstream.close());
      downstream.resume();
    }, failure -> downstream.close());
  }

  /** One direction: chunks queued with the time they may leave. */
  private final class Delayed {

    private record Chunk(long due, Buffer data) {
    }

    private final NetSocket to;
    private final Queue<Chunk> queue = new ArrayDeque<>();

    Delayed(NetSocket to) {
      this.to = to;
    }

    void write(Buffer data) {
      long delay = delayMs;
      if (delay <= 0 && queue.isEmpty()) {
        to.write(data);
        return;
      }
      queue.add(new Chunk(System.currentTimeMillis() + delay, data));
      vertx.setTimer(Math.max(1, delay), timer -> flush());
    }

    private void flush() {
      long now = System.currentTimeMillis();
      while (!queue.isEmpty() && queue.peek().due() <= now) {
        to.write(queue.poll().data());
      }
      if (!queue.isEmpty()) {
        vertx.setTimer(Math.max(1, queue.peek().due() - now), timer -> flush());
      }
    }
  }
}
