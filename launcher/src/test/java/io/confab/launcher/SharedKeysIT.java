package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.confab.testing.BridgeClient;
import io.confab.testing.ConfabApi;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract's several-nodes example from the built jar: three nodes, each in a directory (so a data
 * dir) of its own, nodes 2 and 3 on node 1's embedded MongoDB, no key files anywhere. Node 1 runs every
 * role, node 2 chat and bridge, node 3 auth and bridge: two auth instances, three edges.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedKeysIT {

  private static final String PASSWORD = "Vx7!qLm2#pZr9w";
  /** This test's own, emptied when it starts: see LocalServices. */
  private static final int REDIS_DATABASE = 12;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<WebPageNode> nodes = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();
  private Vertx vertx;

  @BeforeAll
  void startThreeNodes() throws Exception {
    LocalServices.requireRedis();
    vertx = Vertx.vertx();
    int mongoPort = FreePorts.next();
    List<Integer> clusterPorts = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
    String members = String.join(",", clusterPorts.stream().map(port -> "127.0.0.1:" + port).toList());
    String redis = LocalServices.emptiedRedisDatabase(REDIS_DATABASE);
    List<List<String>> roles = List.of(
        List.of("--embedded-mongo-port", String.valueOf(mongoPort)),
        List.of("--verticles", "chat,bridge", "--mongo-uri", "mongodb://127.0.0.1:" + mongoPort),
        List.of("--verticles", "auth,bridge", "--mongo-uri", "mongodb://127.0.0.1:" + mongoPort));
    for (int i = 0; i < 3; i++) {
      int httpPort = FreePorts.next();
      List<String> options = new ArrayList<>(roles.get(i));
      options.addAll(List.of("--http-port", String.valueOf(httpPort), "--cluster-port", String.valueOf(clusterPorts.get(i)),
          "--cluster-members", members, "--redis-uri", redis));
      httpPorts.add(httpPort);
      nodes.add(WebPageNode.withOptions(options).start());
    }
  }

  @AfterAll
  void stopThem() throws Exception {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).stop();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  @DisplayName("a token from either auth node is accepted by every node's bridge, over HTTP and over SockJS")
  void tokensFromEitherAuthNodeWorkEverywhere() throws Exception {
    String email = registeredAndVerified();
    String fromNode1 = login(1, email, null).getString("accessToken");
    String fromNode3 = login(3, email, null).getString("accessToken");
    assertThat(kid(fromNode1)).as("each auth instance signs with a key of its own").isNotEqualTo(kid(fromNode3));

    for (int node = 1; node <= 3; node++) {
      assertThat(get(node, "/api/v1/me", fromNode1).statusCode()).as("node 1's token on node " + node).isEqualTo(200);
      assertThat(get(node, "/api/v1/me", fromNode3).statusCode()).as("node 3's token on node " + node).isEqualTo(200);
    }
    String room = new JsonObject(post(1, "/api/v1/rooms", fromNode1, new JsonObject().put("kind", "self")).body()).getString("id");
    for (int node = 1; node <= 3; node++) {
      try (BridgeClient bridge = BridgeClient.connect(vertx, httpPorts.get(node - 1), fromNode3)) {
        JsonObject reply = bridge.request("chat.send", new JsonObject().put("room", room).put("text", "via node " + node)
            .put("clientMsgId", UUID.randomUUID().toString())).await();
        assertThat(reply.getString("type")).as("node 3's token over node " + node + "'s bridge: " + reply).isEqualTo("rec");
      }
    }
    JsonArray published = new JsonObject(get(2, "/.well-known/jwks.json", null).body()).getJsonArray("keys");
    assertThat(published.stream().map(key -> ((JsonObject) key).getString("kid"))).contains(kid(fromNode1), kid(fromNode3));
  }

  @Test
  @DisplayName("an emailed code made by one auth node, and a TOTP secret set up through it, are accepted by the other")
  void codesAndTotpWorkAcrossAuthNodes() throws Exception {
    String email = registeredAndVerified();
    String token1 = login(1, email, null).getString("accessToken");
    String token3 = login(3, email, null).getString("accessToken");
    String secret = new JsonObject(post(1, "/api/v1/auth/totp/setup", token1, new JsonObject()).body()).getString("secret");

    assertThat(post(3, "/api/v1/auth/totp/enable", token3, new JsonObject().put("code", totp(secret, 0))).statusCode()).isEqualTo(204);
    assertThat(post(1, "/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).statusCode())
        .isEqualTo(401);
    assertThat(login(1, email, totp(secret, 1)).getString("accessToken")).isNotBlank();
  }

  /** Registered through node 1 (its auth makes the code), verified through node 3 (its auth checks it). */
  private String registeredAndVerified() throws Exception {
    String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    assertThat(post(1, "/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", "Ana")).statusCode()).isEqualTo(201);
    String code = ConfabApi.mailedCode(httpPorts.get(0), email);
    assertThat(post(3, "/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", code)).statusCode())
        .as("node 1's code checked by node 3").isEqualTo(204);
    return email;
  }

  private JsonObject login(int node, String email, String totp) throws Exception {
    JsonObject body = new JsonObject().put("email", email).put("password", PASSWORD);
    if (totp != null) {
      body.put("totp", totp);
    }
    HttpResponse<String> answer = post(node, "/api/v1/auth/login", null, body);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return new JsonObject(answer.body());
  }

  private HttpResponse<String> get(int node, String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int node, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(int node, String path) {
    return URI.create("http://127.0.0.1:" + httpPorts.get(node - 1) + path);
  }

  private static String kid(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))))).getString("kid");
  }

  private static String totp(String secret, int steps) throws Exception {
    return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, System.currentTimeMillis() / 1000 / 30 + steps);
  }
}
