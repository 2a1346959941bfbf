package io.confab.bench;

import io.confab.base.Codecs;
import io.confab.base.StreamEvent;
import io.confab.bridge.BridgeRoutes;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Headers;
import io.confab.edge.EdgeVerticle;
import io.confab.edge.HttpRoutes;
import io.confab.testing.FreePorts;
import io.confab.testing.TestTokens;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

/**
 * The edge's cost of one delivery in fan-out, alone: one edge instance (the real {@link EdgeVerticle} and
 * bridge, on one event loop) with a room of {@code --sockets} members on raw WebSocket clients, and chat's
 * publishes of the room's events played on a worker thread, {@code --bursts} events at a time (what a
 * group commit of that many messages publishes) at {@code --rate} events a second. It prints the CPU time
 * of the edge's event-loop thread per 1,000 deliveries, a figure the other processes sharing the machine
 * move far less than a whole node's; the clients' and the publisher's work is on other threads.
 *
 * <p>The edge's classes are those of the confab.jar first on the class path, so the same command measures
 * two builds: {@code java -cp confab.jar:bench/target/confab-bench.jar io.confab.bench.FanOutFlushes
 * [--sockets 100] [--rate 250] [--bursts 1,4,16] [--seconds 10] [--rounds 3]} (Redis on 127.0.0.1:6379).
 */
public final class FanOutFlushes {

  private static final String ROOM = "flushes";
  private static final String THREAD_PATH = "/bench/edge-thread";

  public static void main(String[] args) throws Exception {
    int sockets = 100;
    int rate = 250;
    List<Integer> bursts = List.of(1, 4, 16);
    int seconds = 10;
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sockets" -> sockets = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--bursts" -> bursts = List.of(args[++i].split(",")).stream().map(Integer::valueOf).toList();
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Vertx node = Vertx.vertx();
    Vertx clients = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Codecs.register(node);
      List<String> users = IntStream.range(0, sockets).mapToObj(i -> "u" + i).toList();
      String members = String.join(",", users);
      node.eventBus().<JsonObject>consumer(Addresses.CHAT_ROOM_MEMBERS,
          asked -> asked.reply(new JsonObject().put("members", new JsonArray(new ArrayList<Object>(users)))));
      int port = FreePorts.next();
      HttpRoutes itsThread = (vertx, router, config) -> router.get(THREAD_PATH)
          .handler(ctx -> ctx.response().end(String.valueOf(Thread.currentThread().getId())));
      node.deployVerticle(() -> new EdgeVerticle(HealthChecks.create(node), HealthChecks.create(node), List.of(new BridgeRoutes(), itsThread)),
          new DeploymentOptions().setConfig(TestTokens.edgeConfig().put(ConfigKeys.HTTP_HOST, "127.0.0.1").put(ConfigKeys.HTTP_PORT, port)))
          .await();
      HttpClient http = clients.createHttpClient();
      long edgeThread = Long.parseLong(http.request(HttpMethod.GET, port, "127.0.0.1", THREAD_PATH)
          .compose(request -> request.send().compose(HttpClientResponse::body)).await().toString());
      http.close().await();
      // Chat's side: a worker, never the edge's thread.
      AtomicReference<Context> chat = new AtomicReference<>();
      node.deployVerticle(new VerticleBase() {
        @Override
        public Future<?> start() {
          chat.set(context);
          return Future.succeededFuture();
        }
      }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await();
      Publisher publisher = new Publisher(node, chat.get(), members);

      LongAdder delivered = new LongAdder();
      // Past the client's default of 50 connections to one server, the others would wait for one to close.
      // Closed at the end: a Vert.x 5 client that is no longer referenced is closed, its sockets with it, when collected.
      WebSocketClient client = clients.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sockets));
      List<WebSocket> open = new ArrayList<>();
      List<Listening> listening = new ArrayList<>();
      for (String user : users) {
        WebSocket socket = client.connect(port, "127.0.0.1", "/eventbus/websocket").await();
        LongAdder its = new LongAdder();
        socket.binaryMessageHandler(frame -> {
          delivered.increment();
          its.increment();
        });
        JsonObject headers = new JsonObject().put("authorization", "Bearer " + TestTokens.access(node, user, "s-" + user));
        String register = new JsonObject().put("type", "register").put("address", "room." + ROOM).put("headers", headers).encode();
        socket.writeTextMessage(register);
        open.add(socket);
        listening.add(new Listening(socket, register, its));
      }
      // The bridge closes a socket that sends nothing for 10 s.
      clients.setPeriodic(4_000, tick -> open.forEach(socket -> socket.writeTextMessage("{\"type\":\"ping\"}")));
      awaitEveryoneListening(publisher, listening);
      awaitSettled(delivered);

