package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Two clustered nodes in one JVM sharing the Mongo wire server (so the token keys), Redis and a data
 * dir: by default the first runs auth, chat and an edge, the second only an edge. Mails are read
 * where auth hands them to the email verticle, which none of them runs.
 */
final class TwoNodes implements AutoCloseable {

  static final String PASSWORD = "Vx7!qLm2#pZr9w";
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestMongo mongo = new TestMongo();
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  final int firstPort = FreePorts.next();
  final int secondPort = FreePorts.next();
  final Node first;
  final Node second;

  TwoNodes(Path dataDir) {
    this(dataDir, "auth,chat,bridge", "bridge");
  }

  TwoNodes(Path dataDir, String firstVerticles, String secondVerticles) {
    List<String> members = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
    first = Node.start(node(firstVerticles, firstPort, members, 0, dataDir));
    second = Node.start(node(secondVerticles, secondPort, members, 1, dataDir));
    first.vertx().eventBus().<JsonObject>consumer(Addresses.EMAIL_SEND, job -> {
      codes.put(job.body().getString("to"), job.body().getJsonObject("vars").getString("code"));
      job.reply(new JsonObject().put("id", UUID.randomUUID().toString()));
    });
  }

  /** Registers, verifies and signs in a new user through the first node: the login answer. */
  JsonObject signedIn(String displayName) throws Exception {
    String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    assertThat(post(firstPort, "/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", displayName)).statusCode()).isEqualTo(201);
    assertThat(post(firstPort, "/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", codes.get(email))).statusCode())
        .isEqualTo(204);
    return new JsonObject(post(firstPort, "/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).body());
  }

  HttpResponse<String> post(int port, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(int port, String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }

  private NodeConfig node(String verticles, int httpPort, List<String> members, int index, Path dataDir) {
    return NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, verticles)
        .put(HTTP_PORT, httpPort)
        .put(CLUSTER_PORT, Integer.parseInt(members.get(index).split(":")[1]))
        .put(CLUSTER_MEMBERS, String.join(",", members))
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(DATA_DIR, dataDir.toString()));
  }

  @Override
  public void close() {
    second.stop();
    first.stop();
    mongo.close();
  }
}
