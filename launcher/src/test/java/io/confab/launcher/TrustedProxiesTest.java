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
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-address throttles behind an ingress ({@code --trusted-proxies}), through the edge to auth: here
 * every request comes from 127.0.0.1, the "ingress", and says who it is for in {@code X-Forwarded-For}.
 * Registrations are the throttle used, two per address.
 */
class TrustedProxiesTest {

  private static final int REGISTRATIONS_PER_ADDRESS = 2;
  private static final int REDIS_DATABASE = 14;
  private static final String ANA = "198.51.100.7";
  private static final String BEN = "203.0.113.9";
  private final HttpClient http = HttpClient.newHttpClient();
  private final TestMongo mongo = new TestMongo();
  private Node node;
  private int port;

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
    mongo.close();
  }

  @Test
  @DisplayName("from a trusted proxy X-Forwarded-For decides: two forwarded clients are throttled apart, and a spoofed left entry changes nothing")
  void behindATrustedProxyEachClientHasItsOwnCount() throws Exception {
    start("127.0.0.0/8,::1");

    assertThat(register(ANA)).isEqualTo(201);
    assertThat(register(ANA)).isEqualTo(201);
    assertThat(register(ANA)).as("Ana's third").isEqualTo(429);
    assertThat(register("192.0.2.1, " + ANA)).as("Ana, claiming to be someone else").isEqualTo(429);
    assertThat(register(BEN)).as("Ben, through the same proxy").isEqualTo(201);
  }

  @Test
  @DisplayName("from a peer that is not a trusted proxy X-Forwarded-For is ignored: spoofing it does not escape the throttle")
  void fromAnUntrustedPeerTheHeaderIsIgnored() throws Exception {
    start("10.0.0.0/8");

    assertThat(register(ANA)).isEqualTo(201);
    assertThat(register(BEN)).isEqualTo(201);
    assertThat(register("192.0.2.1")).as("a third, whatever it claims").isEqualTo(429);
  }

  private void start(String trustedProxies) {
    port = FreePorts.next();
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "auth,bridge")
        .put(HTTP_PORT, port)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, LocalServices.emptiedRedisDatabase(REDIS_DATABASE))
        .put(DATA_DIR, dataDir.toString())
        .put(TRUSTED_PROXIES, trustedProxies)
        .put("auth-registrations-per-address", REGISTRATIONS_PER_ADDRESS)));
    // No email verticle here: the verification mail is taken and dropped.
    node.vertx().eventBus().<JsonObject>consumer(Addresses.EMAIL_SEND, job -> job.reply(new JsonObject().put("id", "dropped")));
  }

  private int register(String forwardedFor) throws Exception {
    JsonObject body = new JsonObject().put("email", "p" + System.nanoTime() + "@example.org")
        .put("password", TwoNodes.PASSWORD).put("displayName", "Someone");
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/register"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }
}