      System.out.printf("FanOutFlushes: %d sockets, %d events/s, %d s per measure; edge thread CPU per 1,000 deliveries%n",
          sockets, rate, seconds);
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      for (int round = 1; round <= rounds; round++) {
        for (int burst : bursts) {
          long cpuBefore = threads.getThreadCpuTime(edgeThread);
          long deliveredBefore = delivered.sum();
          long startedAt = System.nanoTime();
          publisher.play(rate, burst, seconds);
          double playedSeconds = (System.nanoTime() - startedAt) / 1e9;
          awaitSettled(delivered);
          double cpuMs = (threads.getThreadCpuTime(edgeThread) - cpuBefore) / 1e6;
          long count = delivered.sum() - deliveredBefore;
          System.out.printf("  round %d, bursts of %2d: %,9d deliveries (%,.0f/s), edge CPU %6.1f ms per 1k deliveries%n",
              round, burst, count, count / playedSeconds, cpuMs * 1000 / Math.max(1, count));
        }
      }
      client.close().await();
    } finally {
      clients.close().await();
      node.close().await();
    }
  }

  /** Chat's publishes of the room's events, played on its own context: {@code burst} events in one turn, {@code rate} a second. */
  private record Publisher(Vertx node, Context chat, String members) {

    void play(int rate, int burst, int seconds) throws Exception {
      long periodMs = Math.max(1, Math.round(1000.0 * burst / rate));
      long turns = Math.max(1, seconds * 1000L / periodMs);
      Promise<Void> played = Promise.promise();
      chat.runOnContext(start -> {
        long[] left = {turns};
        node.setPeriodic(periodMs, timer -> {
          for (int i = 0; i < burst; i++) {
            node.eventBus().publish(Addresses.CHAT_ROOM_EVENTS,
                StreamEvent.of(new JsonObject().put("type", "message").put("room", ROOM).put("text", "fan-out " + i)),
                new DeliveryOptions().addHeader(Headers.ROOM, ROOM).addHeader(Headers.MEMBERS, members));
          }
          if (--left[0] == 0) {
            node.cancelTimer(timer);
            played.complete();
          }
        });
      });
      played.future().toCompletionStage().toCompletableFuture().get(seconds * 3L + 5, TimeUnit.SECONDS);
    }
  }

  /** A room's socket, its register frame and the frames it has read. */
  private record Listening(WebSocket socket, String register, LongAdder read) {
  }

  /**
   * Publishes until every socket has read a frame; a socket that has none after a while registers again
   * (on a loaded machine a registration's member check may time out, and the bridge refuses it).
   */
  private static void awaitEveryoneListening(Publisher publisher, List<Listening> listening) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    for (int tries = 1; listening.stream().anyMatch(socket -> socket.read().sum() == 0); tries++) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the room's sockets did not all receive within 60 s");
      }
      publisher.play(200, 1, 1);
      if (tries % 5 == 0) {
        listening.stream().filter(socket -> socket.read().sum() == 0).forEach(socket -> socket.socket().writeTextMessage(socket.register()));
      }
    }
  }

  /** Until no delivery came for 300 ms: everything played has arrived. */
  private static void awaitSettled(LongAdder delivered) throws InterruptedException {
    long last = -1;
    while (delivered.sum() != last) {
      last = delivered.sum();
      Thread.sleep(300);
    }
  }
}
