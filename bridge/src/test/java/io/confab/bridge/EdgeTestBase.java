package io.confab.bridge;

import io.confab.base.Codecs;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.RedisKeys;
import io.confab.edge.EdgeVerticle;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starts one edge with the bridge role on a free port; tests talk to it over real HTTP and WebSocket. */
@ExtendWith(VertxExtension.class)
abstract class EdgeTestBase {

  protected Vertx vertx;
  protected WebClient client;
  protected int port;

  protected Redis redis;

  /** The edge's config, for tests that tune it. */
  protected JsonObject edgeConfig(JsonObject base) {
    return base;
  }

  /** The clock the edge checks token expiry against. */
  protected Clock clock() {
    return Clock.systemUTC();
  }

  /** Dev mode or not: whether /dev/mail exists. */
  protected boolean devMode() {
    return false;
  }

  @BeforeEach
  void startEdge() {
    LocalServices.requireRedis();
    // With the node's metrics, so that /metrics shows what the edge counts.
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
        .withMetrics(new MicrometerMetricsFactory())
        .build();
    Codecs.register(vertx);
    redis = Redis.createClient(vertx, LocalServices.REDIS_URI);
    port = startedEdge();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** Deploys an edge (two instances, as a node does) on a free port, and answers the port. */
  protected int startedEdge() {
    int edgePort = FreePorts.next();
    JsonObject config = edgeConfig(TestTokens.edgeConfig()
        .put(ConfigKeys.HTTP_HOST, "127.0.0.1")
        .put(ConfigKeys.HTTP_PORT, edgePort)
        .put(ConfigKeys.DEV_MODE, devMode()));
    vertx.deployVerticle(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), List.of(new BridgeRoutes(clock()))),
        new DeploymentOptions().setConfig(config).setInstances(2)).await();
    return edgePort;
  }

  /** A valid access token of a fresh session of {@code userId}. */
  protected String token(String userId, String sessionId) {
    return TestTokens.access(vertx, userId, sessionId);
  }

  /** What auth does on logout: listed in Redis, then told to every edge, which refuses the session's tokens from now on. */
  protected void revoke(String sessionId) {
    RedisAPI.api(redis).setex(RedisKeys.revokedSession(sessionId), "60", "1").await();
    vertx.eventBus().publish(Addresses.AUTH_SESSION_REVOKED, new JsonObject().put("session", sessionId));
  }

  /** A counter's value in /metrics ({@code name{reason="..."}}), 0 when it is not there yet. */
  protected double metric(String name, String reason) {
    String text = client.get("/metrics").send().await().bodyAsString();
    Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*reason=\"" + Pattern.quote(reason) + "\"[^}]*} (\\S+)$")
        .matcher(text);
    return line.find() ? Double.parseDouble(line.group(1)) : 0;
  }

  @AfterEach
  void stopEdge() {
    vertx.close().await();
  }
}
