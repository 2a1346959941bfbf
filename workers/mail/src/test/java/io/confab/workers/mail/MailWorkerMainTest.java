package io.confab.workers.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MailWorkerMainTest {

  @Test
  @DisplayName("Options come from CONFAB_* variables, and the command line wins over them")
  void theCommandLineWinsOverTheEnvironment() {
    JsonObject config = MailWorkerMain.config(
        Map.of("CONFAB_AMQP_URI", "amqp://env", "CONFAB_SMTP_HOST", "smtp.env", "CONFAB_SMTP_PORT", "2525", "CONFAB_HTTP_PORT", "1"),
        new String[] {"--smtp-host", "smtp.cli", "--redis-uri=redis://cli:6379"});

    assertThat(config).isEqualTo(new JsonObject().put("amqp-uri", "amqp://env").put("smtp-host", "smtp.cli")
        .put("smtp-port", "2525").put("redis-uri", "redis://cli:6379"));
  }

  @Test
  @DisplayName("The standalone worker refuses to start without a broker, a sink, or with an unknown option")
  void incompleteOrUnknownOptionsAreRefused() {
    assertThatThrownBy(() -> MailWorkerMain.config(Map.of(), new String[] {"--smtp-host", "h"})).hasMessageContaining("--amqp-uri");
    assertThatThrownBy(() -> MailWorkerMain.config(Map.of(), new String[] {"--amqp-uri", "amqp://h"})).hasMessageContaining("--smtp-host");
    assertThatThrownBy(() -> MailWorkerMain.config(Map.of(), new String[] {"--amqp-uri", "amqp://h", "--verticles", "x"}))
        .hasMessageContaining("unknown option --verticles");
  }

  @Test
  @DisplayName("Every worker takes --health-port (CONFAB_HEALTH_PORT), where its probes are served")
  void theHealthPortIsAnOptionOfEveryWorker() {
    assertThat(MailWorkerMain.config(Map.of("CONFAB_HEALTH_PORT", "8081"), new String[] {"--amqp-uri", "amqp://h", "--smtp-host", "h"})
        .getString("health-port")).isEqualTo("8081");
  }
}
