package io.confab.workers.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** A real SMTP server (GreenMail) on a free loopback port, and what a test reads of the mails it got. */
public final class TestSmtp implements AutoCloseable {

  private final int port = FreePorts.next();
  private final GreenMail greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  public TestSmtp() {
    greenMail.start();
  }

  /** The worker's SMTP options for this server (plain SMTP, no login). */
  public JsonObject workerConfig() {
    return new JsonObject()
        .put(ConfigKeys.SMTP_HOST, "127.0.0.1")
        .put(ConfigKeys.SMTP_PORT, port)
        .put(ConfigKeys.SMTP_STARTTLS, "disabled");
  }

  /** A recipient no other test uses. */
  public static String uniqueAddress() {
    return "u" + UUID.randomUUID().toString().replace("-", "") + "@example.com";
  }

  public List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(greenMail.getReceivedMessages()).filter(mail -> isFor(mail, address)).toList();
  }

  /** Waits until {@code count} mails to {@code address} arrived; returns them (fewer if the time ran out). */
  public List<MimeMessage> awaitMailsTo(String address, int count, Duration timeout) {
    Eventually.holds(() -> mailsTo(address).size() >= count, timeout);
    return mailsTo(address);
  }

  /** The decoded text of the mail's part of that type ({@code text/plain}, {@code text/html}), or null. */
  public static String part(MimeMessage mail, String type) throws MessagingException, IOException {
    return find(mail, type);
  }

  private static String find(Part part, String type) throws MessagingException, IOException {
    if (part.isMimeType(type)) {
      return String.valueOf(part.getContent());
    }
    if (part.isMimeType("multipart/*")) {
      Multipart multipart = (Multipart) part.getContent();
      for (int i = 0; i < multipart.getCount(); i++) {
        BodyPart child = multipart.getBodyPart(i);
        String found = find(child, type);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private static boolean isFor(MimeMessage mail, String address) {
    try {
      Address[] recipients = mail.getAllRecipients();
      return recipients != null && Arrays.stream(recipients)
          .anyMatch(r -> r.toString().toLowerCase(Locale.ROOT).contains(address.toLowerCase(Locale.ROOT)));
    } catch (MessagingException e) {
      return false;
    }
  }

  @Override
  public void close() {
    greenMail.stop();
  }
}
