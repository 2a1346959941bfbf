package io.confab.messaging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shared broker seen and acted on as an operator would, with {@code rabbitmqctl}: only ever on one
 * connection a test owns (found by its client-provided name), never on the others' connections.
 */
final class RabbitCtl {

  private RabbitCtl() {
  }

  /** The broker closes the connection named {@code connectionName} (CONNECTION_FORCED), as an operator would. */
  static void closeConnection(String connectionName) {
    // The table's pid (<rabbit@host.N.N.N>) is the form close_connection takes; JSON's is not.
    String pid = run("-s", "list_connections", "pid", "client_properties").lines()
        .filter(line -> line.contains("\"" + connectionName + "\""))
        .map(line -> line.split("\t", 2)[0])
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no connection named " + connectionName + " on the broker"));
    run("close_connection", pid, "closed by a Confab test");
  }

  /** The prefetch of each consumer of {@code queue}, as the broker applies it. */
  static List<Integer> prefetchOfConsumers(String queue) {
    List<Integer> prefetch = new ArrayList<>();
    for (Object row : json("list_consumers", "queue_name", "prefetch_count")) {
      JsonObject consumer = (JsonObject) row;
      if (queue.equals(consumer.getString("queue_name"))) {
        prefetch.add(consumer.getInteger("prefetch_count"));
      }
    }
    return prefetch;
  }

  private static JsonArray json(String command, String... columns) {
    List<String> args = new ArrayList<>(List.of("-q", command));
    args.addAll(List.of(columns));
    args.addAll(List.of("--formatter", "json"));
    return new JsonArray(run(args.toArray(String[]::new)));
  }

  private static String run(String... args) {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
