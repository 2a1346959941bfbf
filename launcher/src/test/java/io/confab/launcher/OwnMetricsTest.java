package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Confab's own meters on a node's /metrics, with real values: one node running auth, chat, email and the
 * edge, its broker unreachable (so the verification mail stays in the outbox, where the test reads its code).
 */
class OwnMetricsTest {

  private static final String PASSWORD = "Vx7!qLm2#pZr9w";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final TestMongo MONGO = new TestMongo();
  private static final int PORT = FreePorts.next();
  private static Path dataDir;
  private static Node node;
  private static String token;
  private static String room;

  @BeforeAll
  static void aNodeAndASignedInUserWithARoom() throws Exception {
    LocalServices.requireRedis();
    dataDir = Files.createTempDirectory("confab-metrics");
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "auth,chat,email,bridge")
        .put(HTTP_PORT, PORT)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, MONGO.uri())
        .put(MONGO_DATABASE, MONGO.deploymentConfig().getString(MONGO_DATABASE))
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(AMQP_URI, "amqp://guest:guest@127.0.0.1:" + FreePorts.next())
        .put("email-outbox-retry-ms", "200")
        .put(DATA_DIR, dataDir.toString())));
    String email = "m" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    assertThat(post("/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", "Mia")).statusCode()).isEqualTo(201);
    assertThat(post("/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", codeInOutbox(email))).statusCode())
        .isEqualTo(204);
    token = new JsonObject(post("/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).body())
        .getString("accessToken");
    room = new JsonObject(post("/api/v1/rooms", token, new JsonObject().put("kind", "self")).body()).getString("id");
  }

  @AfterAll
  static void stop() {
    node.stop();
    MONGO.close();
  }

  @Test
  @DisplayName("A new message counts once as stored and once per member as delivered, whether sent over HTTP or the bridge")
  void newMessagesCountAsStoredAndDelivered() throws Exception {
    String before = metrics();

    sendOverHttp("counted");
    try (BridgeClient bridge = BridgeClient.connect(node.vertx(), PORT, token)) {
      bridge.request("chat.send", new JsonObject().put("room", room).put("text", "counted too").put("clientMsgId", UUID.randomUUID().toString()))
          .await(10, TimeUnit.SECONDS);
    }

    String after = metrics();
    assertThat(value(after, "confab_messages_stored_total") - value(before, "confab_messages_stored_total")).isEqualTo(2);
    assertThat(value(after, "confab_messages_delivered_total") - value(before, "confab_messages_delivered_total"))
        .as("a notes-to-self room has one member").isEqualTo(2);
  }

  @Test
  @DisplayName("A repeated send (same clientMsgId) is not counted as stored again")
  void aRepeatedSendIsNotCountedAgain() throws Exception {
    String clientMsgId = UUID.randomUUID().toString();
    JsonObject message = new JsonObject().put("text", "once").put("clientMsgId", clientMsgId);
    assertThat(post("/api/v1/rooms/" + room + "/messages", token, message).statusCode()).isEqualTo(201);
    String before = metrics();

    assertThat(post("/api/v1/rooms/" + room + "/messages", token, message).statusCode()).isEqualTo(200);

    assertThat(value(metrics(), "confab_messages_stored_total")).isEqualTo(value(before, "confab_messages_stored_total"));
  }

  @Test
  @DisplayName("A bridge socket is counted while it is open, and no more once it closed")
  void bridgeSocketsAreCountedWhileOpen() throws Exception {
    double before = value(metrics(), "confab_bridge_sockets");
    BridgeClient bridge = BridgeClient.connect(node.vertx(), PORT, token);
    // A socket counts once its first frame proved its user.
    bridge.request("chat.history", new JsonObject().put("room", room)).await(10, TimeUnit.SECONDS);

    assertThat(value(metrics(), "confab_bridge_sockets")).isEqualTo(before + 1);

    bridge.close();
    assertThat(eventually("confab_bridge_sockets", v -> v == before)).isEqualTo(before);
  }

  @Test
  @DisplayName("HTTP API requests to the verticles are timed by address and outcome")
  void apiRequestsAreTimedByAddressAndOutcome() throws Exception {
    String ok = "confab_bus_request_seconds_count{address=\"chat.send\",outcome=\"ok\"";
    String refused = "confab_bus_request_seconds_count{address=\"chat.send\",outcome=\"refused\"";
    String before = metrics();

    sendOverHttp("timed");
    assertThat(post("/api/v1/rooms/" + room + "/messages", token, new JsonObject().put("clientMsgId", "no text")).statusCode())
        .isEqualTo(400);

    String after = metrics();
    assertThat(value(after, ok) - value(before, ok)).isEqualTo(1);
    assertThat(value(after, refused) - value(before, refused)).isEqualTo(1);
    assertThat(value(after, "confab_bus_request_seconds_sum{address=\"chat.send\",outcome=\"ok\"")).isPositive();
  }

  @Test
  @DisplayName("Mail jobs the broker has not confirmed show as the outbox depth")
  void unconfirmedMailJobsShowAsTheOutboxDepth() throws Exception {
    assertThat(eventually("confab_mail_outbox_depth", v -> v >= 1))
        .as("the verification mail, kept while the broker is unreachable").isGreaterThanOrEqualTo(1);
  }

  private static void sendOverHttp(String text) throws Exception {
    assertThat(post("/api/v1/rooms/" + room + "/messages", token,
        new JsonObject().put("text", text).put("clientMsgId", UUID.randomUUID().toString())).statusCode()).isEqualTo(201);
  }

  /** The verification code in the job the email verticle kept in its outbox for {@code email}. */
  private static String codeInOutbox(String email) {
    MongoClient store = MongoClient.create(node.vertx(), StoreConfig.mongo(MONGO.deploymentConfig()));
    try {
      JsonObject kept = Eventually.value(() -> store.findOne("mail_outbox", new JsonObject().put("job.to", email), null).await(),
          Duration.ofSeconds(10), "the verification mail, kept in the outbox");
      return kept.getJsonObject("job").getJsonObject("vars").getString("code");
    } finally {
      store.close().await();
    }
  }

  /** The value of the series that starts with {@code series} (a name, or a name and its first labels); 0 if absent. */
  private static double value(String metrics, String series) {
    return metrics.lines()
        .filter(line -> line.startsWith(series) && line.length() > series.length() && " {,}".indexOf(line.charAt(series.length())) >= 0)
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static double eventually(String series, DoublePredicate wanted) {
    return Eventually.value(() -> {
      double value = value(metrics(), series);
      return wanted.test(value) ? value : null;
    }, Duration.ofSeconds(10), series + " as wanted");
  }

  private static String metrics() throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static HttpResponse<String> post(String path, String bearer, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
