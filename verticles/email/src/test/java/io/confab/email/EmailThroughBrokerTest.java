package io.confab.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.messaging.ConfirmedPublisher;
import io.confab.messaging.TcpProxy;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.confab.testing.LogEvents;
import io.confab.workers.mail.TestSmtp;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With a broker: email verticle → outbox → confab.mail → worker → SMTP, on the real RabbitMQ. */
class EmailThroughBrokerTest extends EmailTestBase {

  private LogEvents logs;

  @BeforeEach
  void requireBroker() {
    LocalServices.requireRabbitMq();
    logs = LogEvents.of(EmailVerticle.class);
  }

  @AfterEach
  void stopListening() {
    logs.close();
  }

  @Test
  @DisplayName("A job published by the email verticle reaches SMTP through RabbitMQ and the worker, in Spanish")
  void aJobReachesSmtpThroughRabbitMqInSpanish() throws Exception {
    deploy(EmailVerticle::new, brokerConfig(LocalServices.AMQP_URI));
    deployBrokerWorker();
    String to = TestSmtp.uniqueAddress();

    String id = send(verifyEmail(to, "es", "482913")).getString("id");

    List<MimeMessage> mails = smtp.awaitMailsTo(to, 1, Duration.ofSeconds(15));
    assertThat(mails).hasSize(1);
    MimeMessage mail = mails.get(0);
    assertThat(mail.getSubject()).isEqualTo("Tu código de verificación de Confab");
    assertThat(TestSmtp.part(mail, "text/plain")).contains("Hola Ana:").contains("Tu código de verificación de Confab es: 482913");
    assertThat(TestSmtp.part(mail, "text/html")).contains("<html lang=\"es\">").contains("482913");
    Eventually.until(() -> inOutbox(id) == 0, Duration.ofSeconds(5), "the confirmed job left the outbox");
  }

  @Test
  @DisplayName("While the broker is down a job is kept in the outbox, and it is sent once the broker is back")
  void aJobIsKeptWhileTheBrokerIsDownAndSentWhenItIsBack() throws Exception {
    TcpProxy broker = TcpProxy.rabbitMq(vertx);
    deploy(EmailVerticle::new, brokerConfig(broker.amqpUri()));
    deployBrokerWorker();
    String before = TestSmtp.uniqueAddress();
    send(verifyEmail(before, "en", "100001"));
    assertThat(smtp.awaitMailsTo(before, 1, Duration.ofSeconds(15))).as("the path works before the outage").hasSize(1);

    broker.down().await();
    String to = TestSmtp.uniqueAddress();
    String id = send(verifyEmail(to, "en", "200002")).getString("id");

    // Answered once its publish failed: the job never reached the broker, so no worker can have it.
    assertThat(keptBecause(id)).as("its publish failed").isNotNull();
    assertThat(inOutbox(id)).as("accepted and kept").isEqualTo(1);
    assertThat(smtp.mailsTo(to)).as("nothing reaches the worker while the broker is away").isEmpty();

    broker.up().await();

    List<MimeMessage> mails = smtp.awaitMailsTo(to, 1, Duration.ofSeconds(15));
    assertThat(mails).hasSize(1);
    assertThat(TestSmtp.part(mails.get(0), "text/plain")).contains("200002");
    Eventually.until(() -> inOutbox(id) == 0, Duration.ofSeconds(5), "the confirmed job left the outbox");
  }

  @Test
  @DisplayName("With a broker that stops confirming, email.send answers at once once the breaker is open, and the kept jobs are sent when it confirms again")
  void aBrokerThatStopsConfirmingOpensTheBreakerAndTheJobsAreSentLater() throws Exception {
    long confirmTimeoutMs = 2_000;
    TcpProxy broker = TcpProxy.rabbitMq(vertx);
    deploy(EmailVerticle::new, brokerConfig(broker.amqpUri())
        .put(ConfirmedPublisher.CONFIRM_TIMEOUT_MS, confirmTimeoutMs)
        // Open long enough for the send after the failures to meet it open (a half-open breaker would try the broker).
        .put(ConfirmedPublisher.BREAKER_RESET_MS, 2_000));
    deployBrokerWorker();
    broker.stall();

    List<String> stalled = IntStream.range(0, ConfirmedPublisher.BREAKER_MAX_FAILURES).mapToObj(i -> TestSmtp.uniqueAddress()).toList();
    List<Future<JsonObject>> waiting = stalled.stream()
        .map(to -> vertx.eventBus().<JsonObject>request(Addresses.EMAIL_SEND, verifyEmail(to, "en", "300003")).map(Message::body))
        .toList();
    Future.all(waiting).await();
    String to = TestSmtp.uniqueAddress();
    String id = send(verifyEmail(to, "en", "400004")).getString("id");

    assertThat(keptBecause(id)).as("refused by the open breaker, so answered without waiting for a confirm")
        .isEqualTo(OpenCircuitException.INSTANCE.getMessage());
    assertThat(inOutbox(id)).as("accepted and kept").isEqualTo(1);

    broker.resume();

    for (String address : stalled) {
      assertThat(smtp.awaitMailsTo(address, 1, Duration.ofSeconds(20))).hasSize(1);
    }
    assertThat(smtp.awaitMailsTo(to, 1, Duration.ofSeconds(20))).hasSize(1);
    Eventually.until(() -> inOutbox(id) == 0, Duration.ofSeconds(5), "the confirmed job left the outbox");
  }

  /** The error that kept the job {@code id} in the outbox, as its mail.outbox.kept line says. */
  private String keptBecause(String id) {
    return logs.first("mail.outbox.kept", "id", id).map(fields -> fields.get("error")).orElse(null);
  }
}
