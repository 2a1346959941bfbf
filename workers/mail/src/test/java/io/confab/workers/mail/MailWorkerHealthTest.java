package io.confab.workers.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.messaging.TcpProxy;
import io.confab.messaging.WorkerHealth;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The standalone worker's probes (what Kubernetes asks), with the real broker behind a proxy the test cuts. */
@ExtendWith(VertxExtension.class)
class MailWorkerHealthTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private TestSmtp smtp;
  private TcpProxy broker;
  private int port;

  @BeforeEach
  void aWorkerWithItsProbes(Vertx vertx) {
    LocalServices.requireRabbitMq();
    LocalServices.requireRedis();
    smtp = new TestSmtp();
    broker = TcpProxy.rabbitMq(vertx);
    MailWorkerVerticle worker = new MailWorkerVerticle();
    vertx.deployVerticle(worker, new DeploymentOptions().setConfig(new JsonObject()
        .put(ConfigKeys.AMQP_URI, broker.amqpUri())
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI)
        .put(MailWorkerVerticle.AMQP_RECONNECT_MS, 200)
        .mergeIn(smtp.workerConfig()))).await();
    port = WorkerHealth.start(vertx, 0, worker).await().actualPort();
  }

  @AfterEach
  void stop() {
    broker.down().await();
    smtp.close();
  }

  @Test
  @DisplayName("Ready is 200 with amqp UP while the worker consumes, 503 with amqp DOWN once the broker is gone, and 200 again when it is back")
  void readinessFollowsTheBroker() throws Exception {
    assertThat(await("/health/ready", 200).body()).contains(amqp("UP"));

    broker.down().await();
    assertThat(await("/health/ready", 503).body()).contains(amqp("DOWN"));

    broker.up().await();
    assertThat(await("/health/ready", 200).body()).contains(amqp("UP"));
  }

  @Test
  @DisplayName("Live is 200 even while the broker is gone: a restart would not bring it back")
  void livenessDoesNotDependOnTheBroker() throws Exception {
    broker.down().await();
    await("/health/ready", 503);

    assertThat(get("/health/live").statusCode()).isEqualTo(200);
  }

  private static String amqp(String status) {
    return new JsonArray().add(new JsonObject().put("id", WorkerHealth.AMQP_CHECK).put("status", status)).encode();
  }

  /** Asks until {@code path} answers {@code status}, for at most 15 s; the last answer. */
  private HttpResponse<String> await(String path, int status) throws Exception {
    return Eventually.value(() -> {
      HttpResponse<String> response = get(path);
      return response.statusCode() == status ? response : null;
    }, Duration.ofSeconds(15), path + " answering " + status);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
