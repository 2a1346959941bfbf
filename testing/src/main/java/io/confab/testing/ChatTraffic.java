package io.confab.testing;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * People chatting in one room through the bridges of a {@link LocalCluster}, at a steady rate, while the
 * caller kills and restarts nodes: one {@link ChatClient} each, all on one Vert.x context of their own,
 * and the ledger of what was sent and acknowledged that {@link DeliveryVerdict} checks against history.
 * Every method is called from a plain thread (the test's or the bench's), never from that context.
 */
public final class ChatTraffic implements ChatClient.Run, AutoCloseable {

  /** An acknowledged send: the seq and id it was acknowledged with, its latencies, when (ms since start). */
  public record Ack(String clientMsgId, String client, long seq, String id, long latencyMs, long queuedLatencyMs, long atMs) {}

  private final Vertx vertx = Vertx.vertx();
  private final Context ctx = vertx.getOrCreateContext();
  private final List<ChatClient> clients = new ArrayList<>();
  private long startNanos;
  private long generator = -1;

  // touched only on ctx
  private final Map<String, Long> sent = new LinkedHashMap<>();
  private final Map<String, Integer> retried = new HashMap<>();
  private final Map<String, Ack> acks = new LinkedHashMap<>();
  private final List<String> ackConflicts = new ArrayList<>();
  private final List<String> events = new ArrayList<>();

  /**
   * One client per login answer in {@code people}, registered on {@code room}; client i's home is
   * {@code homes.get(i % homes.size())}, a node of {@code bridges} (node number to HTTP port). Connects
   * them all and waits until each has resumed once on its socket and repeated that resume.
   */
  public ChatTraffic(List<JsonObject> people, String room, Map<Integer, Integer> bridges, List<Integer> homes, Duration within) {
    onCtx(() -> {
      for (int i = 0; i < people.size(); i++) {
        JsonObject p = people.get(i);
        ChatClient c = new ChatClient(vertx, this, "c" + i, p.getJsonObject("user").getString("id"),
            p.getString("accessToken"), room, homes.get(i % homes.size()), bridges);
        clients.add(c);
        c.connect();
      }
      return null;
    });
    if (!waitUntil(() -> clients.stream().allMatch(c -> c.connected() && c.resumes >= 2), within)) {
      throw new IllegalStateException("the clients did not all connect and resume within " + within);
    }
  }

  /** Starts the clock and sends {@code rate} messages a second in all, round robin over the clients, for {@code duration}. */
  public void start(int rate, Duration duration) {
    startNanos = System.nanoTime();
    long periodMs = Math.max(1, 1000 / rate);
    long total = rate * duration.toSeconds();
    long[] generated = {0};
    generator = onCtx(() -> vertx.setPeriodic(periodMs, id -> {
      if (generated[0] >= total || sinceStartMs() >= duration.toMillis()) {
        vertx.cancelTimer(id);
        return;
      }
      clients.get((int) (generated[0]++ % clients.size())).enqueue();
    }));
  }

  /** Stops sending new messages, then waits until every outbox is empty and every client connected: false if not within. */
  public boolean drain(Duration within) {
    onCtx(() -> vertx.cancelTimer(generator));
    event("generator stopped after " + onCtx(sent::size) + " messages");
    boolean drained = waitUntil(() -> clients.stream().allMatch(c -> c.outbox.isEmpty() && !c.inFlight && c.connected()), within);
    event(drained ? "outboxes drained" : "outboxes NOT drained within " + within.toSeconds() + " s");
    return drained;
  }

  /** Waits until every client's timeline holds each seq of {@code history} (live delivery settles): false if not within. */
  public boolean awaitTimelines(List<JsonObject> history, Duration within) {
    return waitUntil(() -> clients.stream().allMatch(c -> history.stream().allMatch(m -> c.timeline.containsKey(m.getLong("seq")))),
        within);
  }

  /** Each client that is away from its home node goes back (after its send in flight). */
  public void goHome() {
    onCtx(() -> {
      clients.forEach(ChatClient::goHome);
      return null;
    });
  }

