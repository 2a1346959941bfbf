package io.confab.bench;

import io.confab.testing.ConfabApi;
import io.confab.testing.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Confab as shipped: confab.jar with all verticles in one JVM (heap capped at 1 GiB), or two nodes in a
 * cluster (the second with chat and bridge, sockets spread over both bridges); a private redis-server,
 * the embedded MongoDB-compatible server. Users sign up through the API and the dev mailbox.
 */
final class ConfabTarget extends ProcessTarget {

  /** Argon2 is deliberately slow: sign-ups run a few at a time. */
  private static final int SIGN_UP_THREADS = 4;

  private final Path work;
  private final Path jar;
  private final int nodeCount;
  private final String heap;
  private final List<String> jvm;
  private final int writesPerSecond;
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();

  ConfabTarget(Path work, Path jar, int nodeCount, String heap, List<String> jvm, int writesPerSecond) {
    super(work);
    this.work = work;
    this.jar = jar;
    this.nodeCount = nodeCount;
    this.heap = heap;
    this.jvm = jvm;
    this.writesPerSecond = writesPerSecond;
  }

  @Override
  public String name() {
    return nodeCount == 1 ? "Confab, one JVM" : "Confab, " + nodeCount + "-node cluster";
  }

  @Override
  public Dialect dialect() {
    return Dialect.Bridge.CONFAB;
  }

  @Override
  public void start() throws Exception {
    Path data = work.resolve("confab-data");
    Files.createDirectories(data);
    int redisPort = FreePorts.next();
    int mongoPort = FreePorts.next();
    processes.start("redis", List.of("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", work.toString()), Map.of());
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < nodeCount; i++) {
      httpPorts.add(FreePorts.next());
      clusterPorts.add(FreePorts.next());
    }
    String members = String.join(",", clusterPorts.stream().map(p -> "127.0.0.1:" + p).toList());
    for (int i = 0; i < nodeCount; i++) {
      List<String> command = new ArrayList<>(List.of("java"));
      command.addAll(jvm);
      // Each pause with its wall-clock end, beside the deliveries' times (SlowDeliveries).
      command.add("-Xlog:gc:file=" + work.resolve("confab-node" + (i + 1) + "-gc.log") + ":time");
      command.addAll(List.of("-Xmx" + heap, "-jar", jar.toString(),
          "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPorts.get(i)),
          "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(clusterPorts.get(i)), "--cluster-members", members,
          "--data-dir", data.toString(), "--redis-uri", "redis://127.0.0.1:" + redisPort));
      if (i == 0) {
        command.addAll(List.of("--embedded-mongo-port", String.valueOf(mongoPort)));
      } else {
        command.addAll(List.of("--verticles", "chat,bridge", "--mongo-uri", "mongodb://127.0.0.1:" + mongoPort));
      }
      // The contract's per-user write limit is a policy, not a capacity: raised so that a few hundred
      // bench users can carry the step test's rates (each send still pays the limiter's Redis INCR).
      // Likewise the registrations per client address and minute: every bench user signs up from 127.0.0.1.
      Process node = processes.start("confab-node" + (i + 1), command,
          Map.of("CONFAB_CHAT_WRITES_PER_SECOND", String.valueOf(writesPerSecond),
              "CONFAB_AUTH_REGISTRATIONS_PER_ADDRESS", "100000"));
      nodes.add(node);
      if (!Processes.awaitReady(node, httpPorts.get(i), "/health/ready", Duration.ofSeconds(180))) {
        throw new IllegalStateException("Confab node " + (i + 1) + " not ready; see " + work.resolve("confab-node" + (i + 1) + ".log"));
      }
    }
  }

  @Override
  public List<Integer> ports() {
    return httpPorts;
  }

  @Override
  public List<Load.User> users(int n) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SIGN_UP_THREADS);
    try {
      List<Future<JsonObject>> pending = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "Bench " + i;
        pending.add(pool.submit(() -> ConfabApi.signUp(httpPorts.get(0), name)));
      }
      List<Load.User> users = new ArrayList<>();
      for (Future<JsonObject> login : pending) {
        JsonObject l = login.get();
        users.add(new Load.User(l.getJsonObject("user").getString("id"), l.getString("accessToken")));
      }
      return users;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public List<String> rooms(List<List<Load.User>> members, boolean direct) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(SIGN_UP_THREADS);
    try {
      List<Future<String>> pending = new ArrayList<>();
      int n = 0;
      for (List<Load.User> room : members) {
        JsonArray others = new JsonArray(room.subList(1, room.size()).stream().map(Load.User::id).toList());
        JsonObject body = direct ? new JsonObject().put("kind", "direct").put("members", others)
            : new JsonObject().put("kind", "group").put("name", "bench " + n++).put("members", others);
        pending.add(pool.submit(() -> ConfabApi.createRoom(httpPorts.get(0), room.get(0).token(), body)));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> id : pending) {
        ids.add(id.get());
      }
      return ids;
    } finally {
      pool.shutdownNow();
    }
  }

  @Override
  public Memory memory() {
    long heapUsed = 0;
    long rss = 0;
    for (Process node : nodes) {
      heapUsed += Processes.heapAfterGc(node.pid());
      rss += Processes.rss(node.pid());
    }
    return new Memory(heapUsed, rss);
  }

  /** The first node's heap in use right now (no GC forced): what the slow-reader workload watches. */
  long heapNow() {
    return nodes.stream().mapToLong(n -> Processes.heapUsed(n.pid())).sum();
  }

  @Override
  public Path profile(Path file) {
    Processes.jcmd(nodes.get(0).pid(), "JFR.start", "name=bench", "settings=profile", "filename=" + file);
    return file;
  }

  @Override
  public void stopProfile() {
    Processes.jcmd(nodes.get(0).pid(), "JFR.stop", "name=bench");
  }
}
