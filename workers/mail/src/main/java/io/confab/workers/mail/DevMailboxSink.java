package io.confab.workers.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.Locale;

/** Dev mode's "SMTP server": the mails land in MongoDB, where {@link DevMailbox} lists them. */
final class DevMailboxSink implements MailSink {

  private final MongoClient mongo;

  DevMailboxSink(MongoClient mongo) {
    this.mongo = mongo;
  }

  @Override
  public Future<Void> send(RenderedMail mail) {
    return mongo.insert(DevMailbox.COLLECTION, new JsonObject()
            .put("to", mail.to().toLowerCase(Locale.ROOT))
            .put("subject", mail.subject())
            .put("text", mail.text())
            .put("html", mail.html())
            .put("ts", System.currentTimeMillis()))
        .mapEmpty();
  }

  @Override
  public String name() {
    return "dev-mailbox";
  }

  @Override
  public Future<Void> close() {
    return mongo.close();
  }
}
