package io.confab.auth;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import io.confab.bridge.BridgeRoutes;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.edge.EdgeVerticle;
import io.confab.email.EmailVerticle;
import io.confab.testing.ConfabApi;
import io.confab.testing.Eventually;
import io.confab.testing.NodeTestBase;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.threeten.extra.MutableClock;

/**
 * The auth verticle behind a real edge, on the node base's Mongo wire server and local Redis, with the real
 * mail path of a node without a broker (the email verticle, the in-process mail worker, the dev mailbox):
 * tests read the codes where a person would, in the mails.
 */
abstract class AuthTestBase extends NodeTestBase {

  static final String PASSWORD = ConfabApi.PASSWORD;
  static final String OTHER_PASSWORD = "Hb4$kTn8@wQe3y";
  /** Each template's subject, in English and Spanish: how a mail's template is told. */
  private static final Map<String, List<String>> SUBJECTS = Map.of(
      "verify_email", List.of("Your Confab verification code", "Tu código de verificación de Confab"),
      "password_reset", List.of("Reset your Confab password", "Restablece tu contraseña de Confab"));
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

  /** The time TOTP codes are checked at: the start of a step, moved only by a test. */
  protected final MutableClock clock = MutableClock.of(
      Instant.ofEpochSecond(Instant.now().getEpochSecond() / Totp.PERIOD_SECONDS * Totp.PERIOD_SECONDS), ZoneOffset.UTC);

  @Override
  protected void deployNode() {
    DeploymentOptions options = new DeploymentOptions().setConfig(config);
    Future.all(vertx.deployVerticle(EmailVerticle::new, options), vertx.deployVerticle(MailWorkerVerticle::new, options),
        vertx.deployVerticle(DevMailbox::new, options), vertx.deployVerticle(() -> new AuthVerticle(clock), options)).await();
    deploy(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), List.of(new BridgeRoutes())), config, 1);
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
    return Eventually.value(() -> mailsTo(email, template).findFirst().map(AuthTestBase::code).orElse(null), Duration.ofSeconds(5),
        "a " + template + " mail to " + email);
  }

  /** The mails of that template in the dev mailbox of that address, newest first. */
  Stream<JsonObject> mailsTo(String email, String template) {
    return mailsTo(email).stream().filter(mail -> SUBJECTS.get(template).contains(mail.getString("subject")));
  }

  /** Every mail in the dev mailbox of that address, newest first: {@code to, subject, text, html, ts}. */
  List<JsonObject> mailsTo(String email) {
    JsonArray mails = vertx.eventBus().<JsonArray>request(Addresses.DEV_MAIL_LIST, new JsonObject().put("to", email)).await().body();
    return mails.stream().map(JsonObject.class::cast).toList();
  }

  /** The six-digit code in a mail's text. */
  static String code(JsonObject mail) {
    Matcher code = CODE.matcher(mail.getString("text"));
    return code.find() ? code.group(1) : null;
  }

  /** Registers, verifies and signs in a new user: the login answer. */
  JsonObject signedIn(String displayName) {
    return signedIn(newEmail(), displayName);
  }

  JsonObject signedIn(String email, String displayName) {
    return signUp(email, displayName);
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
}
