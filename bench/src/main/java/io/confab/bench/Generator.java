package io.confab.bench;

import io.confab.testing.LocalCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator: a Vert.x instance with one event loop per lane, sockets spread over the lanes and
 * over several loopback source addresses (127.0.0.2 and up) so that ephemeral ports do not run out, a
 * keep-alive sweep, and an open-loop sender per lane that follows a fixed schedule whatever the server
 * answers.
 */
final class Generator implements AutoCloseable {

  static final long PING_EVERY_MS = 5_000;
  private static final long PING_SWEEP_MS = 250;

  private final Vertx vertx;
  private final List<Context> lanes = new ArrayList<>();
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<List<LoadSocket>> laneSockets = new ArrayList<>();
  private volatile Phase phase;
  private volatile boolean running = true;
  private final AtomicLong opened = new AtomicLong();
  final LongAdder unexpectedCloses = new LongAdder();
  final LongAdder refusals = new LongAdder();
  final LongAdder strays = new LongAdder();

  Generator(int laneCount, int sourceAddresses) {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(laneCount).setWorkerPoolSize(2)
        .setBlockedThreadCheckInterval(10_000));
    for (int i = 0; i < laneCount; i++) {
      Context lane = vertx.getOrCreateContext();
      lanes.add(lane);
      List<LoadSocket> mine = new ArrayList<>();
      laneSockets.add(mine);
      // Each lane pings a slice of its sockets every sweep, so every socket pings once per PING_EVERY_MS.
      long slices = PING_EVERY_MS / PING_SWEEP_MS;
      long[] sweep = {0};
      lane.runOnContext(v -> vertx.setPeriodic(PING_SWEEP_MS, t -> {
        long slice = sweep[0]++ % slices;
        for (int s = (int) slice; s < mine.size(); s += (int) slices) {
          mine.get(s).ping();
        }
      }));
    }
    for (int i = 0; i < sourceAddresses; i++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress("127.0.0." + (2 + i))
          .setMaxConnections(100_000).setConnectTimeout(20_000).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20)
          .setClosingTimeout(2)));
    }
  }

  boolean running() {
    return running;
  }

  /**
   * Opens the sockets, at most {@code concurrency} connecting at once; returns those that opened (the
   * others are counted in the answer's failures).
   */
  record Opened(List<LoadSocket> sockets, int failures, String firstFailure) {
  }

  Opened open(Dialect dialect, List<Load.SocketSpec> specs, int concurrency) {
    List<LoadSocket> sockets = new ArrayList<>();
    int failures = 0;
    String first = null;
    for (int from = 0; from < specs.size(); from += concurrency) {
      List<CompletableFuture<LoadSocket>> batch = new ArrayList<>();
      for (Load.SocketSpec spec : specs.subList(from, Math.min(specs.size(), from + concurrency))) {
        long n = opened.getAndIncrement();
        int laneIndex = (int) (n % lanes.size());
        LoadSocket socket = new LoadSocket(this, lanes.get(laneIndex), dialect, spec.user(), spec.rooms());
        batch.add(socket.open(clients.get((int) (n / lanes.size() % clients.size())), spec.port())
            .map(s -> {
              lanes.get(laneIndex).runOnContext(v -> laneSockets.get(laneIndex).add(s));
              return s;
            }).toCompletionStage().toCompletableFuture());
      }
      for (CompletableFuture<LoadSocket> f : batch) {
        try {
          sockets.add(f.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
          failures++;
          if (first == null) {
            first = String.valueOf(e.getCause() == null ? e : e.getCause());
          }
        }
      }
    }
    return new Opened(sockets, failures, first);
  }

  /** Closes the sockets and forgets them (bounded: a stalled socket is dropped after the closing timeout). */
  void close(List<LoadSocket> sockets) {
    running = false;
    List<CompletableFuture<Void>> closing = sockets.stream().map(s -> s.close().toCompletionStage().toCompletableFuture()).toList();
    try {
      CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // bounded: whatever is still closing goes with the next run's process or the generator's end
    }
    for (int i = 0; i < lanes.size(); i++) {
      List<LoadSocket> mine = laneSockets.get(i);
      CompletableFuture<Void> done = new CompletableFuture<>();
      lanes.get(i).runOnContext(v -> {
        mine.removeAll(sockets);
        done.complete(null);
      });
      done.join();
    }
    running = true;
  }

  Phase begin(int number, int capacity) {
    Phase next = new Phase(number, capacity);
    phase = next;
    return next;
  }

  /**
   * Sends {@code perSecond} messages a second for {@code millis}, spread over the senders round robin,
   * each lane sending for its own sockets on its own event loop. Blocks until the schedule ends.
   */
  void drive(Phase into, List<Load.Sender> senders, double perSecond, long millis) {
    Map<Context, List<Load.Sender>> byLane = new HashMap<>();
    senders.forEach(s -> byLane.computeIfAbsent(s.socket().lane, c -> new ArrayList<>()).add(s));
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    List<CompletableFuture<Void>> done = new ArrayList<>();
    byLane.forEach((lane, mine) -> {
      double laneRate = perSecond * mine.size() / senders.size();
      Promise<Void> finished = Promise.promise();
      done.add(finished.future().toCompletionStage().toCompletableFuture());
      lane.runOnContext(v -> {
        long[] sent = {0};
        vertx.setPeriodic(1, timer -> {
          long now = System.nanoTime();
          long due = (long) ((Math.min(now, end) - start) / 1e9 * laneRate);
          while (sent[0] < due) {
            Load.Sender sender = mine.get((int) (sent[0] % mine.size()));
            long intended = start + (long) (sent[0] / laneRate * 1e9);
            sent[0]++;
            int id = into.open(intended, sender.readers());
            if (id < 0) {
              break;
            }
            sender.socket().write(sender.socket().dialect.send(sender.socket().user.token(), sender.room(), into.number, id,
                Dialect.text(into.number, id)));
          }
          if (now >= end) {
            vertx.cancelTimer(timer);
            finished.complete();
          }
        });
      });
    });
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
  }

  /** Waits, at most {@code millis}, until every acknowledged message reached all its readers. */
  boolean settle(Phase of, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < deadline) {
      if (of.settled()) {
        return true;
      }
      LocalCluster.sleep(100);
    }
    return of.settled();
  }

  void acked(int phaseNumber, int id, boolean ok, String error) {
    Phase current = phase;
    if (current != null && current.number == phaseNumber) {
      current.acked(id, ok, error);
    } else {
      strays.increment();
    }
  }

  void delivered(int phaseNumber, int id) {
    Phase current = phase;
    if (current != null && current.number == phaseNumber) {
      current.delivered(id);
    } else {
      strays.increment();
    }
  }

  void refused(String why) {
    refusals.increment();
    Phase current = phase;
    if (current != null) {
      current.error("refused: " + why);
    }
  }

  void closed(LoadSocket socket) {
    unexpectedCloses.increment();
    Phase current = phase;
    if (current != null) {
      current.error("socket closed by server");
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      vertx.close().await(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      // ending anyway
    }
  }
}
