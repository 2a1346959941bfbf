package io.confab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * The workloads, on one target with one generator: room layouts, warm-up, fixed-rate phases and the
 * step test. Every phase starts on a quiet target ({@link Quiet}) and waits for its deliveries to settle
 * before it is tallied.
 */
final class Workloads {

  /** Rooms and who joins them; {@code senders} are filled once the sockets are open. */
  record Layout(String name, List<String> rooms, List<Load.SocketSpec> specs) {
  }

  static final String WARM_UP = "warm-up";

  /** What a fixed-rate phase or a step measured, and how long it waited for the target to be quiet first. */
  record Result(String workload, double offeredMsgs, double seconds, Phase.Tally tally, Map<String, Long> errors,
      Histogram ack, Histogram deliver, double deliveriesPerSecond, double cpuMsPerThousand, Quiet.Wait quiet) {

    long p(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile);
    }

    boolean clean() {
      return tally.lost() == 0 && tally.duplicated() == 0 && tally.ackFailed() == 0 && tally.unacked() == 0 && errors.isEmpty();
    }

    boolean warmUp() {
      return workload.startsWith(WARM_UP);
    }
  }

  record Step(List<Result> steps, Result peak) {
  }

  private final Generator generator;
  private final Target target;
  private final Quiet quiet;
  private final Consumer<Result> measured;
  private int phases;

  /** {@code measured} is given every phase's result, warm-ups included, in the order they ran. */
  Workloads(Generator generator, Target target, Consumer<Result> measured) {
    this.generator = generator;
    this.target = target;
    this.quiet = new Quiet(target::cpuMillis, target.ports().size());
    this.measured = measured;
  }

  /**
   * Rooms of {@code size} readers: as many users per room as there are (at most {@code size}), each
   * with enough sockets to make {@code size}; as many such rooms as the users fill.
   */
  Layout groups(List<Load.User> users, int size) throws Exception {
    int members = Math.min(size, users.size());
    int socketsPerMember = (size + members - 1) / members;
    int roomCount = Math.max(1, users.size() / members);
    List<List<Load.User>> memberLists = new ArrayList<>();
    for (int r = 0; r < roomCount; r++) {
      memberLists.add(users.subList(r * members, r * members + members));
    }
    List<String> ids = target.rooms(memberLists, false);
    List<Load.SocketSpec> specs = new ArrayList<>();
    int n = 0;
    for (int r = 0; r < roomCount; r++) {
      for (int j = 0; j < socketsPerMember; j++) {
        for (Load.User user : memberLists.get(r)) {
          specs.add(new Load.SocketSpec(user, port(n++), List.of(ids.get(r))));
        }
      }
    }
    String shape = socketsPerMember == 1 ? members + " members" : members + " members x " + socketsPerMember + " sockets";
    return new Layout("rooms of " + size + " (" + roomCount + " x " + shape + ")", ids, specs);
  }

  /** Direct rooms: each user paired with {@code perUser} others, one socket per user joining all its rooms. */
  Layout direct(List<Load.User> users, int perUser) throws Exception {
    List<List<Load.User>> pairs = new ArrayList<>();
    for (int u = 0; u < users.size(); u++) {
      for (int k = 1; k <= perUser / 2; k++) {
        pairs.add(List.of(users.get(u), users.get((u + k) % users.size())));
      }
    }
    List<String> ids = target.rooms(pairs, true);
    Map<Load.User, List<String>> joined = new HashMap<>();
    for (int i = 0; i < pairs.size(); i++) {
      for (Load.User user : pairs.get(i)) {
        joined.computeIfAbsent(user, x -> new ArrayList<>()).add(ids.get(i));
      }
    }
    List<Load.SocketSpec> specs = new ArrayList<>();
    int n = 0;
    for (Load.User user : users) {
      specs.add(new Load.SocketSpec(user, port(n++), joined.getOrDefault(user, List.of())));
    }
    return new Layout("direct rooms (" + pairs.size() + " pairs, " + users.size() + " sockets)", ids, specs);
  }

  private int port(int n) {
    List<Integer> ports = target.ports();
    return ports.get(n % ports.size());
  }

  /** One sender per user and room (its first socket there), each room's readers counted. */
  static List<Load.Sender> senders(List<LoadSocket> sockets) {
    Map<String, Integer> readers = new HashMap<>();
    for (LoadSocket s : sockets) {
      if (s.reading) {
        s.rooms.forEach(room -> readers.merge(room, 1, Integer::sum));
      }
    }
    Set<String> seen = new HashSet<>();
    List<Load.Sender> senders = new ArrayList<>();
    for (LoadSocket s : sockets) {
      for (String room : s.rooms) {
        if (s.reading && seen.add(s.user.id() + "/" + room)) {
          senders.add(new Load.Sender(s, room, readers.getOrDefault(room, 0)));
        }
      }
    }
    return senders;
  }

  /**
   * One message per room of {@code workload}, waited for at every reader: proves the joins took (sent
   * as the sockets opened; the wait for a quiet target lets the server finish them).
   */
  Result warmUp(String workload, List<LoadSocket> sockets) {
    List<Load.Sender> all = senders(sockets);
    Set<String> rooms = new HashSet<>();
    List<Load.Sender> one = all.stream().filter(s -> rooms.add(s.room())).toList();
    return fixed(WARM_UP + ", " + workload, one, one.size(), 1_000, 30_000);
  }

  /**
   * Once the target is quiet (or the wait gave up), {@code msgsPerSecond} for {@code millis}, then up to
   * {@code settleMillis} for the last deliveries.
   */
  Result fixed(String workload, List<Load.Sender> senders, double msgsPerSecond, long millis, long settleMillis) {
    return fixed(workload, senders, msgsPerSecond, millis, settleMillis, null);
  }

  /** The same, and each message's slowest delivery written to {@code slowest} ({@link Phase#writeSlowest}). */
  Result fixed(String workload, List<Load.Sender> senders, double msgsPerSecond, long millis, long settleMillis, Path slowest) {
    Quiet.Wait wait = quiet.await();
    Phase phase = generator.begin(++phases, (int) Math.min(5_000_000, msgsPerSecond * millis / 1000 * 1.2 + 1000));
    long start = System.nanoTime();
    long cpuBefore = target.cpuMillis();
    generator.drive(phase, senders, msgsPerSecond, millis);
    long deliveredInWindow = phase.deliveries.sum();
    double cpu = target.cpuMillis() - cpuBefore;
    double seconds = (System.nanoTime() - start) / 1e9;
    generator.settle(phase, settleMillis);
    Histogram[] h = phase.interval();
    if (slowest != null) {
      try {
        phase.writeSlowest(slowest);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Result result = new Result(workload, msgsPerSecond, seconds, phase.tally(), phase.errorsByCode(), h[0], h[1],
        deliveredInWindow / seconds, deliveredInWindow == 0 ? -1 : cpu * 1000 / deliveredInWindow, wait);
    measured.accept(result);
    return result;
  }

  /**
   * Raises the rate by {@code factor} each step of {@code millis} until the send→deliver p99 passes
   * {@code p99LimitMicros}, a send fails, a delivery is lost, or fewer than 90 % of the offered
   * deliveries arrive within the step; the peak is the last step that passed.
   */
  Step step(String workload, List<Load.Sender> senders, double startMsgs, double factor, int maxSteps, long millis,
      long p99LimitMicros) {
    List<Result> steps = new ArrayList<>();
    Result peak = null;
    double readersPerMsg = senders.stream().mapToInt(Load.Sender::readers).average().orElse(1);
    double rate = startMsgs;
    boolean retried = false;
    for (int i = 0; i < maxSteps; i++) {
      Result r = fixed(workload + " step " + (i + 1), senders, rate, millis, 2_000);
      steps.add(r);
      boolean passed = r.clean() && r.p(r.deliver(), 99) <= p99LimitMicros
          && r.deliveriesPerSecond() >= 0.9 * rate * readersPerMsg;
      System.out.printf("    step %2d: %8.0f msg/s offered, %9.0f deliveries/s, deliver p99 %7.1f ms, errors %d%s, lost %d, server CPU %.0f ms/1k deliveries; %s -> %s%n",
          i + 1, rate, r.deliveriesPerSecond(), r.p(r.deliver(), 99) / 1000.0, r.errors().values().stream().mapToLong(Long::longValue).sum(),
          r.errors().isEmpty() ? "" : " " + r.errors(), r.tally().lost(), r.cpuMsPerThousand(), r.quiet(), passed ? "pass" : "stop");
      if (!passed && !retried) {
        // one more try at the same rate: a shared machine has hiccups of its own
        retried = true;
        i--;
        continue;
      }
      retried = false;
      if (!passed) {
        // its backlog is the next phase's wait for a quiet target
        break;
      }
      peak = r;
      rate *= factor;
    }
    return new Step(steps, peak);
  }
}
