package io.confab.messaging;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.MailTemplates;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The contract's mail job, body of {@code confab.mail.send} (and of {@code mail.jobs} in-process):
 * {@code {id, to, template, locale, vars}}. Built from an {@code email.send} request by the email
 * verticle, read back by the mail worker; both refuse anything else with {@code invalid_request}.
 */
public record MailJob(String id, String to, String template, String locale, JsonObject vars) {

  public static final int EMAIL_MAX = 254;
  public static final int ID_MAX = 100;
  /** Bound of {@code vars} as JSON: a digest of missed messages fits, an abuse does not. */
  public static final int VARS_MAX_BYTES = 64 * 1024;
  private static final int LOCALE_MAX = 35;

  /** One {@code @}, no spaces or control characters: the rest is the mail server's business. */
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+");
  /** Ids end up in Redis keys and logs: a UUID, or anything as tame. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + ID_MAX + "}");

  /** A new job, with a fresh id, from an {@code email.send} body {@code {to, template, locale?, vars?}}. */
  public static MailJob fromRequest(JsonObject body) {
    return new MailJob(UUID.randomUUID().toString(), to(body), template(body), locale(body), vars(body));
  }

  /** A job as published: the contract's shape, or {@link ContractException} {@code invalid_request}. */
  public static MailJob fromJson(JsonObject job) {
    String id = JsonInput.string(job, "id", 1, ID_MAX);
    if (!ID.matcher(id).matches()) {
      throw invalid();
    }
    return new MailJob(id, to(job), template(job), locale(job), vars(job));
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("to", to)
        .put("template", template)
        .put("locale", locale)
        .put("vars", vars.copy());
  }

  private static String to(JsonObject body) {
    String to = JsonInput.string(body, "to", 3, EMAIL_MAX);
    if (!EMAIL.matcher(to).matches()) {
      throw invalid();
    }
    return to;
  }

  private static String template(JsonObject body) {
    String template = JsonInput.string(body, "template", 1, 64);
    if (!MailTemplates.ALL.contains(template)) {
      throw invalid();
    }
    return template;
  }

  /** A supported language ({@code es-MX} is {@code es}), or the default one; a non-string is refused. */
  private static String locale(JsonObject body) {
    String locale = JsonInput.optionalString(body, "locale", 0, LOCALE_MAX);
    if (locale == null) {
      return MailTemplates.DEFAULT_LOCALE;
    }
    String language = locale.toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
    return MailTemplates.LOCALES.contains(language) ? language : MailTemplates.DEFAULT_LOCALE;
  }

  private static JsonObject vars(JsonObject body) {
    Object vars = body.getValue("vars");
    if (vars == null) {
      return new JsonObject();
    }
    if (!(vars instanceof JsonObject object) || object.toBuffer().length() > VARS_MAX_BYTES) {
      throw invalid();
    }
    return object;
  }

  private static ContractException invalid() {
    return ContractException.of(ErrorCode.INVALID_REQUEST);
  }
}
