package io.confab.launcher;

import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The built jar ({@code target/confab.jar}) as the page tests' platform: one JVM in dev mode, on a data
 * dir and ports of its own, which it keeps when it is stopped and started again (a server restart).
 * Other tests of the jar run it in a working directory, with options and {@code CONFAB_*} variables of their own.
 */
final class WebPageNode {

  private static final Path JAR = Path.of("target", "confab.jar").toAbsolutePath();
  private static final long READY_SECONDS = 150;
  private static final long STOP_SECONDS = 30;
  /** The page tests' own, emptied when a node is made (not when it restarts): see LocalServices. */
  private static final int REDIS_DATABASE = 9;
  /** The one loopback port the shared page node's link previews may fetch from ({@code preview-allow-hosts}): WebPagePreviewsIT's site. */
  static final int PREVIEW_SITE_PORT = FreePorts.next();

  private final Path workDir;
  private final List<String> ports;
  private final Map<String, String> env;
  private final List<String> log = new CopyOnWriteArrayList<>();
  private Process process;
  private String url;

  private WebPageNode(Path workDir, List<String> ports, Map<String, String> env) {
    this.workDir = workDir;
    this.ports = ports;
    this.env = env;
  }

  /** A node on free ports and a new data dir, not started yet. */
  static WebPageNode onFreePorts() throws IOException {
    return in(Files.createTempDirectory("confab-webpage-it"), REDIS_DATABASE,
        List.of("--preview-allow-hosts", "127.0.0.1:" + PREVIEW_SITE_PORT), Map.of("CONFAB_PREVIEW_FETCH_TIMEOUT_MS", "30000"));
  }

  /**
   * A node on free ports and its own emptied Redis database, run from {@code workDir} (its data dir is
   * {@code workDir/data} unless {@code options} say otherwise), not started yet.
   */
  static WebPageNode in(Path workDir, int redisDatabase, List<String> options, Map<String, String> env) {
    List<String> all = new java.util.ArrayList<>(List.of(
        "--redis-uri", LocalServices.emptiedRedisDatabase(redisDatabase),
        "--http-port", String.valueOf(FreePorts.next()),
        "--cluster-port", String.valueOf(FreePorts.next()),
        "--embedded-mongo-port", String.valueOf(FreePorts.next())));
    all.addAll(options);
    return new WebPageNode(workDir, List.copyOf(all), env);
  }

  /** A node started with these options alone, in a new directory of its own (so its own ./data). */
  static WebPageNode withOptions(List<String> options) throws IOException {
    return new WebPageNode(Files.createTempDirectory("confab-node-it"), List.copyOf(options), Map.of());
  }

  /** Starts the jar and waits until it logs {@code node.ready}. */
  WebPageNode start() throws Exception {
    CompletableFuture<String> ready = new CompletableFuture<>();
    List<String> command = new java.util.ArrayList<>(List.of("java", "-jar", JAR.toString()));
    command.addAll(ports);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    process = builder.start();
    Process started = process;
    Thread reader = new Thread(() -> readLog(started, ready), "confab-jar-log");
    reader.setDaemon(true);
    reader.start();
    try {
      url = ready.get(READY_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the node was not ready within " + READY_SECONDS + " s; its log:\n" + String.join("\n", log), e);
    }
    return this;
  }

  /** Stops the node as an operator does (SIGTERM: it drains), forcibly if it takes too long. */
  void stop() throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Kills the node as a crash does ({@code kill -9}): nothing of it runs its stop. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(STOP_SECONDS, TimeUnit.SECONDS);
    process = null;
  }

  /** The node's process while it runs. */
  ProcessHandle process() {
    return process.toHandle();
  }

  /** The page's address, {@code http://127.0.0.1:PORT/}. */
  String url() {
    return url;
  }

  List<String> log() {
    return log;
  }

  private void readLog(Process started, CompletableFuture<String> ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
        if (line.contains("\"node.ready\"")) {
          ready.complete(new JsonObject(line).getString("url"));
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new AssertionError("the node exited before it was ready:\n" + String.join("\n", log)));
  }
}
