package io.confab.workers.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Rabbit;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.DeadLetters;
import io.confab.messaging.Topology;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.LogEvents;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker behind the real broker: jobs published to confab.mail, mails to a real SMTP server. */
@ExtendWith(VertxExtension.class)
class MailWorkerBrokerTest {

  private Vertx vertx;
  private TestSmtp smtp;
  private RabbitMQClient publisher;

  @BeforeEach
  void start(Vertx vertx) {
    LocalServices.requireRabbitMq();
    LocalServices.requireRedis();
    this.vertx = vertx;
    smtp = new TestSmtp();
    publisher = RabbitMQClient.create(vertx, AmqpConnection.options(LocalServices.AMQP_URI, "confab-test-publisher"));
    publisher.start().await();
    Topology.declareMail(publisher).await();
  }

  @AfterEach
  void stop() {
    publisher.stop().await();
    smtp.close();
  }

  /** A worker on the real broker and Redis, fast retries; {@code sink} adds the SMTP options. */
  private void deployWorker(JsonObject sink) {
    deployWorkers(sink, 1);
  }

  /** {@code instances} workers, each with its own connection and consumer: competing for the same queue. */
  private void deployWorkers(JsonObject sink, int instances) {
    JsonObject config = new JsonObject()
        .put(ConfigKeys.AMQP_URI, LocalServices.AMQP_URI)
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI)
        .put(MailWorkerVerticle.RETRY_BASE_MS, 20)
        .put(MailWorkerVerticle.RETRY_MAX_MS, 200)
        .put(MailWorkerVerticle.AMQP_RECONNECT_MS, 200)
        .mergeIn(sink);
    vertx.deployVerticle(MailWorkerVerticle::new, new DeploymentOptions().setConfig(config).setInstances(instances)).await();
  }

  private void awaitConsumers(int count) {
    Eventually.until(() -> publisher.queueDeclare(Rabbit.MAIL_QUEUE, true, false, false, Topology.workQueueArguments()).await()
        .getConsumerCount() >= count, Duration.ofSeconds(10), count + " consumers on the mail queue");
  }

  private void publish(String id, JsonObject job) {
    publisher.basicPublish(Rabbit.MAIL_EXCHANGE, Rabbit.MAIL_ROUTING_KEY,
        new AMQP.BasicProperties.Builder().messageId(id).contentType("application/json").deliveryMode(2).build(),
        Buffer.buffer(job.encode())).await();
  }

  private static JsonObject job(String id, String to) {
    return new JsonObject().put("id", id).put("to", to).put("template", "password_reset").put("locale", "en")
        .put("vars", new JsonObject().put("code", "314159"));
  }

  private static String deathReason(RabbitMQMessage deadLetter) {
    return String.valueOf(deadLetter.properties().getHeaders().get("x-first-death-reason"));
  }

  @Test
  @DisplayName("The same mail job delivered twice, at once, to two workers sends one mail")
  void theSameJobDeliveredTwiceSendsOneMail() throws Exception {
    // One job at a time per worker, and both consuming before the copies are published: one copy each.
    deployWorkers(smtp.workerConfig().put(MailWorkerVerticle.PREFETCH, 1), 2);
    awaitConsumers(2);
    String id = UUID.randomUUID().toString();
    String to = TestSmtp.uniqueAddress();

    try (LogEvents deliveries = LogEvents.of(MailDelivery.class)) {
      publish(id, job(id, to));
      publish(id, job(id, to));

      List<MimeMessage> mails = smtp.awaitMailsTo(to, 1, Duration.ofSeconds(10));
      assertThat(mails).hasSize(1);
      assertThat(TestSmtp.part(mails.get(0), "text/plain")).contains("314159");
      // The second copy waits for the first one's outcome, then is skipped: after that, it can send nothing.
      Eventually.until(() -> deliveries.first("mail.duplicate.skipped", "id", id).isPresent(), Duration.ofSeconds(10),
          "the second copy skipped");
      assertThat(smtp.mailsTo(to)).hasSize(1);
    }
  }

  @Test
  @DisplayName("A job that fails five times lands in confab.dead")
  void aJobThatFailsFiveTimesLandsInConfabDead() {
    // An SMTP server that refuses every connection: each delivery fails.
    deployWorker(new JsonObject().put(ConfigKeys.SMTP_HOST, "127.0.0.1").put(ConfigKeys.SMTP_PORT, FreePorts.next())
        .put(ConfigKeys.SMTP_STARTTLS, "disabled"));
    String id = UUID.randomUUID().toString();

    publish(id, job(id, TestSmtp.uniqueAddress()));

    Optional<RabbitMQMessage> dead = DeadLetters.take(vertx, m -> id.equals(m.properties().getMessageId()), Duration.ofSeconds(15));
    assertThat(dead).isPresent();
    assertThat(deathReason(dead.get())).isEqualTo("delivery_limit");
    assertThat(dead.get().body().toJsonObject().getString("id")).isEqualTo(id);
  }

  @Test
  @DisplayName("A job that is not the contract's shape goes straight to confab.dead, unsent")
  void aMalformedJobGoesStraightToConfabDead() {
    deployWorker(smtp.workerConfig());
    String id = UUID.randomUUID().toString();

    publish(id, new JsonObject().put("id", id).put("to", new JsonObject().put("$gt", "")).put("template", "verify_email"));

    Optional<RabbitMQMessage> dead = DeadLetters.take(vertx, m -> id.equals(m.properties().getMessageId()), Duration.ofSeconds(10));
    assertThat(dead).isPresent();
    assertThat(deathReason(dead.get())).isEqualTo("rejected");
  }
}
