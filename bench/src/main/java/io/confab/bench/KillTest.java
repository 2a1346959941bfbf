package io.confab.bench;

import io.confab.testing.ChatClient;
import io.confab.testing.ChatTraffic;
import io.confab.testing.ConfabApi;
import io.confab.testing.DeliveryVerdict;
import io.confab.testing.LocalCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The kill test of issue 8: three confab.jar processes on loopback, clients on the bridges of nodes 2
 * and 3 chatting in one group room at a steady rate, node 2 (chat + bridge) killed with SIGKILL (or,
 * with --graceful, SIGTERM) several times and started again. Prints a table and PASS or FAIL; exit 0/1
 * (2 when the bench itself could not run). The cluster, the clients and the verdict are the test
 * support's (testing/), which NodeLossIT runs in bin/test, bounded.
 */
public final class KillTest {

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

  private final List<Kill> killLog = new ArrayList<>();

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
    try (LocalCluster cluster = new LocalCluster(work, jar, null)) {
      long t = System.nanoTime();
      cluster.start(Duration.ofSeconds(120));
      System.out.printf("cluster ready in %.1f s: node1 http %d (all roles, embedded mongo %d), node2 http %d (%s), node3 http %d (%s), redis %s%n",
          (System.nanoTime() - t) / 1e9, cluster.node(1).httpPort, cluster.mongoPort, cluster.node(2).httpPort,
          cluster.node(2).verticles, cluster.node(3).httpPort, cluster.node(3).verticles, cluster.redisUri());

      // people and the room, through node 1
      int api = cluster.node(1).httpPort;
      List<JsonObject> people = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        people.add(ConfabApi.signUp(api, "Bench " + (char) ('A' + i)));
      }
      JsonArray members = new JsonArray();
      people.subList(1, people.size()).forEach(p -> members.add(p.getJsonObject("user").getString("id")));
      String room = ConfabApi.createRoom(api, people.get(0).getString("accessToken"),
          new JsonObject().put("kind", "group").put("name", "kill-test").put("members", members));
      System.out.printf("%d people signed up through /dev/mail; group room %s%n", clients, room);

