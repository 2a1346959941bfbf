package io.confab.workers.mail;

import io.confab.contract.ConfigKeys;
import io.confab.messaging.WorkerMain;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The standalone mail worker: {@code java -jar workers/mail/target/confab-mail-worker.jar --amqp-uri URI
 * [--redis-uri URI] [--smtp-host HOST --smtp-port N --smtp-username U --smtp-password P --smtp-from F
 * --smtp-starttls required|optional|disabled] [--mongo-uri URI --mongo-database DB]}. Each option may also
 * come from {@code CONFAB_<NAME>} (the command line wins). Without {@code smtp-host} mails go to the dev
 * mailbox in MongoDB. A plain (non-clustered) Vert.x; SIGTERM closes it, which stops the worker gracefully.
 */
public final class MailWorkerMain {

  static final List<String> OPTIONS = List.of(ConfigKeys.AMQP_URI, ConfigKeys.REDIS_URI, ConfigKeys.MONGO_URI,
      ConfigKeys.MONGO_DATABASE, ConfigKeys.SMTP_HOST, ConfigKeys.SMTP_PORT, ConfigKeys.SMTP_USERNAME,
      ConfigKeys.SMTP_PASSWORD, ConfigKeys.SMTP_FROM, ConfigKeys.SMTP_STARTTLS, MailWorkerVerticle.PREFETCH);
  private static final String LOGBACK_CONFIG = "confab-mail-worker-logback.xml";

  public static void main(String[] args) {
    WorkerMain.run("mail.worker", LOGBACK_CONFIG, OPTIONS, MailWorkerVerticle::new, MailWorkerMain::check, args);
  }

  static JsonObject config(Map<String, String> environment, String[] args) {
    return check(WorkerMain.config(OPTIONS, environment, args));
  }

  private static JsonObject check(JsonObject config) {
    if (config.getString(ConfigKeys.SMTP_HOST) == null && config.getString(ConfigKeys.MONGO_URI) == null) {
      throw new IllegalArgumentException("--smtp-host, or --mongo-uri for the dev mailbox, is required");
    }
    return config;
  }

  private MailWorkerMain() {
  }
}
