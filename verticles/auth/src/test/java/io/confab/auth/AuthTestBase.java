package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.confab.base.Codecs;
import io.confab.bridge.BridgeRoutes;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.edge.EdgeVerticle;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.confab.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.threeten.extra.MutableClock;

/**
 * The auth verticle behind a real edge, on the Mongo wire server and the local Redis. Mails are read
 * where the auth verticle hands them over: a consumer on {@code email.send} records each job.
 */
abstract class AuthTestBase {

  static final String PASSWORD = "Vx7!qLm2#pZr9w";
  static final String OTHER_PASSWORD = "Hb4$kTn8@wQe3y";

  protected Vertx vertx;
  protected WebClient http;
  protected int port;
  protected final TestMongo mongo = new TestMongo();
  protected final List<JsonObject> mails = new CopyOnWriteArrayList<>();
  /** What the auth verticle and the edge were deployed with. */
  protected JsonObject config;
  /** The time TOTP codes are checked at: the start of a step, moved only by a test. */
  protected final MutableClock clock = MutableClock.of(
      Instant.ofEpochSecond(Instant.now().getEpochSecond() / Totp.PERIOD_SECONDS * Totp.PERIOD_SECONDS), ZoneOffset.UTC);

  @BeforeEach
  void start() {
    LocalServices.requireRedis();
    vertx = Vertx.vertx();
    Codecs.register(vertx);
    port = FreePorts.next();
    config = configure(mongo.deploymentConfig()
        .mergeIn(TestTokens.edgeConfig())
        .put(ConfigKeys.JWT_PRIVATE_PEM, TestTokens.KEYS.privatePem())
        .put(ConfigKeys.HTTP_HOST, "127.0.0.1")
        .put(ConfigKeys.HTTP_PORT, port));
    vertx.eventBus().<JsonObject>consumer(Addresses.EMAIL_SEND, job -> {
      mails.add(job.body());
      job.reply(new JsonObject().put("id", UUID.randomUUID().toString()));
    });
    vertx.deployVerticle(new AuthVerticle(clock), new DeploymentOptions().setConfig(config)).await();
    vertx.deployVerticle(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), List.of(new BridgeRoutes())),
        new DeploymentOptions().setConfig(config)).await();
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  /** A test class's changes to the deployment config (by default: the test key files' pair). */
  protected JsonObject configure(JsonObject config) {
    return config;
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    mongo.close();
  }

  /** A fresh address per test: Redis is shared and keeps its throttles between runs. */
  static String newEmail() {
    return "u" + UUID.randomUUID().toString().substring(0, 12) + "@example.org";
  }

  HttpResponse<Buffer> post(String path, JsonObject body) {
    return http.post("/api/v1" + path).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> post(String path, String accessToken, JsonObject body) {
    return http.post("/api/v1" + path).putHeader("Authorization", "Bearer " + accessToken).sendJsonObject(body).await();
  }

  HttpResponse<Buffer> get(String path, String accessToken) {
    return http.get("/api/v1" + path).putHeader("Authorization", "Bearer " + accessToken).send().await();
  }

  HttpResponse<Buffer> register(String email, String password, String displayName) {
    return post("/auth/register", new JsonObject().put("email", email).put("password", password).put("displayName", displayName));
  }

  /** The code of the newest mail of that template sent to that address (resend and forgot mail after answering). */
  String lastCode(String email, String template) {
    if (!Eventually.holds(() -> mailsTo(email, template).findAny().isPresent(), Duration.ofSeconds(5))) {
      throw new AssertionError("no " + template + " mail to " + email + " in " + mails);
    }
    return mailsTo(email, template).reduce((first, second) -> second).orElseThrow().getJsonObject("vars").getString("code");
  }

  java.util.stream.Stream<JsonObject> mailsTo(String email, String template) {
    return mails.stream().filter(mail -> email.equals(mail.getString("to")) && template.equals(mail.getString("template")));
  }

  /** Registers, verifies and signs in a new user: the login answer. */
  JsonObject signedIn(String displayName) {
    return signedIn(newEmail(), displayName);
  }

  JsonObject signedIn(String email, String displayName) {
    assertThat(register(email, PASSWORD, displayName).statusCode()).isEqualTo(201);
    assertThat(post("/auth/verify", new JsonObject().put("email", email).put("code", lastCode(email, "verify_email"))).statusCode()).isEqualTo(204);
    HttpResponse<Buffer> login = login(email, PASSWORD, null);
    assertThat(login.statusCode()).as(login.bodyAsString()).isEqualTo(200);
    return login.bodyAsJsonObject();
  }

  HttpResponse<Buffer> login(String email, String password, String totp) {
    JsonObject body = new JsonObject().put("email", email).put("password", password);
    if (totp != null) {
      body.put("totp", totp);
    }
    return post("/auth/login", body);
  }

  String totpNow(String secret) throws Exception {
    return totpAt(secret, 0);
  }

  /** The code {@code steps} 30-second steps from the test's time. */
  String totpAt(String secret, int steps) throws Exception {
    return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, clock.instant().getEpochSecond() / Totp.PERIOD_SECONDS + steps);
  }

  /** Moves the test's time on by {@code steps} TOTP steps. */
  void advanceTotp(int steps) {
    clock.add(Duration.ofSeconds((long) steps * Totp.PERIOD_SECONDS));
  }

  /** No key files: auth generates its keys and shares them through MongoDB, as a node started without any. */
  static JsonObject withoutKeyFiles(JsonObject config) {
    config.remove(ConfigKeys.JWT_PUBLIC_PEM);
    config.remove(ConfigKeys.JWT_PRIVATE_PEM);
    return config;
  }

  /** The {@code kid} in an access token's header. */
  static String kid(String token) {
    return new JsonObject(Buffer.buffer(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))))).getString("kid");
  }

  static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(code);
  }
}