  /** Copies of what the clients hold, read on their context; the verdict and the report read these. */
  public List<ClientView> clients() {
    return onCtx(() -> clients.stream().map(ClientView::new).toList());
  }

  /** Every clientMsgId sent, with when it was first enqueued (ms since start). */
  public Map<String, Long> sent() {
    return onCtx(() -> new LinkedHashMap<>(sent));
  }

  /** Any clientMsgId acknowledged as two different messages. */
  public List<String> ackConflicts() {
    return onCtx(() -> List.copyOf(ackConflicts));
  }

  public List<String> events() {
    return onCtx(() -> List.copyOf(events));
  }

  public List<Ack> acks() {
    return onCtx(() -> List.copyOf(acks.values()));
  }

  public Map<String, Integer> retried() {
    return onCtx(() -> Map.copyOf(retried));
  }

  /** A client's state at one moment. */
  public static final class ClientView {
    public final String name;
    public final int homeNode;
    public final int currentNode;
    public final TreeMap<Long, String> timeline;
    public final List<String> conflicts;
    public final List<ChatClient.Failure> failures;
    public final int reconnects;
    public final int moves;
    public final int resumes;
    public final int resumedMessages;
    public final int lateResumeCatches;
    public final int naiveResumeHoles;
    public final int rejected;
    public final int closedInFlight;

    private ClientView(ChatClient c) {
      name = c.name;
      homeNode = c.homeNode;
      currentNode = c.currentNode;
      timeline = new TreeMap<>(c.timeline);
      conflicts = List.copyOf(c.conflicts);
      failures = List.copyOf(c.failures);
      reconnects = c.reconnects;
      moves = c.moves;
      resumes = c.resumes;
      resumedMessages = c.resumedMessages;
      lateResumeCatches = c.lateResumeCatches;
      naiveResumeHoles = c.naiveResumeHoles;
      rejected = c.rejected;
      closedInFlight = c.closedInFlight;
    }
  }

  @Override
  public void close() {
    onCtx(() -> {
      clients.forEach(ChatClient::stop);
      return null;
    });
    vertx.close().toCompletionStage().toCompletableFuture().join();
  }

  // ------------------------------------------------------------------------------------------ Run

  @Override
  public long sinceStartMs() {
    return startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public void sent(String clientMsgId) {
    sent.put(clientMsgId, sinceStartMs());
  }

  @Override
  public void retried(String clientMsgId) {
    retried.merge(clientMsgId, 1, Integer::sum);
  }

  @Override
  public void acked(ChatClient client, ChatClient.Outgoing outgoing, long seq, String id) {
    long nanos = System.nanoTime();
    Ack ack = new Ack(outgoing.clientMsgId(), client.name, seq, id, (nanos - outgoing.firstAttempt()[0]) / 1_000_000,
        (nanos - outgoing.enqueuedNanos()) / 1_000_000, sinceStartMs());
    Ack before = acks.putIfAbsent(outgoing.clientMsgId(), ack);
    if (before != null && (before.seq() != seq || !before.id().equals(id))) {
      ackConflicts.add(outgoing.clientMsgId() + ": seq " + before.seq() + " then " + seq);
    }
  }

  /** Notes what happened, with the time since start; from any thread. */
  @Override
  public void event(String text) {
    String line = String.format("  %7s  %s", secs(sinceStartMs()), text);
    if (Vertx.currentContext() != ctx) {
      ctx.runOnContext(v -> events.add(line));
    } else {
      events.add(line);
    }
  }

  public static String secs(long ms) {
    return String.format("%.1f", ms / 1000.0);
  }

  // ------------------------------------------------------------------------------------------ helpers

  private <T> T onCtx(Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    ctx.runOnContext(v -> {
      try {
        result.complete(work.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    });
    return result.join();
  }

  private boolean waitUntil(Supplier<Boolean> condition, Duration within) {
    return Eventually.holds(() -> onCtx(condition), within);
  }
}
