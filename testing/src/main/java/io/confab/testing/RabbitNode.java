package io.confab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A RabbitMQ node of its own, beside the shared one (which tests never stop): its own node name, AMQP and
 * distribution ports on loopback, and its data, logs and Erlang cookie under {@code baseDir}, so a test
 * can stop it and start it again with its durable queues and persistent messages. Runs Debian's
 * rabbitmq-server scripts directly (bin/services installs them) rather than the wrapper that switches user.
 */
public final class RabbitNode implements AutoCloseable {

  private static final Path SBIN = Path.of("/usr/lib/rabbitmq/bin");
  private static final Duration BOOT = Duration.ofSeconds(60);

  private final String name = "confab-test-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost";
  private final int port = FreePorts.next();
  private final int distributionPort = FreePorts.next();
  private final Path baseDir;

  public RabbitNode(Path baseDir) {
    this.baseDir = baseDir.toAbsolutePath();
  }

  public String uri() {
    return "amqp://guest:guest@127.0.0.1:" + port;
  }

  /** Boots the node and waits until it accepts AMQP connections. */
  public RabbitNode start() {
    try {
      Files.createDirectories(baseDir);
      Files.writeString(baseDir.resolve("enabled_plugins"), "[].");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    run("rabbitmq-server", List.of("-detached"));
    if (!Eventually.holds(this::accepts, BOOT)) {
      throw new IllegalStateException("RabbitMQ node " + name + " did not listen on " + port + " within " + BOOT + "; see " + baseDir);
    }
    run("rabbitmqctl", List.of("-n", name, "await_startup"));
    return this;
  }

  /** Stops the whole node (the Erlang VM too); its data stays for {@link #start}. */
  public void stop() {
    run("rabbitmqctl", List.of("-n", name, "stop"));
  }

  @Override
  public void close() {
    if (accepts()) {
      stop();
    }
  }

  private boolean accepts() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private void run(String script, List<String> args) {
    ProcessBuilder builder = new ProcessBuilder(concat(SBIN.resolve(script).toString(), args))
        .directory(baseDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(baseDir.resolve("scripts.log").toFile()));
    Map<String, String> env = builder.environment();
    env.put("HOME", baseDir.toString()); // the Erlang cookie, shared by the node and rabbitmqctl
    env.put("RABBITMQ_NODENAME", name);
    env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_NODE_PORT", String.valueOf(port));
    env.put("RABBITMQ_DIST_PORT", String.valueOf(distributionPort));
    env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
    env.put("RABBITMQ_MNESIA_BASE", baseDir.resolve("mnesia").toString());
    env.put("RABBITMQ_LOG_BASE", baseDir.resolve("log").toString());
    env.put("RABBITMQ_PID_FILE", baseDir.resolve("pid").toString());
    env.put("RABBITMQ_ENABLED_PLUGINS_FILE", baseDir.resolve("enabled_plugins").toString());
    env.put("RABBITMQ_CONFIG_FILE", baseDir.resolve("none").toString());
    try {
      Process process = builder.start();
      if (!process.waitFor(BOOT.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " " + args + " did not finish within " + BOOT);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(script + " " + args + " exited with " + process.exitValue() + "; see " + baseDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static List<String> concat(String first, List<String> rest) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(first), rest.stream()).toList();
  }
}
