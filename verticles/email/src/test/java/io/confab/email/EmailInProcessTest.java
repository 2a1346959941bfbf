package io.confab.email;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.confab.workers.mail.DevMailbox;
import io.confab.workers.mail.MailWorkerVerticle;
import io.confab.workers.mail.TestSmtp;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** No broker: the email verticle, the in-process mail worker and the dev mailbox, as the one-JVM node runs them. */
class EmailInProcessTest extends EmailTestBase {

  @Test
  @DisplayName("Without a broker, email.send lands in the dev mailbox, which lists it newest first")
  void withoutABrokerMailLandsInTheDevMailboxNewestFirst() throws Exception {
    deploy(EmailVerticle::new, inProcessConfig());
    deploy(MailWorkerVerticle::new, inProcessConfig());
    deploy(DevMailbox::new, inProcessConfig());
    String to = TestSmtp.uniqueAddress();

    String first = send(verifyEmail(to, "en", "111111")).getString("id");
    // Listed newest first by their time in milliseconds: the second is sent once the clock has passed the first's.
    long firstAt = vertx.eventBus().<JsonArray>request(Addresses.DEV_MAIL_LIST, new JsonObject().put("to", to)).await().body()
        .getJsonObject(0).getLong("ts");
    Eventually.until(() -> System.currentTimeMillis() > firstAt, Duration.ofSeconds(5), "the clock past the first mail's time");
    String second = send(new JsonObject().put("to", to.toUpperCase(Locale.ROOT)).put("template", "password_reset")
        .put("locale", "es").put("vars", new JsonObject().put("code", "222222"))).getString("id");

    // The answer comes once the in-process worker delivered: no waiting needed.
    JsonArray mails = vertx.eventBus().<JsonArray>request(Addresses.DEV_MAIL_LIST, new JsonObject().put("to", to)).await().body();
    assertThat(first).isNotEqualTo(second);
    assertThat(mails).hasSize(2);
    JsonObject newest = mails.getJsonObject(0);
    assertThat(newest.fieldNames()).containsExactlyInAnyOrder("to", "subject", "text", "html", "ts");
    assertThat(newest.getString("to")).isEqualTo(to);
    assertThat(newest.getString("subject")).isEqualTo("Restablece tu contraseña de Confab");
    assertThat(newest.getString("text")).contains("222222");
    assertThat(newest.getString("html")).contains("222222");
    assertThat(mails.getJsonObject(1).getString("subject")).isEqualTo("Your Confab verification code");
    assertThat(mails.getJsonObject(1).getString("text")).contains("111111");
  }

  @Test
  @DisplayName("Undeploying the email verticle stops taking email.send at once and answers the send in flight first")
  void stoppingAnswersTheSendInFlight() throws Exception {
    CompletableFuture<Message<Object>> heldJob = new CompletableFuture<>();
    // The first job is held in flight; any later one (a send racing the unregistration) is taken at once.
    vertx.eventBus().consumer(Addresses.MAIL_JOBS, job -> {
      if (!heldJob.complete(job)) {
        job.reply(new JsonObject());
      }
    }).completion().await();
    String deployment = vertx.deployVerticle(EmailVerticle::new, new DeploymentOptions().setConfig(inProcessConfig())).await();

    Future<JsonObject> inFlight = vertx.eventBus().<JsonObject>request(Addresses.EMAIL_SEND, verifyEmail(TestSmtp.uniqueAddress(), "en", "1"))
        .map(Message::body);
    Message<Object> job = heldJob.join();
    Future<Void> undeployed = vertx.undeploy(deployment);
    assertThat(failureOfSendsUntilRefused()).isEqualTo(ReplyFailure.NO_HANDLERS);
    assertThat(undeployed.isComplete()).as("still waiting for the send in flight").isFalse();

    job.reply(new JsonObject());

    assertThat(inFlight.await().getString("id")).isEqualTo(((JsonObject) job.body()).getString("id"));
    undeployed.await();
  }

  /** Sends until one finds no handler; a send racing the unregistration may be discarded (TIMEOUT). */
  private ReplyFailure failureOfSendsUntilRefused() {
    return Eventually.value(() -> {
      Throwable cause = vertx.eventBus().request(Addresses.EMAIL_SEND, verifyEmail(TestSmtp.uniqueAddress(), "en", "2"),
          new DeliveryOptions().setSendTimeout(1_000)).transform(Future::succeededFuture).await().cause();
      return cause instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS ? e.failureType() : null;
    }, Duration.ofSeconds(5), "a send refused for want of a handler");
  }
}
