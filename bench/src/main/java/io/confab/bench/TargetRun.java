package io.confab.bench;

import io.confab.testing.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Every workload against one target, in order: idle, fan-out 10/1000/100 with the step test, slow readers, direct rooms. */
final class TargetRun {

  private final Options o;
  private final Target target;
  private final Bench.Row row;

  TargetRun(Options options, Target target, Bench.Row row) {
    this.o = options;
    this.target = target;
    this.row = row;
  }

  void run() throws Exception {
    long t0 = System.nanoTime();
    target.start();
    say("started in %.1f s on port(s) %s", secs(t0), target.ports());
    t0 = System.nanoTime();
    List<Load.User> users = target.users(o.users);
    row.users = users.size();
    row.signUpSeconds = secs(t0);
    say("%d users ready in %.1f s", users.size(), row.signUpSeconds);
    try (Generator generator = new Generator(o.lanes, o.sourceAddresses)) {
      Workloads w = new Workloads(generator, target, row.phases::add);
      if (o.workloads.contains("idle")) {
        idle(generator, users);
      }
      if (o.workloads.contains("groups")) {
        for (int size : new int[] {10, 1000}) {
          Workloads.Layout layout = w.groups(users, size);
          List<LoadSocket> sockets = open(generator, layout);
          warm(w, "fan-out " + size, sockets);
          fixedAtCommonRate(w, "fan-out " + size, sockets, size);
          generator.close(sockets);
        }
        fanOut100(generator, w, users);
      }
      if (o.workloads.contains("direct")) {
        direct(generator, w, users);
      }
    }
  }

  private void idle(Generator generator, List<Load.User> users) {
    if (o.idleSockets == 0) {
      return;
    }
    Target.Memory before = target.memory();
    List<Load.SocketSpec> specs = new ArrayList<>();
    // Confab's sockets authenticate by registering their user's stream; the others join one room.
    List<String> rooms = target.dialect() == Dialect.Bridge.CONFAB ? List.of() : List.of("idle");
    for (int i = 0; i < o.idleSockets; i++) {
      specs.add(new Load.SocketSpec(users.get(i % users.size()), target.ports().get(i % target.ports().size()), rooms));
    }
    long t0 = System.nanoTime();
    Generator.Opened opened = generator.open(target.dialect(), specs, 500);
    row.idleOpened = opened.sockets().size();
    row.idleFailures = opened.failures();
    say("idle: %d sockets open in %.1f s (%d failed%s)", row.idleOpened, secs(t0), row.idleFailures,
        opened.firstFailure() == null ? "" : ": " + opened.firstFailure());
    long closesBefore = generator.unexpectedCloses.sum();
    // longer than the bridge's 10 s ping timeout: the sockets must stay up on their keep-alives alone
    LocalCluster.sleep(12_000);
    Target.Memory after = target.memory();
    row.idleUnexpectedCloses = generator.unexpectedCloses.sum() - closesBefore;
    if (row.idleOpened > 0) {
      row.idleHeapPerSocket = (after.heap() - before.heap()) / row.idleOpened;
      row.idleRssPerSocket = (after.rss() - before.rss()) / row.idleOpened;
      row.idleHeapTotal = after.heap();
    }
    say("idle: heap %d MiB -> %d MiB (%d B/socket), RSS %d MiB -> %d MiB (%d B/socket), %d closed by the server",
        before.heap() >> 20, after.heap() >> 20, row.idleHeapPerSocket, before.rss() >> 20, after.rss() >> 20,
        row.idleRssPerSocket, row.idleUnexpectedCloses);
    generator.close(opened.sockets());
  }

  private List<LoadSocket> open(Generator generator, Workloads.Layout layout) {
    long t0 = System.nanoTime();
    Generator.Opened opened = generator.open(target.dialect(), layout.specs(), 200);
    say("%s: %d sockets open in %.1f s (%d failed%s)", layout.name(), opened.sockets().size(), secs(t0), opened.failures(),
        opened.firstFailure() == null ? "" : ": " + opened.firstFailure());
    return opened.sockets();
  }

  private void warm(Workloads w, String workload, List<LoadSocket> sockets) {
    Workloads.Result r = w.warmUp(workload, sockets);
    if (r.clean()) {
      say("%s: %d first messages, each delivered to every reader; %s", r.workload(), r.tally().messages(), r.quiet());
    } else {
      say("%s INCOMPLETE: %s, errors %s; %s", r.workload(), r.tally(), r.errors(), r.quiet());
    }
  }

  private void fixedAtCommonRate(Workloads w, String name, List<LoadSocket> sockets, int size) {
    List<Load.Sender> senders = Workloads.senders(sockets);
    double readers = senders.stream().mapToInt(Load.Sender::readers).average().orElse(size);
    Workloads.Result r = w.fixed(name + " @ " + o.commonRate + "/s", senders, o.commonRate / readers, o.fixedSeconds * 1000L, 15_000);
    row.fixed.put(name, r);
    report(r);
  }

