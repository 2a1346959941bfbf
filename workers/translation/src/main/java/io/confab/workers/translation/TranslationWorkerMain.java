package io.confab.workers.translation;

import io.confab.contract.ConfigKeys;
import io.confab.messaging.WorkerMain;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

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
    WorkerMain.run("translate.worker", LOGBACK_CONFIG, OPTIONS, TranslationWorkerVerticle::new, TranslationWorkerMain::check, args);
  }

  static JsonObject config(Map<String, String> environment, String[] args) {
    return check(WorkerMain.config(OPTIONS, environment, args));
  }

  private static JsonObject check(JsonObject config) {
    return config;
  }

  private TranslationWorkerMain() {
  }
}
