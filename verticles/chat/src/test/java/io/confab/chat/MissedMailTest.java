package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.confab.contract.ConfigKeys;
import io.confab.testing.BridgeClient;
import io.confab.testing.ConfabApi;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.LogEvents;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Missed-messages mail through the real mail path: the email verticle, the mail worker, SMTP. */
class MissedMailTest extends ChatTestBase {

  private static final long DELAY_MS = 800;
  private static final Duration WAIT = Duration.ofSeconds(5);

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  private RedisAPI redis;
  private LogEvents missed;

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.MISSED_MAIL_DELAY_MS, DELAY_MS).put(ChatVerticle.MISSED_MAIL_SCAN_MS, 100);
  }

  /** The node's mail path delivers by SMTP, to GreenMail: the sign-up codes as well as the missed messages. */
  @Override
  protected JsonObject mailConfig(JsonObject base) {
    return base.put(ConfigKeys.SMTP_HOST, "127.0.0.1")
        .put(ConfigKeys.SMTP_PORT, SMTP.getSmtp().getPort())
        .put(ConfigKeys.SMTP_STARTTLS, "disabled");
  }

  @Override
  protected String mailedCode(String email) {
    return Eventually.value(() -> {
      for (MimeMessage mail : SMTP.getReceivedMessagesForDomain(email)) {
        if (mail.getSubject().contains("verification code")) {
          return ConfabApi.codeIn(GreenMailUtil.getBody(mail));
        }
      }
      return null;
    }, WAIT, "a mail with a code to " + email);
  }

  @BeforeEach
  void listen() {
    redis = RedisAPI.api(Redis.createClient(vertx, LocalServices.REDIS_URI));
    missed = LogEvents.of(MissedMail.class);
  }

  @AfterEach
  void stopListening() {
    missed.close();
  }

  @Test
  @DisplayName("an offline member gets one missed-messages mail per room with the first unread messages")
  void anOfflineMemberGetsOneMail() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "are you there?");
    send(ana, room, "call me back");

    awaitMailed(ben);
    MimeMessage mail = awaitMail(ben);
    String body = GreenMailUtil.getBody(mail);
    assertThat(body).contains("are you there?", "call me back");
    // A mail goes out only for a due entry, claimed once: with none left for Ben, no second mail can come.
    assertThat(scheduled(room, ben)).as("one mail per room and period").isFalse();
    assertThat(missedMails(ben)).hasSize(1);
  }

  @Test
  @DisplayName("a mentioned member who is offline gets the missed-messages mail with the mention, as for a direct message")
  void aMentionedOfflineMemberGetsTheMail() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    HttpResponse<Buffer> sent = post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "@Ben please look")
        .put("clientMsgId", "c-mention").put("mentions", new io.vertx.core.json.JsonArray().add(ben.id())));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);

    awaitMailed(ben);
    assertThat(GreenMailUtil.getBody(awaitMail(ben))).contains("@Ben please look");
    awaitMailed(cy);
  }

  @Test
  @DisplayName("a message written in Markdown reads as plain text in both parts of the mail: no stars, the link's text and URL")
  void markdownReadsAsTextInTheMail() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "**Release** today, notes in [the guide](https://example.org/guide)");

    awaitMailed(ben);
    MimeMessage mail = awaitMail(ben);
    String readable = "Release today, notes in \"the guide\" (https://example.org/guide)";
    assertThat(part(mail, "text/plain")).contains("Ana: " + readable).doesNotContain("**");
    assertThat(part(mail, "text/html")).contains(readable.replace("\"", "&quot;")).doesNotContain("**");
  }

  @Test
  @DisplayName("a member with an open connection is never scheduled for a mail, while an offline one is")
  void anOnlineMemberGetsNone() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    try (BridgeClient bens = connect(ben.token())) {
      bens.register("user." + ben.id());
      awaitOnline(ana, ben);
      send(ana, room, "you are online");
      // Both are weighed in one Redis script: once offline Cy is scheduled, Ben was passed over.
      Eventually.until(() -> scheduled(room, cy), WAIT, "Cy scheduled");
      assertThat(scheduled(room, ben)).isFalse();
      awaitMailed(cy);
      assertThat(missedMails(ben)).isEmpty();
    }
  }

  @Test
  @DisplayName("a member who read the messages before the delay gets no mail")
  void aReaderGetsNone() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    long seq = send(ana, room, "read me soon").getLong("seq");
    post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", seq));
    // The barrier: Cy, due at the same time and unread, is mailed in the same pass that finds Ben's read.
    awaitMailed(cy);
    Eventually.until(() -> !scheduled(room, ben), WAIT, "Ben's entry taken");
    assertThat(missedMails(ben)).isEmpty();
  }

  @Test
  @DisplayName("a member who sent a message after the others' before the delay gets no mail: their own message reads what came before")
  void aMemberWhoSentSinceGetsNone() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    send(ana, room, "anyone?");
    send(ben, room, "here");
    // The barrier: Cy, due at the same time and unread, is mailed in the same pass that finds Ben's reply.
    awaitMailed(cy);
    Eventually.until(() -> !scheduled(room, ben), WAIT, "Ben's entry taken");
    assertThat(missedMails(ben)).isEmpty();
    awaitMailed(ana);
  }

  /** The mail's part of that type, decoded. */
  private static String part(MimeMessage mail, String type) throws Exception {
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    for (int i = 0; i < parts.getCount(); i++) {
      if (parts.getBodyPart(i).isMimeType(type)) {
        return (String) parts.getBodyPart(i).getContent();
      }
    }
    throw new AssertionError("no " + type + " part");
  }

  private MimeMessage awaitMail(User user) {
    return Eventually.value(() -> missedMails(user).stream().findFirst().orElse(null), Duration.ofSeconds(15),
        "a missed-messages mail for " + user.name());
  }

  /** The missed-messages mails {@code user} received (their sign-up code came by mail too). */
  private static List<MimeMessage> missedMails(User user) throws MessagingException {
    List<MimeMessage> missed = new ArrayList<>();
    for (MimeMessage mail : SMTP.getReceivedMessagesForDomain(user.email())) {
      if (mail.getSubject().startsWith("New messages in ")) {
        missed.add(mail);
      }
    }
    return missed;
  }

  /** Until chat has mailed {@code user} (its mail handed over and recorded), so no mail is in flight as the test ends. */
  private void awaitMailed(User user) {
    Eventually.until(() -> missed.first("chat.missed.mailed", "user", user.id()).isPresent(), Duration.ofSeconds(15),
        "chat mailed " + user.name());
    awaitMail(user);
  }

  /** Whether {@code user} waits in the due set for a mail about {@code room}. */
  private boolean scheduled(String room, User user) {
    return redis.zscore(MissedMail.DUE, room + "|" + user.id()).await() != null;
  }

  /** Asked by {@code asker}, who shares a room with {@code user}: presence is told only to them. */
  private void awaitOnline(User asker, User user) throws Exception {
    try (BridgeClient probe = connect(asker.token())) {
      Eventually.until(() -> "online".equals(probe.request("presence.query", new JsonObject().put("users", new io.vertx.core.json.JsonArray()
          .add(user.id()))).toCompletionStage().toCompletableFuture().get().getJsonObject("body").getString(user.id())), WAIT,
          user.name() + " online");
    }
  }
}
