package io.confab.bench;

import io.confab.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Socket.IO peer (bench/socketio/server.js under Node) and its store, the same MongoDB-compatible
 * server Confab embeds (confab.jar's {@code io.confab.launcher.EmbeddedMongo}) in a JVM of its own.
 * Tokens are HMACs of the user id with a secret shared with the server.
 */
final class SocketIoTarget extends ProcessTarget {

  private final Path serverDir;
  private final Path confabJar;
  private final Path work;
  private final int port = FreePorts.next();
  private final int mongoPort = FreePorts.next();
  private final String secret = UUID.randomUUID().toString();
  private Process node;
  private Process mongo;

  SocketIoTarget(Path work, Path confabJar, Path serverDir) {
    super(work);
    this.work = work;
    this.confabJar = confabJar;
    this.serverDir = serverDir;
  }

  @Override
  public String name() {
    return "Socket.IO peer (Node)";
  }

  @Override
  public Dialect dialect() {
    return Dialect.SocketIo.INSTANCE;
  }

  @Override
  public void start() {
    mongo = processes.start("peer-mongo", List.of("java", "-Xmx512m", "-cp", confabJar.toString(), "io.confab.launcher.EmbeddedMongo",
        String.valueOf(mongoPort), work.resolve("peer-mongo.mv.db").toString()), Map.of());
    if (!Processes.awaitListening(mongo, mongoPort, Duration.ofSeconds(60))) {
      throw new IllegalStateException("the Socket.IO peer's store did not start; see " + work.resolve("peer-mongo.log"));
    }
    node = processes.start("socketio-peer", List.of("node", "--expose-gc", serverDir.resolve("server.js").toString()),
        Map.of("PORT", String.valueOf(port), "MONGO_URL", "mongodb://127.0.0.1:" + mongoPort, "TOKEN_SECRET", secret));
    if (!Processes.awaitReady(node, port, "/health/ready", Duration.ofSeconds(60))) {
      throw new IllegalStateException("the Socket.IO peer did not start; see " + work.resolve("socketio-peer.log"));
    }
  }

  @Override
  public List<Integer> ports() {
    return List.of(port);
  }

  @Override
  public List<Load.User> users(int n) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    List<Load.User> users = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "u" + i;
      users.add(new Load.User(id, id + "." + HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.UTF_8)))));
    }
    return users;
  }

  @Override
  public List<String> rooms(List<List<Load.User>> members, boolean direct) {
    return Target.names(members.size(), direct);
  }


  /** Node's heap after a GC and its RSS, plus the store's RSS (Confab's store lives in its JVM). */
  @Override
  public Memory memory() {
    try {
      HttpResponse<String> stats = Processes.HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      JsonObject m = new JsonObject(stats.body());
      return new Memory(m.getLong("heapUsed"), m.getLong("rss") + Processes.rss(mongo.pid()));
    } catch (Exception e) {
      return new Memory(-1, Processes.rss(node.pid()) + Processes.rss(mongo.pid()));
    }
  }
}
