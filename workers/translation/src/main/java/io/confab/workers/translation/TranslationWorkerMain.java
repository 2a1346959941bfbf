package io.confab.workers.translation;

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
 * The standalone translation worker: {@code java -jar workers/translation/target/confab-translation-worker.jar
 * --amqp-uri URI [--apy-url http://127.0.0.1:2737] [--redis-uri URI] [--apy-timeout-ms N]
 * [--apy-breaker-reset-ms N] [--apy-autostart true|false] [--translate-prefetch N]
 * [--translate-retry-base-ms N] [--translate-retry-max-ms N] [--amqp-reconnect-ms N] [--data-dir DIR]}.
 * Each option may also come from {@code CONFAB_<NAME>} (the command line wins). A plain (non-clustered)
 * Vert.x; SIGTERM closes it, which stops the worker gracefully.
 */
public final class TranslationWorkerMain {

  static final List<String> OPTIONS = List.of(ConfigKeys.AMQP_URI, TranslationWorkerVerticle.APY_URL, ConfigKeys.REDIS_URI,
      TranslationWorkerVerticle.APY_TIMEOUT_MS, TranslationWorkerVerticle.APY_BREAKER_RESET_MS,
      TranslationWorkerVerticle.APY_AUTOSTART, TranslationWorkerVerticle.PREFETCH, TranslationWorkerVerticle.RETRY_BASE_MS,
      TranslationWorkerVerticle.RETRY_MAX_MS, TranslationWorkerVerticle.AMQP_RECONNECT_MS, ConfigKeys.DATA_DIR);
  private static final String LOGBACK_CONFIG = "confab-translation-worker-logback.xml";

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
    }
    Logger log = LoggerFactory.getLogger(TranslationWorkerMain.class);
    JsonObject config;
    try {
      config = config(System.getenv(), args);
    } catch (IllegalArgumentException e) {
      log.atError().setMessage("translate.worker.config.invalid").addKeyValue("error", e.getMessage()).log();
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().await(20, TimeUnit.SECONDS);
        log.atInfo().setMessage("translate.worker.stopped").log();
      } catch (Exception e) {
        log.atWarn().setMessage("translate.worker.stop.slow").addKeyValue("error", String.valueOf(e.getMessage())).log();
      }
    }, "confab-translation-worker-shutdown"));
    vertx.deployVerticle(new TranslationWorkerVerticle(), new DeploymentOptions().setConfig(config)).onFailure(e -> {
      log.atError().setMessage("translate.worker.start.failed").addKeyValue("error", String.valueOf(e.getMessage())).setCause(e).log();
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
          + "confab.translate.requests");
    }
    return config;
  }

  private TranslationWorkerMain() {
  }
}
