package io.confab.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The kill test of issue 8: three confab.jar processes on loopback, clients on the bridges of nodes 2
 * and 3 chatting in one group room at a steady rate, node 2 (chat + bridge) killed with SIGKILL (or,
 * with --graceful, SIGTERM) several times and started again. Prints a table and PASS or FAIL; exit 0/1
 * (2 when the bench itself could not run).
 */
public final class KillTest implements ChatClient.Run {


  record Ack(String clientMsgId, String client, long seq, String id, long latencyMs, long queuedLatencyMs, long atMs) {}

  record Kill(int number, long atMs, long exitedAtMs, long restartedAtMs, long readyAtMs, boolean saw503) {}

  // options
  int durationS = 60;
  int kills = 3;
  int rate = 20;
  int clients = 6;
  boolean graceful;
  double restartDelayS = 1;
  Path work;
  Path jar;

  // run state, touched only on the clients' context
  private long startNanos;
  private final Map<String, Long> sent = new LinkedHashMap<>();
  private final Map<String, Integer> retried = new HashMap<>();
  private final Map<String, Ack> acks = new LinkedHashMap<>();
  private final List<String> ackConflicts = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private final List<Kill> killLog = new ArrayList<>();

  private Vertx vertx;
  private Context ctx;
  private final List<ChatClient> chatClients = new ArrayList<>();

  public static void main(String[] args) {
    KillTest test = new KillTest();
    try {
      test.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println("usage: kill-test [--duration 60] [--kills 3] [--rate 20] [--clients 6] [--graceful] "
          + "[--restart-delay 1] --work DIR --jar confab.jar");
      System.exit(2);
    }
    int status;
    try {
      status = test.run();
    } catch (Throwable e) {
      System.out.println("kill-test could not run: " + e);
      e.printStackTrace(System.out);
      status = 2;
    }
    System.exit(status);
  }

