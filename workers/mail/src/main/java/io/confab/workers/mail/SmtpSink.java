package io.confab.workers.mail;

import io.confab.contract.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Locale;

/**
 * Delivery through an SMTP server ({@code smtp-host}, {@code smtp-port} default 25, {@code smtp-username}
 * and {@code smtp-password} when it wants a login, {@code smtp-from}, {@code smtp-starttls}: true/required,
 * optional (default) or false/disabled).
 */
final class SmtpSink implements MailSink {

  static final String DEFAULT_FROM = "Confab <no-reply@confab.local>";
  private static final int DEFAULT_PORT = 25;
  /** Far below the idempotency lease: a send either finishes or fails long before another worker may try. */
  private static final int TIMEOUT_MS = 20_000;

  private final MailClient client;
  private final String from;

  SmtpSink(Vertx vertx, JsonObject config) {
    String username = blankToNull(config.getValue(ConfigKeys.SMTP_USERNAME));
    MailConfig mail = new MailConfig()
        .setHostname(config.getString(ConfigKeys.SMTP_HOST))
        .setPort(port(config.getValue(ConfigKeys.SMTP_PORT)))
        .setStarttls(startTls(config.getValue(ConfigKeys.SMTP_STARTTLS)))
        .setLogin(username == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
        .setConnectTimeout(TIMEOUT_MS)
        .setIdleTimeout(TIMEOUT_MS / 1000)
        .setKeepAlive(true)
        .setMaxPoolSize(4);
    if (username != null) {
      mail.setUsername(username).setPassword(blankToNull(config.getValue(ConfigKeys.SMTP_PASSWORD)));
    }
    this.client = MailClient.create(vertx, mail);
    String configuredFrom = blankToNull(config.getValue(ConfigKeys.SMTP_FROM));
    this.from = configuredFrom == null ? DEFAULT_FROM : configuredFrom;
  }

  @Override
  public Future<Void> send(RenderedMail mail) {
    return client.sendMail(new MailMessage()
            .setFrom(from)
            .setTo(mail.to())
            .setSubject(mail.subject())
            .setText(mail.text())
            .setHtml(mail.html()))
        .mapEmpty();
  }

  @Override
  public String name() {
    return "smtp";
  }

  @Override
  public Future<Void> close() {
    return client.close();
  }

  static StartTLSOptions startTls(Object value) {
    String text = value == null ? "optional" : String.valueOf(value).strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "required" -> StartTLSOptions.REQUIRED;
      case "false", "disabled" -> StartTLSOptions.DISABLED;
      case "", "optional" -> StartTLSOptions.OPTIONAL;
      default -> throw new IllegalArgumentException(ConfigKeys.SMTP_STARTTLS + " must be required, optional or disabled");
    };
  }

  private static int port(Object value) {
    if (value == null || String.valueOf(value).isBlank()) {
      return DEFAULT_PORT;
    }
    int port = Integer.parseInt(String.valueOf(value).strip());
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(ConfigKeys.SMTP_PORT + " must be 1-65535");
    }
    return port;
  }

  private static String blankToNull(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
  }
}