  private void fanOut100(Generator generator, Workloads w, List<Load.User> users) throws Exception {
    Workloads.Layout layout = w.groups(users, 100);
    List<LoadSocket> sockets = open(generator, layout);
    warm(w, "fan-out 100", sockets);
    fixedAtCommonRate(w, "fan-out 100", sockets, 100);
    List<Load.Sender> senders = Workloads.senders(sockets);
    say("step test, rooms of 100:");
    row.fanoutStep = profiled("step", () -> w.step("fan-out 100", senders, 20, o.stepFactor, o.maxSteps, o.stepSeconds * 1000L, o.p99LimitMs * 1000L));
    if (row.fanoutStep.peak() != null) {
      double half = row.fanoutStep.peak().offeredMsgs() / 2;
      row.halfPeak = w.fixed("fan-out 100 @ half peak", senders, half, o.fixedSeconds * 1000L, 15_000, slowest("half-peak"));
      report(row.halfPeak);
    }
    slowReaders(w, sockets);
    generator.close(sockets);
  }

  /** 5 % of the sockets stop reading; the others go on at the common rate; the heap is watched each second. */
  private void slowReaders(Workloads w, List<LoadSocket> sockets) {
    List<LoadSocket> slow = new ArrayList<>();
    for (int i = 0; i < sockets.size(); i += 20) {
      slow.add(sockets.get(i));
    }
    slow.forEach(LoadSocket::stopReading);
    LocalCluster.sleep(500);
    row.slowSockets = slow.size();
    List<Load.Sender> senders = Workloads.senders(sockets);
    double readers = senders.stream().mapToInt(Load.Sender::readers).average().orElse(100);
    row.slowHeapBefore = target.memory().heap();
    AtomicLong max = new AtomicLong();
    AtomicBoolean watching = new AtomicBoolean(true);
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        long heap = target instanceof ConfabTarget c ? c.heapNow() : target.memory().heap();
        max.accumulateAndGet(heap, Math::max);
        LocalCluster.sleep(1000);
      }
    });
    watcher.start();
    row.slow = w.fixed("fan-out 100, 5 % slow readers @ " + o.commonRate + "/s", senders, o.commonRate / readers,
        o.slowSeconds * 1000L, 15_000);
    watching.set(false);
    try {
      watcher.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    row.slowHeapMax = max.get();
    row.slowHeapAfter = target.memory().heap();
    report(row.slow);
    say("slow readers: %d stopped reading; heap after GC %d MiB before, at most %d MiB during (garbage included), %d MiB after",
        slow.size(), row.slowHeapBefore >> 20, row.slowHeapMax >> 20, row.slowHeapAfter >> 20);
  }

  private void direct(Generator generator, Workloads w, List<Load.User> users) throws Exception {
    Workloads.Layout layout = w.direct(users, o.dmPerUser);
    List<LoadSocket> sockets = open(generator, layout);
    warm(w, "direct rooms", sockets);
    List<Load.Sender> senders = Workloads.senders(sockets);
    say("step test, direct rooms:");
    row.directStep = profiled("direct-step", () -> w.step("direct", senders, 100, o.stepFactor, o.maxSteps, o.stepSeconds * 1000L, o.p99LimitMs * 1000L));
    if (row.directStep.peak() != null) {
      row.directHalfPeak = w.fixed("direct @ half peak", senders, row.directStep.peak().offeredMsgs() / 2, o.fixedSeconds * 1000L,
          15_000, slowest("direct-half-peak"));
      report(row.directHalfPeak);
    }
    generator.close(sockets);
  }

  /** Where a phase's slowest deliveries go: {@code <target>-<name>.slowest} in the work dir (SlowDeliveries reads it). */
  private Path slowest(String name) {
    return o.work.resolve(target.name().replaceAll("\\W+", "-") + "-" + name + ".slowest");
  }

  /** A step test under a CPU profile of the server, where the target can take one: {@code <target>-<name>.jfr} in the work dir. */
  private <T> T profiled(String name, Callable<T> step) throws Exception {
    Path file = o.profile ? target.profile(o.work.resolve(target.name().replaceAll("\\W+", "-") + "-" + name + ".jfr")) : null;
    try {
      return step.call();
    } finally {
      if (file != null) {
        target.stopProfile();
      }
    }
  }

  private void report(Workloads.Result r) {
    say("%s: %.0f deliveries/s; ack p50/p99/max %s/%s/%s ms; deliver p50/p95/p99/max %s/%s/%s/%s ms; "
            + "sent %d, acked %d, failed %d, unanswered %d; deliveries %d of %d, lost %d, duplicated %d; server CPU %.0f ms/1k deliveries; %s%s",
        r.workload(), r.deliveriesPerSecond(), Bench.ms(r.ack(), 50), Bench.ms(r.ack(), 99), Bench.ms(r.ack(), 100),
        Bench.ms(r.deliver(), 50), Bench.ms(r.deliver(), 95), Bench.ms(r.deliver(), 99), Bench.ms(r.deliver(), 100),
        r.tally().messages(), r.tally().ackedOk(), r.tally().ackFailed(), r.tally().unacked(), r.tally().delivered(),
        r.tally().expected(), r.tally().lost(), r.tally().duplicated(), r.cpuMsPerThousand(), r.quiet(),
        r.errors().isEmpty() ? "" : "; errors " + r.errors());
  }

  private static double secs(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void say(String format, Object... args) {
    System.out.println("  " + String.format(Locale.ROOT, format, args));
  }
}
