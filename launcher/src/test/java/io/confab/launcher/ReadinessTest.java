package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.TestMongo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

class ReadinessTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private final TestMongo mongo = new TestMongo();
  private Node node;
  private RedisServer redis;

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.stop();
    }
    if (redis != null) {
      redis.stop();
    }
    mongo.close();
  }

  @Test
  @DisplayName("ready is 503 naming redis while Redis does not answer, and 200 once it does, without a restart")
  void readinessFollowsRedis() throws Exception {
    int redisPort = FreePorts.next();
    int httpPort = FreePorts.next();
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "bridge")
        .put(HTTP_PORT, httpPort)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, "redis://127.0.0.1:" + redisPort)
        .put(DATA_DIR, dataDir.toString())));

    HttpResponse<String> down = awaitReady(httpPort, response -> response.statusCode() == 503);
    assertThat(status(down, "redis")).isEqualTo("DOWN");
    assertThat(status(down, "mongo")).isEqualTo("UP");
    assertThat(new JsonObject(down.body()).getString("status")).isEqualTo("DOWN");

    redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").build();
    redis.start();

    HttpResponse<String> up = awaitReady(httpPort, response -> response.statusCode() == 200);
    assertThat(status(up, "redis")).isEqualTo("UP");
    assertThat(new JsonObject(up.body()).getString("status")).isEqualTo("UP");
  }

  @Test
  @DisplayName("where the search role runs, ready has a search check, UP while its engine works")
  void readinessChecksSearchWhereItRuns() {
    int httpPort = FreePorts.next();
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "search,bridge")
        .put(HTTP_PORT, httpPort)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, "redis://127.0.0.1:6379")
        .put(DATA_DIR, dataDir.toString())));

    HttpResponse<String> up = awaitReady(httpPort, response -> response.statusCode() == 200);
    assertThat(status(up, "search")).isEqualTo("UP");
  }

  private HttpResponse<String> awaitReady(int port, Predicate<HttpResponse<String>> wanted) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    return Eventually.value(() -> {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return wanted.test(response) ? response : null;
    }, Duration.ofSeconds(30), "readiness as wanted");
  }

  private static String status(HttpResponse<String> response, String check) {
    JsonArray checks = new JsonObject(response.body()).getJsonArray("checks");
    return checks.stream().map(JsonObject.class::cast).filter(c -> check.equals(c.getString("id")))
        .map(c -> c.getString("status")).findFirst().orElse("absent");
  }
}
