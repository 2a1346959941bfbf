package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole account lifecycle as production runs it: a node with a broker, the external mail worker
 * (its own Vert.x, as its own deployable runs), RabbitMQ, Redis, the Mongo wire server and SMTP.
 */
class AccountLifecycleTest {

  private static final String PASSWORD = "Vx7!qLm2#pZr9w";

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  private final HttpClient http = HttpClient.newHttpClient();
  private final TestMongo mongo = new TestMongo();
  private Node node;
  private Vertx worker;

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() {
    if (worker != null) {
      worker.close().await();
    }
    if (node != null) {
      node.stop();
    }
    mongo.close();
  }

  @Test
  @DisplayName("register, the mail arrives by SMTP through RabbitMQ and the worker, verify, login, refresh, logout")
  void theWholeLifecycle() throws Exception {
    LocalServices.requireRabbitMq();
    int port = FreePorts.next();
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "auth,email,bridge")
        .put(HTTP_PORT, port)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(AMQP_URI, LocalServices.AMQP_URI)
        .put(DATA_DIR, dataDir.toString())));
    worker = Vertx.vertx();
    worker.deployVerticle(new MailWorkerVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put(AMQP_URI, LocalServices.AMQP_URI)
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(SMTP_HOST, "127.0.0.1")
        .put(SMTP_PORT, SMTP.getSmtp().getPort())
        .put(SMTP_STARTTLS, "disabled"))).await();
    String api = "http://127.0.0.1:" + port + "/api/v1";
    String email = "life" + System.nanoTime() + "@example.org";

    assertThat(post(api + "/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", "Lucía").put("language", "es")).statusCode()).isEqualTo(201);
    MimeMessage mail = awaitMail(email);
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(GreenMailUtil.getBody(mail));
    assertThat(code.find()).isTrue();

    assertThat(post(api + "/auth/verify", null, new JsonObject().put("email", email).put("code", code.group(1))).statusCode()).isEqualTo(204);
    JsonObject login = new JsonObject(post(api + "/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).body());
    JsonObject refreshed = new JsonObject(post(api + "/auth/refresh", null,
        new JsonObject().put("refreshToken", login.getString("refreshToken"))).body());
    assertThat(refreshed.getString("accessToken")).isNotBlank();
    assertThat(post(api + "/auth/logout", refreshed.getString("accessToken"),
        new JsonObject().put("refreshToken", refreshed.getString("refreshToken"))).statusCode()).isEqualTo(204);
    assertThat(post(api + "/auth/refresh", null, new JsonObject().put("refreshToken", refreshed.getString("refreshToken"))).statusCode())
        .isEqualTo(401);
  }

  private MimeMessage awaitMail(String to) throws Exception {
    MimeMessage[] received = Eventually.value(() -> {
      MimeMessage[] found = SMTP.getReceivedMessagesForDomain(to);
      return found.length > 0 ? found : null;
    }, Duration.ofSeconds(30), "a mail to " + to);
    assertThat(received).hasSize(1);
    assertThat(Arrays.stream(received[0].getAllRecipients()).map(Object::toString)).containsExactly(to);
    return received[0];
  }

  private HttpResponse<String> post(String url, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
