package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.FreePorts;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clustered nodes in one JVM: auth and an edge on the first, only an edge on the second. */
class CrossNodeRevocationTest {

  private static final String PASSWORD = "Vx7!qLm2#pZr9w";
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestMongo mongo = new TestMongo();
  private final Map<String, String> codes = new ConcurrentHashMap<>();
  private Node first;
  private Node second;

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() {
    if (second != null) {
      second.stop();
    }
    if (first != null) {
      first.stop();
    }
    mongo.close();
  }

  @Test
  @DisplayName("a session signed out on one node is refused on the other at once")
  void logoutOnOneNodeIsSeenOnTheOther() throws Exception {
    List<String> members = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
    int firstPort = FreePorts.next();
    int secondPort = FreePorts.next();
    first = Node.start(node("auth,bridge", firstPort, members, 0));
    second = Node.start(node("bridge", secondPort, members, 1));
    // Stands in for the email verticle: the test reads the code the user would get by mail.
    first.vertx().eventBus().<JsonObject>consumer(Addresses.EMAIL_SEND, job -> {
      codes.put(job.body().getString("to"), job.body().getJsonObject("vars").getString("code"));
      job.reply(new JsonObject().put("id", UUID.randomUUID().toString()));
    });

    String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    assertThat(post(firstPort, "/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", "Ana")).statusCode()).isEqualTo(201);
    assertThat(post(firstPort, "/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", codes.get(email))).statusCode())
        .isEqualTo(204);
    JsonObject login = new JsonObject(post(firstPort, "/api/v1/auth/login", null,
        new JsonObject().put("email", email).put("password", PASSWORD)).body());
    String token = login.getString("accessToken");

    assertThat(get(secondPort, "/api/v1/me", token).statusCode()).as("the second node's edge forwards to auth on the first").isEqualTo(200);
    assertThat(post(firstPort, "/api/v1/auth/logout", token, new JsonObject()).statusCode()).isEqualTo(204);
    HttpResponse<String> after = get(secondPort, "/api/v1/me", token);
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(after.body()).getString("error")).isEqualTo("unauthorized");
  }

  private NodeConfig node(String verticles, int httpPort, List<String> members, int index) {
    return NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, verticles)
        .put(HTTP_PORT, httpPort)
        .put(CLUSTER_PORT, Integer.parseInt(members.get(index).split(":")[1]))
        .put(CLUSTER_MEMBERS, String.join(",", members))
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, "redis://127.0.0.1:6379")
        .put(DATA_DIR, dataDir.toString()));
  }

  private HttpResponse<String> post(int port, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(int port, String path, String token) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
  }
}
