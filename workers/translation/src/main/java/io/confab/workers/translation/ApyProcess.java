package io.confab.workers.translation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * APY as a child process, for the one-JVM run: when nothing answers on a loopback {@code apy-url} and
 * Debian's {@code apertium-apy} is installed, start it bound to that address only (through
 * {@code run-apy.py}, the same launcher {@code bin/services} uses), wait until {@code /listPairs} answers,
 * and stop it (with the Apertium pipelines it spawned) on {@link #stop()}, or with this JVM if it dies
 * first. It logs to {@code apy.log} in its directory. Nothing is started for a remote URL, or when something already answers.
 */
final class ApyProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ApyProcess.class);

  static final String SCRIPT = "run-apy.py";
  static final Path PYTHON = Path.of("/usr/bin/python3");
  static final Path APY = Path.of("/usr/bin/apertium-apy");
  static final Path MODES = Path.of("/usr/share/apertium/modes");
  /** The Debian packages that make it work (the first pair the platform's tests use). */
  static final String PACKAGES = "apertium-apy apertium-eng-spa";
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");
  private static final long PROBE_TIMEOUT_MS = 1_000;
  private static final long POLL_MS = 200;

  private final Vertx vertx;
  private final Process process;

  private ApyProcess(Vertx vertx, Process process) {
    this.vertx = vertx;
    this.process = process;
  }

  /** The started APY, or null when none was needed or none could be started (logged). Never fails. */
  static Future<ApyProcess> startIfAbsent(Vertx vertx, String apyUrl, Path directory, long waitMs) {
    URI uri;
    try {
      uri = URI.create(apyUrl);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(null);
    }
    if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
      return Future.succeededFuture(null);
    }
    WebClient probe = WebClient.create(vertx);
    String pairsUrl = apyUrl.replaceAll("/+$", "") + "/listPairs";
    return answers(probe, pairsUrl).compose(running -> {
      if (running) {
        return Future.<ApyProcess>succeededFuture(null);
      }
      if (!Files.isExecutable(PYTHON) || !Files.exists(APY) || !Files.isDirectory(MODES)) {
        LOG.atWarn().setMessage("apy.not.installed").addKeyValue("url", apyUrl)
            .addKeyValue("hint", "apt-get install " + PACKAGES).log();
        return Future.<ApyProcess>succeededFuture(null);
      }
      String host = uri.getHost().equals("localhost") ? "127.0.0.1" : uri.getHost().replace("[", "").replace("]", "");
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      return vertx.executeBlocking(() -> spawn(directory, host, port))
          .map(process -> new ApyProcess(vertx, process))
          .compose(started -> awaitAnswer(probe, pairsUrl, started, System.currentTimeMillis() + waitMs).map(started))
          .onSuccess(started -> LOG.atInfo().setMessage("apy.started").addKeyValue("url", apyUrl)
              .addKeyValue("pid", started.process.pid()).addKeyValue("log", directory.resolve("apy.log").toString()).log());
    }).recover(e -> {
      LOG.atWarn().setMessage("apy.start.failed").addKeyValue("url", apyUrl).addKeyValue("error", String.valueOf(e.getMessage())).log();
      return Future.succeededFuture(null);
    }).eventually(() -> {
      probe.close();
      return Future.succeededFuture();
    });
  }

  /** Stops APY and the pipelines it spawned; gives it a few seconds, then kills. */
  Future<Void> stop() {
    return vertx.executeBlocking(() -> {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      LOG.atInfo().setMessage("apy.stopped").addKeyValue("pid", process.pid()).log();
      return null;
    });
  }

  boolean isAlive() {
    return process.isAlive();
  }

  private static Process spawn(Path directory, String host, int port) throws IOException {
    Files.createDirectories(directory);
    Path script = directory.resolve(SCRIPT);
    try (InputStream source = ApyProcess.class.getResourceAsStream(SCRIPT)) {
      if (source == null) {
        throw new IOException(SCRIPT + " is missing from the jar");
      }
      Files.copy(source, script, StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString(), "-p", String.valueOf(port), MODES.toString())
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("apy.log").toFile()));
    builder.environment().put("LC_ALL", "C.UTF-8");
    builder.environment().put("CONFAB_APY_HOST", host);
    // stdin stays a pipe from this JVM: its end of file, when the JVM exits however it exits, ends APY (run-apy.py).
    builder.environment().put("CONFAB_APY_EXIT_WITH_STDIN", "1");
    return builder.start();
  }

  private static Future<Boolean> answers(WebClient probe, String pairsUrl) {
    return probe.getAbs(pairsUrl).timeout(PROBE_TIMEOUT_MS).send()
        .map(response -> response.statusCode() == 200)
        .recover(e -> Future.succeededFuture(false));
  }

  private static Future<Void> awaitAnswer(WebClient probe, String pairsUrl, ApyProcess started, long deadline) {
    return answers(probe, pairsUrl).compose(up -> {
      if (up) {
        return Future.succeededFuture();
      }
      if (!started.isAlive()) {
        return Future.failedFuture("apy exited at start (see apy.log)");
      }
      if (System.currentTimeMillis() > deadline) {
        started.stop();
        return Future.failedFuture("apy did not answer in time");
      }
      Promise<Void> later = Promise.promise();
      started.vertx.setTimer(POLL_MS, id -> awaitAnswer(probe, pairsUrl, started, deadline).onComplete(later));
      return later.future();
    });
  }
}
