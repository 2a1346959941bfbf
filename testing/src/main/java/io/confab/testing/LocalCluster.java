package io.confab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three confab.jar processes on loopback, every port free and high: node 1 with every role and the
 * embedded MongoDB, node 2 with chat and bridge, node 3 with auth, chat and bridge; a Redis given, or a
 * private redis-server. Every PID started is appended to {@code <work>/pids} so that bench/kill-test's
 * trap can stop them even if this JVM is killed; {@link #close()} stops them too. The kill test and
 * {@code NodeLossIT} run it.
 */
public final class LocalCluster implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path work;
  final Path jar;
  public final int mongoPort = FreePorts.next();
  private final List<Node> nodes = new ArrayList<>();
  /** Given, or (when null) a private redis-server's. */
  private String redisUri;
  private Process redis;

  public final class Node {
    final int index;
    public final int httpPort = FreePorts.next();
    final int clusterPort = FreePorts.next();
    public final String verticles;
    /** Each node's own, as in the contract's example: the nodes agree on token keys through MongoDB. */
    final Path dataDir;
    private Process process;
    private int starts;

    Node(int index, String verticles) {
      this.index = index;
      this.verticles = verticles;
      this.dataDir = work.resolve("data-" + index);
    }

    List<String> command() {
      List<String> command = new ArrayList<>(List.of("java", "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar.toString(),
          "--http-host", "127.0.0.1", "--http-port", String.valueOf(httpPort),
          "--cluster-host", "127.0.0.1", "--cluster-port", String.valueOf(clusterPort),
          "--cluster-members", members(), "--data-dir", dataDir.toString()));
      if (redisUri != null) {
        command.addAll(List.of("--redis-uri", redisUri));
      }
      if (index == 1) {
        command.addAll(List.of("--embedded-mongo-port", String.valueOf(mongoPort)));
      } else {
        command.addAll(List.of("--verticles", verticles, "--mongo-uri", "mongodb://127.0.0.1:" + mongoPort));
      }
      return command;
    }

    public void start() {
      starts++;
      Path log = work.resolve("node" + index + ".log");
      try {
        Files.writeString(log, "=== start " + starts + " at " + System.currentTimeMillis() + "\n",
            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        process = new ProcessBuilder(command()).directory(work.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        remember(process);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** kill -9 (graceful false) or SIGTERM (graceful true), then waits for the process to end. */
    public void stop(boolean graceful, long waitSeconds) {
      if (process == null || !process.isAlive()) {
        return;
      }
      if (graceful) {
        process.destroy();
      } else {
        process.destroyForcibly();
      }
      try {
        if (!process.waitFor(waitSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          process.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    public int readyStatus() {
      try {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/health/ready")))
            .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode();
      } catch (IOException e) {
        return -1;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }

    /** Polls /health/ready: true once 200, false if the process died or time ran out. */
    public boolean awaitReady(Duration within) {
      return Eventually.holds(() -> !process.isAlive() || readyStatus() == 200, within) && process.isAlive();
    }

    public Process process() {
      return process;
    }

    String url(String path) {
      return "http://127.0.0.1:" + httpPort + path;
    }
  }

  /** {@code redisUri} null: a private redis-server on a free port (when one is installed). */
  public LocalCluster(Path work, Path jar, String redisUri) {
    this.work = work;
    this.jar = jar;
    this.redisUri = redisUri;
    nodes.add(new Node(1, "all"));
    nodes.add(new Node(2, "chat,bridge"));
    nodes.add(new Node(3, "auth,chat,bridge"));
  }

  public Node node(int index) {
    return nodes.get(index - 1);
  }

  private String members() {
    return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clusterPort).toList());
  }

  /** Starts redis (unless given; when redis-server is installed), node 1, then nodes 2 and 3; waits for every ready. */
  public void start(Duration within) throws IOException {
    for (Node node : nodes) {
      Files.createDirectories(node.dataDir);
    }
    if (redisUri == null && onPath("redis-server")) {
      int redisPort = FreePorts.next();
      redisUri = "redis://127.0.0.1:" + redisPort;
      redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", work.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile()).start();
      remember(redis);
      awaitListening(redisPort, within);
    }
    Node first = node(1);
    first.start();
    if (!first.awaitReady(within)) {
      throw new IllegalStateException("node 1 not ready within " + within + "; see " + work.resolve("node1.log"));
    }
    node(2).start();
    node(3).start();
    for (Node node : List.of(node(2), node(3))) {
      if (!node.awaitReady(within)) {
        throw new IllegalStateException("node " + node.index + " not ready within " + within + "; see "
            + work.resolve("node" + node.index + ".log"));
      }
    }
  }

  private void awaitListening(int port, Duration within) {
    if (!Eventually.holds(() -> listening(port), within)) {
      throw new IllegalStateException("nothing listens on " + port + " within " + within);
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void remember(Process process) throws IOException {
    Files.writeString(work.resolve("pids"), process.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public void close() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop(false, 10);
    }
    if (redis != null && redis.isAlive()) {
      redis.destroy();
      try {
        redis.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      redis.destroyForcibly();
    }
  }

  /** The Redis the nodes use. */
  public String redisUri() {
    return redisUri;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
