package io.confab.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
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
 * Three confab.jar processes and a private redis-server on loopback, every port free and high. Every PID
 * started is appended to {@code <work>/pids} so that bench/kill-test's trap can stop them even if this
 * JVM is killed; {@link #close()} stops them too.
 */
final class LocalCluster implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  final Path work;
  final Path jar;
  final int mongoPort = freePort();
  final int redisPort = freePort();
  final List<Node> nodes = new ArrayList<>();
  private Process redis;

  final class Node {
    final int index;
    final int httpPort = freePort();
    final int clusterPort = freePort();
    final String verticles;
    /** Each node's own, as in the contract's example: the nodes agree on token keys through MongoDB. */
    final Path dataDir;
    Process process;
    int starts;

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
      if (redis != null) {
        command.addAll(List.of("--redis-uri", "redis://127.0.0.1:" + redisPort));
      }
      if (index == 1) {
        command.addAll(List.of("--embedded-mongo-port", String.valueOf(mongoPort)));
      } else {
        command.addAll(List.of("--verticles", verticles, "--mongo-uri", "mongodb://127.0.0.1:" + mongoPort));
      }
      return command;
    }

    void start() {
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
    void stop(boolean graceful, long waitSeconds) {
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

    int readyStatus() {
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

    /** Polls /health/ready every 250 ms: true once 200, false if the process died or time ran out. */
    boolean awaitReady(Duration within) {
      long deadline = System.nanoTime() + within.toNanos();
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          return false;
        }
        if (readyStatus() == 200) {
          return true;
        }
        sleep(250);
      }
      return false;
    }

    String url(String path) {
      return "http://127.0.0.1:" + httpPort + path;
    }
  }

  LocalCluster(Path work, Path jar) {
    this.work = work;
    this.jar = jar;
    nodes.add(new Node(1, "all"));
    nodes.add(new Node(2, "chat,bridge"));
    nodes.add(new Node(3, "auth,chat,bridge"));
  }

  Node node(int index) {
    return nodes.get(index - 1);
  }

  private String members() {
    return String.join(",", nodes.stream().map(n -> "127.0.0.1:" + n.clusterPort).toList());
  }

  /** Starts redis (when redis-server is installed), node 1, then nodes 2 and 3; waits for every ready. */
  void start(Duration within) throws IOException {
    for (Node node : nodes) {
      Files.createDirectories(node.dataDir);
    }
    if (onPath("redis-server")) {
      redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", work.toString())
          .redirectErrorStream(true).redirectOutput(work.resolve("redis.log").toFile()).start();
      remember(redis);
      sleep(300);
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

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
