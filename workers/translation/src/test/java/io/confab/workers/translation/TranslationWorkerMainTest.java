package io.confab.workers.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TranslationWorkerMainTest {

  @Test
  @DisplayName("Options come from CONFAB_* variables, and the command line wins over them")
  void theCommandLineWinsOverTheEnvironment() {
    JsonObject config = TranslationWorkerMain.config(
        Map.of("CONFAB_AMQP_URI", "amqp://env", "CONFAB_APY_URL", "http://env:2737", "CONFAB_TRANSLATE_PREFETCH", "4",
            "CONFAB_HTTP_PORT", "1"),
        new String[] {"--apy-url", "http://cli:2737", "--redis-uri=redis://cli:6379"});

    assertThat(config).isEqualTo(new JsonObject().put("amqp-uri", "amqp://env").put("apy-url", "http://cli:2737")
        .put("translate-prefetch", "4").put("redis-uri", "redis://cli:6379"));
  }

  @Test
  @DisplayName("The standalone worker refuses to start without a broker, or with an unknown option")
  void incompleteOrUnknownOptionsAreRefused() {
    assertThatThrownBy(() -> TranslationWorkerMain.config(Map.of(), new String[] {"--apy-url", "http://h"}))
        .hasMessageContaining("--amqp-uri");
    assertThatThrownBy(() -> TranslationWorkerMain.config(Map.of(), new String[] {"--amqp-uri", "amqp://h", "--verticles", "x"}))
        .hasMessageContaining("unknown option --verticles");
  }
}
