package io.confab.workers.mail;

import io.confab.contract.ConfigKeys;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    Logger log = LoggerFactory.getLogger(MailWorkerMain.class);
    JsonObject config;
    try {
      config = config(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      log.atError().setMessage("mail.worker.config.invalid").addKeyValue("error", e.getMessage()).log();
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(20, TimeUnit.SECONDS);
        log.atInfo().setMessage("mail.worker.stopped").log();
      } catch (Exception e) {
        log.atWarn().setMessage("mail.worker.stop.slow").addKeyValue("error", String.valueOf(e.getMessage())).log();
      }
    }, "confab-mail-worker-shutdown"));
    vertx.deployVerticle(new MailWorkerVerticle(), new DeploymentOptions().setConfig(config)).onFailure(e -> {
      log.atError().setMessage("mail.worker.start.failed").addKeyValue("error", String.valueOf(e.getMessage())).setCause(e).log();
      System.exit(1);
    });
  }

  /** {@code CONFAB_*} variables, then {@code --name value} / {@code --name=value}; only the worker's options. */
  static JsonObject config(Map<String, String> environment, String[] args) {
    JsonObject config = new JsonObject();
    for (String option : OPTIONS) {
      String value = environment.get("CONFAB_" + option.toUpperCase(Locale.ROOT).replace('-', '_'));
      if (value != null && !value.isBlank()) {
        config.put(option, value);
      }
    }
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String name = arg.substring(2);
      String value;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        value = name.substring(equals + 1);
        name = name.substring(0, equals);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("--" + name + " needs a value");
      }
      if (!OPTIONS.contains(name)) {
        throw new IllegalArgumentException("unknown option --" + name + "; options: --" + String.join(", --", OPTIONS));
      }
      if (value.isBlank()) {
        config.remove(name);
      } else {
        config.put(name, value);
      }
    }
    if (config.getString(ConfigKeys.AMQP_URI) == null) {
      throw new IllegalArgumentException("--amqp-uri (or CONFAB_AMQP_URI) is required: the standalone worker consumes " 
          + "confab.mail.send");
    }
    if (config.getString(ConfigKeys.SMTP_HOST) == null && config.getString(ConfigKeys.MONGO_URI) == null) {
      throw new IllegalArgumentException("--smtp-host, or --mongo-uri for the dev mailbox, is required");
    }
    return config;
  }

  private MailWorkerMain() {
  }
}
