package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.confab.contract.ConfigKeys;
import io.confab.email.EmailVerticle;
import io.confab.testing.BridgeClient;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.workers.mail.MailWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Missed-messages mail through the real mail path: the email verticle, the mail worker, SMTP. */
class MissedMailTest extends ChatTestBase {

  private static final long DELAY_MS = 800;

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.MISSED_MAIL_DELAY_MS, DELAY_MS).put(ChatVerticle.MISSED_MAIL_SCAN_MS, 100);
  }

  @BeforeEach
  void mailPath() {
    JsonObject mail = mongo.deploymentConfig()
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI)
        .put(ConfigKeys.SMTP_HOST, "127.0.0.1")
        .put(ConfigKeys.SMTP_PORT, SMTP.getSmtp().getPort())
        .put(ConfigKeys.SMTP_STARTTLS, "disabled");
    vertx.deployVerticle(new EmailVerticle(), new DeploymentOptions().setConfig(mail)).await();
    vertx.deployVerticle(new MailWorkerVerticle(), new DeploymentOptions().setConfig(mail)).await();
  }

  @Test
  @DisplayName("an offline member gets one missed-messages mail per room with the first unread messages")
  void anOfflineMemberGetsOneMail() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "are you there?");
    send(ana, room, "call me back");

    MimeMessage mail = awaitMail(ben);
    String body = GreenMailUtil.getBody(mail);
    assertThat(body).contains("are you there?", "call me back");
    Thread.sleep(3 * DELAY_MS);
    assertThat(SMTP.getReceivedMessagesForDomain(ben.id() + "@example.org")).as("one mail per room and period").hasSize(1);
  }

  @Test
  @DisplayName("a member with an open connection gets no mail")
  void anOnlineMemberGetsNone() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = BridgeClient.connect(vertx, port, ben.token())) {
      bens.register("user." + ben.id());
      awaitOnline(ana, ben);
      send(ana, room, "you are online");
      Thread.sleep(4 * DELAY_MS);
      assertThat(SMTP.getReceivedMessagesForDomain(ben.id() + "@example.org")).isEmpty();
    }
  }

  @Test
  @DisplayName("a member who read the messages before the delay gets no mail")
  void aReaderGetsNone() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    long seq = send(ana, room, "read me soon").getLong("seq");
    post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", seq));
    Thread.sleep(4 * DELAY_MS);
    assertThat(SMTP.getReceivedMessagesForDomain(ben.id() + "@example.org")).isEmpty();
  }

  private MimeMessage awaitMail(User user) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < deadline) {
      MimeMessage[] received = SMTP.getReceivedMessagesForDomain(user.id() + "@example.org");
      if (received.length > 0) {
        return received[0];
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no missed-messages mail for " + user.name());
  }

  /** Asked by {@code asker}, who shares a room with {@code user}: presence is told only to them. */
  private void awaitOnline(User asker, User user) throws Exception {
    try (BridgeClient probe = BridgeClient.connect(vertx, port, asker.token())) {
      long deadline = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < deadline) {
        JsonObject reply = probe.request("presence.query", new JsonObject().put("users", new io.vertx.core.json.JsonArray().add(user.id())))
            .toCompletionStage().toCompletableFuture().get();
        if ("online".equals(reply.getJsonObject("body").getString(user.id()))) {
          return;
        }
        Thread.sleep(50);
      }
    }
    throw new AssertionError(user.name() + " never came online");
  }
}