      // clients: half on node 2's bridge, half on node 3's
      Map<Integer, Integer> bridges = Map.of(2, cluster.node(2).httpPort, 3, cluster.node(3).httpPort);
      try (ChatTraffic traffic = new ChatTraffic(people, room, bridges, List.of(2, 3), Duration.ofSeconds(30))) {
        traffic.start(rate, Duration.ofSeconds(durationS));
        LocalCluster.Node victim = cluster.node(2);
        for (int k = 1; k <= kills; k++) {
          long at = durationS * 1000L * k / (kills + 1);
          if (!killLog.isEmpty() && killLog.get(killLog.size() - 1).readyAtMs() > 0) {
            at = Math.max(at, killLog.get(killLog.size() - 1).readyAtMs() + 3000); // let clients move back home first
          }
          sleepUntil(traffic, at);
          long killAt = traffic.sinceStartMs();
          traffic.event("KILL " + k + ": " + (graceful ? "SIGTERM" : "kill -9") + " node 2 (pid " + victim.process().pid() + ")");
          boolean saw503 = false;
          if (graceful) {
            victim.process().destroy();
            while (victim.process().isAlive() && traffic.sinceStartMs() - killAt < 60_000) {
              if (victim.readyStatus() == 503) {
                saw503 = true;
              }
              LocalCluster.sleep(100);
            }
          }
          victim.stop(graceful, 60);
          long exited = traffic.sinceStartMs();
          traffic.event("node 2 exited" + (graceful ? (saw503 ? " (ready answered 503 while draining)" : " (no 503 seen while draining)") : ""));
          LocalCluster.sleep((long) (restartDelayS * 1000));
          victim.start();
          long restarted = traffic.sinceStartMs();
          traffic.event("node 2 started again (pid " + victim.process().pid() + ")");
          boolean ready = victim.awaitReady(Duration.ofSeconds(90));
          long readyAt = traffic.sinceStartMs();
          traffic.event(ready ? "node 2 ready again" : "node 2 NOT ready again within 90 s");
          killLog.add(new Kill(k, killAt, exited, restarted, ready ? readyAt : -1, saw503));
          if (ready) {
            traffic.goHome();
          }
        }
        sleepUntil(traffic, durationS * 1000L);

        // drain: every outbox empty, every client connected, then live delivery settles; then what history holds
        boolean drained = traffic.drain(Duration.ofSeconds(60));
        List<JsonObject> history = ConfabApi.history(api, people.get(0).getString("accessToken"), room);
        traffic.awaitTimelines(history, Duration.ofSeconds(10));
        List<ChatTraffic.ClientView> views = traffic.clients();
        DeliveryVerdict verdict = new DeliveryVerdict(history, traffic, views, drained);
        if (graceful) {
          long errors = views.stream().flatMap(c -> c.failures.stream()).filter(f -> !"closed".equals(f.code())).count();
          int rejected = views.stream().mapToInt(c -> c.rejected).sum();
          verdict.check(errors == 0, errors + " send failures other than a closed socket (graceful: nothing worse than a reconnect)");
          verdict.check(rejected == 0, rejected + " err frames (graceful: nothing worse than a reconnect)");
          verdict.check(killLog.stream().allMatch(Kill::saw503), "a SIGTERMed node never answered ready 503 before exiting");
        }
        new Report(traffic, views, verdict).print();
        return verdict.pass() ? 0 : 1;
      }
    }
  }

  // ------------------------------------------------------------------------------------------ report

  /** The tables of a run: events, kills, failures, clients, and the verdict with its figures. */
  final class Report {
    private final ChatTraffic traffic;
    private final List<ChatTraffic.ClientView> chatClients;
    private final DeliveryVerdict verdict;
    private final List<ChatTraffic.Ack> acks;
    private final Map<String, Integer> retried;

    Report(ChatTraffic traffic, List<ChatTraffic.ClientView> chatClients, DeliveryVerdict verdict) {
      this.traffic = traffic;
      this.chatClients = chatClients;
      this.verdict = verdict;
      this.acks = traffic.acks();
      this.retried = traffic.retried();
    }

    void print() {
      List<Long> latencies = acks.stream().map(ChatTraffic.Ack::latencyMs).sorted().toList();
      List<Long> queued = acks.stream().map(ChatTraffic.Ack::queuedLatencyMs).sorted().toList();
      Map<String, Long> failuresByCode = chatClients.stream().flatMap(c -> c.failures.stream())
          .collect(Collectors.groupingBy(ChatClient.Failure::code, TreeMap::new, Collectors.counting()));
      System.out.println();
      System.out.println("---- events (s since start) ----");
      traffic.events().forEach(System.out::println);
      System.out.println();
      System.out.println("---- per kill ----");
      System.out.println(" kill | at (s) | exited | restarted | ready again | send failures until next kill (by code)        | longest ack pause");
      List<Long> ackTimes = acks.stream().map(ChatTraffic.Ack::atMs).sorted().toList();
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
        System.out.printf(" %4d | %6s | %6s | %9s | %11s | %-48s | %.1f s from %s%n", k.number(), ChatTraffic.secs(k.atMs()),
            ChatTraffic.secs(k.exitedAtMs()), ChatTraffic.secs(k.restartedAtMs()), k.readyAtMs() < 0 ? "never" : ChatTraffic.secs(k.readyAtMs()),
            codes.isEmpty() ? "none" : codes.toString(), pause / 1000.0, ChatTraffic.secs(pauseFrom));
      }
      System.out.println();
      System.out.println("---- send failures seen by clients (s since start, code, node the client was on) ----");
      chatClients.stream().flatMap(c -> c.failures.stream()).sorted((a, b) -> Long.compare(a.atMs(), b.atMs()))
          .forEach(f -> System.out.printf("  %7s  %-18s node %d  %s%n", ChatTraffic.secs(f.atMs()), f.code(), f.node(), f.clientMsgId()));
      System.out.println();
      if (!verdict.missingBySeq.isEmpty()) {
        System.out.println("---- messages missing from client timelines ----");
        Map<String, Long> sent = traffic.sent();
        Map<String, ChatTraffic.Ack> acksById = acks.stream().collect(Collectors.toMap(ChatTraffic.Ack::clientMsgId, a -> a));
        verdict.missingBySeq.forEach((seq, who) -> {
          JsonObject m = verdict.historyBySeq.get(seq);
          String clientMsgId = m == null ? "?" : m.getString("clientMsgId");
          ChatTraffic.Ack ack = acksById.get(clientMsgId);
          Long sentAt = sent.get(clientMsgId);
          System.out.printf("  seq %d = %s: sent at %s s, %d attempts, acked at %s s; missing for %s (connected now to nodes %s)%n", seq,
              clientMsgId, sentAt == null ? "?" : ChatTraffic.secs(sentAt), 1 + retried.getOrDefault(clientMsgId, 0),
              ack == null ? "never" : ChatTraffic.secs(ack.atMs()), who,
              chatClients.stream().filter(c -> who.contains(c.name)).map(c -> c.currentNode).distinct().toList());
        });
        System.out.println();
      }
      System.out.println("---- per client ----");
      System.out.println(" client | home | now | reconnects | moves home | resumes | msgs from resumes | late catches | timeline | mismatch");
      for (ChatTraffic.ClientView c : chatClients) {
        System.out.printf(" %6s | %4d | %3d | %10d | %10d | %7d | %17d | %12d | %8d | %s%n", c.name, c.homeNode, c.currentNode,
            c.reconnects, c.moves, c.resumes, c.resumedMessages, c.lateResumeCatches, c.timeline.size(),
            verdict.clientMismatch.getOrDefault(c.name, "none"));
      }
      System.out.println();
      System.out.println("---- summary ----");
      row("mode", graceful ? "graceful (SIGTERM)" : "kill -9");
      row("duration / rate / clients", durationS + " s / " + rate + " msg/s / " + clients);
      row("sent (unique clientMsgIds)", traffic.sent().size());
      row("acked", acks.size());
      row("retried (messages / attempts)", retried.size() + " / " + retried.values().stream().mapToInt(Integer::intValue).sum());
      row("send failures by code", failuresByCode.isEmpty() ? "none" : failuresByCode.toString());
      row("in flight when socket closed", chatClients.stream().mapToInt(c -> c.closedInFlight).sum());
      row("history size / max seq", verdict.historySize + " / " + verdict.maxSeq);
      row("seq gaps", verdict.gaps.size() + (verdict.gaps.isEmpty() ? "" : " " + verdict.gaps));
      row("seq duplicates", verdict.dupSeqs.size() + (verdict.dupSeqs.isEmpty() ? "" : " " + verdict.dupSeqs));
      row("acked, not in history", verdict.lost.size());
      row("acked, stored twice", verdict.dupMessages.size());
      row("stored, never acked", verdict.storedUnacked.size() + (verdict.storedUnacked.isEmpty() ? "" : " " + verdict.storedUnacked));
      row("per-client mismatches", verdict.clientMismatch.size());
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
      if (verdict.pass()) {
        System.out.println("VERDICT: PASS");
      } else {
        System.out.println("VERDICT: FAIL");
        verdict.problems.forEach(p -> System.out.println("  - " + p));
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

  private static void sleepUntil(ChatTraffic traffic, long ms) {
    long wait = ms - traffic.sinceStartMs();
    if (wait > 0) {
      LocalCluster.sleep(wait);
    }
  }
}