  void parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--duration" -> durationS = Integer.parseInt(args[++i]);
        case "--kills" -> kills = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--restart-delay" -> restartDelayS = Double.parseDouble(args[++i]);
        case "--graceful" -> graceful = true;
        case "--work" -> work = Path.of(args[++i]);
        case "--jar" -> jar = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (work == null || jar == null) {
      throw new IllegalArgumentException("--work and --jar are required");
    }
    if (durationS < 10 || durationS > 600 || kills < 0 || kills > 20 || rate < 1 || rate > 200 || clients < 2 || clients > 40) {
      throw new IllegalArgumentException("out of bounds: duration 10..600 s, kills 0..20, rate 1..200/s, clients 2..40");
    }
  }

  int run() throws Exception {
    String mode = graceful ? "SIGTERM (graceful)" : "kill -9";
    System.out.printf("kill-test: %d s, %d kills by %s of node 2, %d msg/s total from %d clients; work dir %s%n",
        durationS, kills, mode, rate, clients, work);
    try (LocalCluster cluster = new LocalCluster(work, jar)) {
      long t = System.nanoTime();
      cluster.start(Duration.ofSeconds(120));
      System.out.printf("cluster ready in %.1f s: node1 http %d (all roles, embedded mongo %d), node2 http %d (%s), node3 http %d (%s), redis %d%n",
          (System.nanoTime() - t) / 1e9, cluster.node(1).httpPort, cluster.mongoPort, cluster.node(2).httpPort,
          cluster.node(2).verticles, cluster.node(3).httpPort, cluster.node(3).verticles, cluster.redisPort);

      // people and the room, through node 1
      int api = cluster.node(1).httpPort;
      List<JsonObject> people = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        people.add(ConfabApi.signUp(api, "Bench " + (char) ('A' + i)));
      }
      JsonArray members = new JsonArray();
      people.subList(1, people.size()).forEach(p -> members.add(p.getJsonObject("user").getString("id")));
      HttpResponse<String> created = ConfabApi.http("POST", api, "/api/v1/rooms", people.get(0).getString("accessToken"),
          new JsonObject().put("kind", "group").put("name", "kill-test").put("members", members));
      if (created.statusCode() != 201) {
        throw new IllegalStateException("room creation answered " + created.statusCode() + " " + created.body());
      }
      String room = new JsonObject(created.body()).getString("id");
      System.out.printf("%d people signed up through /dev/mail; group room %s%n", clients, room);

      // clients: half on node 2's bridge, half on node 3's
      vertx = Vertx.vertx();
      ctx = vertx.getOrCreateContext();
      Map<Integer, Integer> bridges = Map.of(2, cluster.node(2).httpPort, 3, cluster.node(3).httpPort);
      onCtx(() -> {
        for (int i = 0; i < clients; i++) {
          JsonObject p = people.get(i);
          ChatClient c = new ChatClient(vertx, this, "c" + i, p.getJsonObject("user").getString("id"),
              p.getString("accessToken"), room, i % 2 == 0 ? 2 : 3, bridges);
          chatClients.add(c);
          c.connect();
        }
        return null;
      });
      waitUntil(() -> chatClients.stream().allMatch(ChatClient::connected), 30, "all clients connected");
      LocalCluster.sleep(2000); // the first resume and its repeat

      // the run: a steady generator on the clients' context, kills from this thread
      startNanos = System.nanoTime();
      long periodMs = Math.max(1, 1000 / rate);
      long total = (long) rate * durationS;
      long[] generated = {0};
      long generator = onCtx(() -> vertx.setPeriodic(periodMs, id -> {
        if (generated[0] >= total || sinceStartMs() >= durationS * 1000L) {
          vertx.cancelTimer(id);
          return;
        }
        chatClients.get((int) (generated[0]++ % chatClients.size())).enqueue();
      }));
      LocalCluster.Node victim = cluster.node(2);
      for (int k = 1; k <= kills; k++) {
        long at = durationS * 1000L * k / (kills + 1);
        if (!killLog.isEmpty() && killLog.get(killLog.size() - 1).readyAtMs() > 0) {
          at = Math.max(at, killLog.get(killLog.size() - 1).readyAtMs() + 3000); // let clients move back home first
        }
        sleepUntil(at);
        long killAt = sinceStartMs();
        event("KILL " + k + ": " + (graceful ? "SIGTERM" : "kill -9") + " node 2 (pid " + victim.process.pid() + ")");
        boolean saw503 = false;
        if (graceful) {
          victim.process.destroy();
          while (victim.process.isAlive() && sinceStartMs() - killAt < 60_000) {
            if (victim.readyStatus() == 503) {
              saw503 = true;
            }
            LocalCluster.sleep(100);
          }
        }
        victim.stop(graceful, 60);
        long exited = sinceStartMs();
        event("node 2 exited" + (graceful ? (saw503 ? " (ready answered 503 while draining)" : " (no 503 seen while draining)") : ""));
        LocalCluster.sleep((long) (restartDelayS * 1000));
        victim.start();
        long restarted = sinceStartMs();
        event("node 2 started again (pid " + victim.process.pid() + ")");
        boolean ready = victim.awaitReady(Duration.ofSeconds(90));
        long readyAt = sinceStartMs();
        event(ready ? "node 2 ready again" : "node 2 NOT ready again within 90 s");
        killLog.add(new Kill(k, killAt, exited, restarted, ready ? readyAt : -1, saw503));
        if (ready) {
          onCtx(() -> {
            chatClients.forEach(ChatClient::goHome);
            return null;
          });
        }
      }
      sleepUntil(durationS * 1000L);
      onCtx(() -> vertx.cancelTimer(generator));
      event("generator stopped after " + onCtx(() -> sent.size()) + " messages");

      // drain: every outbox empty, every client connected, then let live delivery settle
      boolean drained = waitUntil(() -> chatClients.stream().allMatch(c -> c.outbox.isEmpty() && !c.inFlight && c.connected()),
          60, null);
      event(drained ? "outboxes drained" : "outboxes NOT drained within 60 s");
      LocalCluster.sleep(4000);

      // what the clients hold now, then what history holds
      Map<String, TreeMap<Long, String>> timelines = onCtx(() -> {
        Map<String, TreeMap<Long, String>> copy = new LinkedHashMap<>();
        chatClients.forEach(c -> copy.put(c.name, new TreeMap<>(c.timeline)));
        return copy;
      });
      List<JsonObject> history = history(api, people.get(0).getString("accessToken"), room);
      Report report = onCtx(() -> new Report(history, timelines, drained));
      onCtx(() -> {
        chatClients.forEach(ChatClient::stop);
        return null;
      });
      onCtx(() -> {
        report.print();
        return null;
      });
      vertx.close().toCompletionStage().toCompletableFuture().get();
      return report.pass ? 0 : 1;
    }
  }

  // ------------------------------------------------------------------------------------------ report

  final class Report {
    boolean pass = true;
    final List<String> problems = new ArrayList<>();

    final int historySize;
    final long maxSeq;
    final List<Long> gaps = new ArrayList<>();
    final List<Long> dupSeqs = new ArrayList<>();
    final List<String> lost = new ArrayList<>();
    final List<String> dupMessages = new ArrayList<>();
    final List<String> movedSeq = new ArrayList<>();
    final List<String> foreign = new ArrayList<>();
    final List<String> storedUnacked = new ArrayList<>();
    final Map<String, String> clientMismatch = new LinkedHashMap<>();
    final Map<Long, List<String>> bySeq = new TreeMap<>();
    final Map<Long, JsonObject> historyBySeq = new TreeMap<>();
    final long unackedAtEnd;
    final boolean drained;

    Report(List<JsonObject> history, Map<String, TreeMap<Long, String>> timelines, boolean drained) {
      this.drained = drained;
      historySize = history.size();
      Map<Long, Integer> seqCount = new TreeMap<>();
      Map<String, List<JsonObject>> byClientMsgId = new HashMap<>();
      TreeMap<Long, String> truth = new TreeMap<>();
      for (JsonObject m : history) {
        long seq = m.getLong("seq");
        seqCount.merge(seq, 1, Integer::sum);
        truth.put(seq, m.getString("id"));
        historyBySeq.put(seq, m);
        byClientMsgId.computeIfAbsent(m.getString("clientMsgId"), k -> new ArrayList<>()).add(m);
      }
      maxSeq = seqCount.isEmpty() ? 0 : ((TreeMap<Long, Integer>) seqCount).lastKey();
      for (long s = 1; s <= maxSeq; s++) {
        Integer n = seqCount.get(s);
        if (n == null) {
          gaps.add(s);
        } else if (n > 1) {
          dupSeqs.add(s);
        }
      }
      for (Ack ack : acks.values()) {
        List<JsonObject> found = byClientMsgId.getOrDefault(ack.clientMsgId(), List.of());
        if (found.isEmpty()) {
          lost.add(ack.clientMsgId() + " (acked seq " + ack.seq() + " at " + secs(ack.atMs()) + ")");
        } else if (found.size() > 1) {
          dupMessages.add(ack.clientMsgId() + " at seqs " + found.stream().map(m -> m.getLong("seq")).toList());
        } else if (found.get(0).getLong("seq") != ack.seq() || !found.get(0).getString("id").equals(ack.id())) {
          movedSeq.add(ack.clientMsgId() + " acked seq " + ack.seq() + ", history seq " + found.get(0).getLong("seq"));
        }
      }
      byClientMsgId.forEach((clientMsgId, found) -> {
        if (!sent.containsKey(clientMsgId)) {
          foreign.add(clientMsgId);
        } else if (!acks.containsKey(clientMsgId)) {
          storedUnacked.add(clientMsgId + " (seq " + found.get(0).getLong("seq") + ")");
        }
      });
      unackedAtEnd = sent.keySet().stream().filter(id -> !acks.containsKey(id)).count();
      timelines.forEach((client, timeline) -> {
        List<Long> missing = truth.keySet().stream().filter(s -> !timeline.containsKey(s)).toList();
        List<Long> extra = timeline.keySet().stream().filter(s -> !truth.containsKey(s)).toList();
        List<Long> different = timeline.entrySet().stream()
            .filter(e -> truth.containsKey(e.getKey()) && !truth.get(e.getKey()).equals(e.getValue())).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty() || !extra.isEmpty() || !different.isEmpty()) {
          clientMismatch.put(client, "missing seqs " + missing + ", extra " + extra + ", different " + different);
        }
        for (long s : missing) {
          bySeq.computeIfAbsent(s, k -> new ArrayList<>()).add(client);
        }
      });
      for (ChatClient c : chatClients) {
        if (!c.conflicts.isEmpty()) {
          clientMismatch.merge(c.name, "conflicts " + c.conflicts, (a, b) -> a + "; " + b);
        }
      }

      check(gaps.isEmpty(), "seq gaps in history: " + gaps);
      check(dupSeqs.isEmpty(), "duplicate seqs in history: " + dupSeqs);
      check(lost.isEmpty(), "acknowledged but not in history: " + lost);
      check(dupMessages.isEmpty(), "acknowledged message stored more than once: " + dupMessages);
      check(movedSeq.isEmpty(), "acknowledged seq differs from history: " + movedSeq);
      check(ackConflicts.isEmpty(), "one clientMsgId acknowledged with two different messages: " + ackConflicts);
      check(foreign.isEmpty(), "messages in history nobody sent: " + foreign);
      check(clientMismatch.isEmpty(), "client timelines differ from history: " + clientMismatch);
      check(drained && unackedAtEnd == 0, unackedAtEnd + " messages never acknowledged (outboxes drained: " + drained + ")");
      check(maxSeq == historySize, "history size " + historySize + " but max seq " + maxSeq);
      if (graceful) {
        long errors = chatClients.stream().flatMap(c -> c.failures.stream()).filter(f -> !"closed".equals(f.code())).count();
        int rejected = chatClients.stream().mapToInt(c -> c.rejected).sum();
        check(errors == 0, errors + " send failures other than a closed socket (graceful: nothing worse than a reconnect)");
        check(rejected == 0, rejected + " err frames (graceful: nothing worse than a reconnect)");
        check(killLog.stream().allMatch(Kill::saw503), "a SIGTERMed node never answered ready 503 before exiting");
      }
    }

    private void check(boolean ok, String problem) {
      if (!ok) {
        pass = false;
        problems.add(problem);
      }
    }

    void print() {
      List<Long> latencies = acks.values().stream().map(Ack::latencyMs).sorted().toList();
      List<Long> queued = acks.values().stream().map(Ack::queuedLatencyMs).sorted().toList();
      Map<String, Long> failuresByCode = chatClients.stream().flatMap(c -> c.failures.stream())
          .collect(Collectors.groupingBy(ChatClient.Failure::code, TreeMap::new, Collectors.counting()));
      System.out.println();
      System.out.println("---- events (s since start) ----");
      events.forEach(System.out::println);
      System.out.println();
      System.out.println("---- per kill ----");
      System.out.println(" kill | at (s) | exited | restarted | ready again | send failures until next kill (by code)        | longest ack pause");
      List<Long> ackTimes = acks.values().stream().map(Ack::atMs).sorted().toList();
      for (int i = 0; i < killLog.size(); i++) {
        Kill k = killLog.get(i);
        long end = i + 1 < killLog.size() ? killLog.get(i + 1).atMs() : durationS * 1000L + 60_000;
        Map<String, Long> codes = chatClients.stream().flatMap(c -> c.failures.stream())
            .filter(f -> f.atMs() >= k.atMs() && f.atMs() < end)
            .collect(Collectors.groupingBy(ChatClient.Failure::code, TreeMap::new, Collectors.counting()));
        long pause = 0;
        long pauseFrom = k.atMs();
        long prev = ackTimes.stream().filter(a -> a <= k.atMs()).reduce((a, b) -> b).orElse(k.atMs());
        for (long a : ackTimes) {
          if (a > k.atMs() && a < end) {
            if (a - prev > pause) {
              pause = a - prev;
              pauseFrom = prev;
            }
            prev = a;
          }
        }
        System.out.printf(" %4d | %6s | %6s | %9s | %11s | %-48s | %.1f s from %s%n", k.number(), secs(k.atMs()),
            secs(k.exitedAtMs()), secs(k.restartedAtMs()), k.readyAtMs() < 0 ? "never" : secs(k.readyAtMs()),
            codes.isEmpty() ? "none" : codes.toString(), pause / 1000.0, secs(pauseFrom));
      }
      System.out.println();
      System.out.println("---- send failures seen by clients (s since start, code, node the client was on) ----");
      chatClients.stream().flatMap(c -> c.failures.stream()).sorted((a, b) -> Long.compare(a.atMs(), b.atMs()))
          .forEach(f -> System.out.printf("  %7s  %-18s node %d  %s%n", secs(f.atMs()), f.code(), f.node(), f.clientMsgId()));
      System.out.println();
      if (!bySeq.isEmpty()) {
        System.out.println("---- messages missing from client timelines ----");
        bySeq.forEach((seq, who) -> {
          JsonObject m = historyBySeq.get(seq);
          String clientMsgId = m == null ? "?" : m.getString("clientMsgId");
          Ack ack = acks.get(clientMsgId);
          Long sentAt = sent.get(clientMsgId);
          System.out.printf("  seq %d = %s: sent at %s s, %d attempts, acked at %s s; missing for %s (connected now to nodes %s)%n", seq,
              clientMsgId, sentAt == null ? "?" : secs(sentAt), 1 + retried.getOrDefault(clientMsgId, 0),
              ack == null ? "never" : secs(ack.atMs()), who,
              chatClients.stream().filter(c -> who.contains(c.name)).map(c -> c.currentNode).distinct().toList());
        });
        System.out.println();
      }
      System.out.println("---- per client ----");
      System.out.println(" client | home | now | reconnects | moves home | resumes | msgs from resumes | late catches | timeline | mismatch");
      for (ChatClient c : chatClients) {
        System.out.printf(" %6s | %4d | %3d | %10d | %10d | %7d | %17d | %12d | %8d | %s%n", c.name, c.homeNode, c.currentNode,
            c.reconnects, c.moves, c.resumes, c.resumedMessages, c.lateResumeCatches, c.timeline.size(),
            clientMismatch.getOrDefault(c.name, "none"));
      }
      System.out.println();
      System.out.println("---- summary ----");
      row("mode", graceful ? "graceful (SIGTERM)" : "kill -9");
      row("duration / rate / clients", durationS + " s / " + rate + " msg/s / " + clients);
      row("sent (unique clientMsgIds)", sent.size());
      row("acked", acks.size());
      row("retried (messages / attempts)", retried.size() + " / " + retried.values().stream().mapToInt(Integer::intValue).sum());
      row("send failures by code", failuresByCode.isEmpty() ? "none" : failuresByCode.toString());
      row("in flight when socket closed", chatClients.stream().mapToInt(c -> c.closedInFlight).sum());
      row("history size / max seq", historySize + " / " + maxSeq);
      row("seq gaps", gaps.size() + (gaps.isEmpty() ? "" : " " + gaps));
      row("seq duplicates", dupSeqs.size() + (dupSeqs.isEmpty() ? "" : " " + dupSeqs));
      row("acked, not in history", lost.size());
      row("acked, stored twice", dupMessages.size());
      row("stored, never acked", storedUnacked.size() + (storedUnacked.isEmpty() ? "" : " " + storedUnacked));
      row("per-client mismatches", clientMismatch.size());
      row("kills", killLog.size());
      row("reconnects (socket lost)", chatClients.stream().mapToInt(c -> c.reconnects).sum());
      row("moves back home", chatClients.stream().mapToInt(c -> c.moves).sum());
      row("resumes with a hole (naive max-seq resume would miss)", chatClients.stream().mapToInt(c -> c.naiveResumeHoles).sum());
      row("err frames (rejected)", chatClients.stream().mapToInt(c -> c.rejected).sum());
      row("ack latency, first attempt to ack: p50 / p99 / max", pct(latencies, 50) + " / " + pct(latencies, 99) + " / "
          + (latencies.isEmpty() ? "-" : latencies.get(latencies.size() - 1) + " ms"));
      row("ack latency, enqueued to ack (incl. outbox wait)", pct(queued, 50) + " / " + pct(queued, 99) + " / "
          + (queued.isEmpty() ? "-" : queued.get(queued.size() - 1) + " ms"));
      System.out.println();
      if (pass) {
        System.out.println("VERDICT: PASS");
      } else {
        System.out.println("VERDICT: FAIL");
        problems.forEach(p -> System.out.println("  - " + p));
      }
    }

    private void row(String name, Object value) {
      System.out.printf(" %-52s %s%n", name, value);
    }

    private String pct(List<Long> sorted, int p) {
      if (sorted.isEmpty()) {
        return "-";
      }
      int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) + " ms";
    }
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
    long now = sinceStartMs();
    long nanos = System.nanoTime();
    Ack ack = new Ack(outgoing.clientMsgId(), client.name, seq, id, (nanos - outgoing.firstAttempt()[0]) / 1_000_000,
        (nanos - outgoing.enqueuedNanos()) / 1_000_000, now);
    Ack before = acks.putIfAbsent(outgoing.clientMsgId(), ack);
    if (before != null && (before.seq() != seq || !before.id().equals(id))) {
      ackConflicts.add(outgoing.clientMsgId() + ": seq " + before.seq() + " then " + seq);
    }
  }

  @Override
  public void event(String text) {
    String line = String.format("  %7s  %s", secs(sinceStartMs()), text);
    if (ctx != null && Vertx.currentContext() != ctx) {
      ctx.runOnContext(v -> events.add(line));
    } else {
      events.add(line);
    }
  }

  static String secs(long ms) {
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
    try {
      return result.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean waitUntil(Supplier<Boolean> condition, int seconds, String required) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (onCtx(condition)) {
        return true;
      }
      LocalCluster.sleep(200);
    }
    if (required != null) {
      throw new IllegalStateException("not within " + seconds + " s: " + required);
    }
    return false;
  }

  private void sleepUntil(long ms) {
    long wait = ms - sinceStartMs();
    if (wait > 0) {
      LocalCluster.sleep(wait);
    }
  }



  private List<JsonObject> history(int port, String token, String room) throws Exception {
    List<JsonObject> all = new ArrayList<>();
    long after = 0;
    for (int page = 0; page < 1000; page++) {
      HttpResponse<String> response = ConfabApi.http("GET", port, "/api/v1/rooms/" + room + "/messages?after=" + after + "&limit=200", token, null);
      if (response.statusCode() != 200) {
        throw new IllegalStateException("history answered " + response.statusCode() + " " + response.body());
      }
      JsonObject body = new JsonObject(response.body());
      JsonArray messages = body.getJsonArray("messages");
      for (int i = 0; i < messages.size(); i++) {
        all.add(messages.getJsonObject(i));
        after = Math.max(after, messages.getJsonObject(i).getLong("seq"));
      }
      if (!body.getBoolean("hasMore", false) || messages.isEmpty()) {
        break;
      }
    }
    return all;
  }


}
