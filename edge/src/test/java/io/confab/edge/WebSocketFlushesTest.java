package io.confab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The edge's WebSockets flush once per event-loop task: each test upgrades through {@link EdgeVerticle},
 * counts the flushes that reach the wire (a handler at the head of the socket's pipeline), and reads
 * what a real client receives.
 */
class WebSocketFlushesTest {

  private static final Duration DEADLINE = Duration.ofSeconds(10);

  private Vertx vertx;
  private int port;
  private WebSocketClient client;
  /** The server's side of each upgraded socket, in the order they were upgraded. */
  private final List<Upgraded> upgraded = new CopyOnWriteArrayList<>();

  private record Upgraded(ServerWebSocket socket, Context context, AtomicInteger flushes) {
  }

  /** Counts the flushes that leave the pipeline: a write syscall each. */
  private static final class WireFlushes extends ChannelOutboundHandlerAdapter {

    private final AtomicInteger flushes;

    WireFlushes(AtomicInteger flushes) {
      this.flushes = flushes;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
      flushes.incrementAndGet();
      ctx.flush();
    }
  }

  @BeforeEach
  void startEdge() {
    vertx = Vertx.vertx();
    port = FreePorts.next();
    HttpRoutes echo = (node, router, config) -> router.get("/ws").handler(ctx -> {
      // The router hands out wrappers of the request and of its WebSocket: the channel is reached, in this
      // test only, through Vert.x's implementation of the connection.
      ChannelPipeline pipeline = ((HttpServerConnection) ctx.request().connection()).channelHandlerContext().pipeline();
      ctx.request().toWebSocket().onSuccess(socket -> {
        AtomicInteger flushes = new AtomicInteger();
        pipeline.addFirst(new WireFlushes(flushes));
        socket.textMessageHandler(socket::writeTextMessage);
        upgraded.add(new Upgraded(socket, Vertx.currentContext(), flushes));
      });
    });
    // One instance: every socket on one event loop, written in one task.
    vertx.deployVerticle(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), List.of(echo)),
        new DeploymentOptions().setConfig(new JsonObject().put(ConfigKeys.HTTP_HOST, "127.0.0.1").put(ConfigKeys.HTTP_PORT, port)))
        .await();
    client = vertx.createWebSocketClient();
  }

  @AfterEach
  void stopEdge() {
    vertx.close().await();
  }

  /** A client connected to the edge, and the text frames it has read; returns once the server holds the socket. */
  private Queue<String> connected() {
    Queue<String> read = new ConcurrentLinkedQueue<>();
    int before = upgraded.size();
    WebSocket socket = client.connect(port, "127.0.0.1", "/ws").await();
    socket.textMessageHandler(read::add);
    Eventually.until(() -> upgraded.size() > before, DEADLINE, "the server's side of the socket");
    return read;
  }

  @Test
  @DisplayName("frames written to many sockets in one event-loop turn leave in one flush per socket, all of them, in order")
  void framesOfOneTurnLeaveInOneFlushPerSocket() {
    List<Queue<String>> clients = IntStream.range(0, 3).mapToObj(i -> connected()).toList();
    List<String> frames = IntStream.range(0, 10).mapToObj(String::valueOf).toList();

    upgraded.get(0).context().runOnContext(turn -> upgraded.forEach(socket -> frames.forEach(socket.socket()::writeTextMessage)));

    clients.forEach(read -> Eventually.until(() -> read.size() == frames.size(), DEADLINE, "every frame"));
    clients.forEach(read -> assertThat(read).containsExactlyElementsOf(frames));
    assertThat(upgraded).allSatisfy(socket -> assertThat(socket.flushes()).as("flushes to the wire").hasValue(1));
  }

  @Test
  @DisplayName("a frame written with nothing after it is not held back")
  void aFrameWrittenAloneArrives() {
    Queue<String> read = connected();

    upgraded.get(0).context().runOnContext(turn -> upgraded.get(0).socket().writeTextMessage("alone"));

    Eventually.until(() -> "alone".equals(read.peek()), DEADLINE, "the frame");
  }

  @Test
  @DisplayName("an answer written while the socket is being read is not held back")
  void anAnswerWrittenWhileReadingArrives() {
    List<String> sent = List.of("ping", "pong");
    Queue<String> read = new ConcurrentLinkedQueue<>();
    WebSocket socket = client.connect(port, "127.0.0.1", "/ws").await();
    socket.textMessageHandler(read::add);

    sent.forEach(socket::writeTextMessage);

    Eventually.until(() -> read.size() == sent.size(), DEADLINE, "the echoes");
    assertThat(read).containsExactlyElementsOf(sent);
  }
}
