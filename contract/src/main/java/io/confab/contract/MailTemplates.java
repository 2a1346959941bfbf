package io.confab.contract;

import java.util.Set;

/** The contract's mail templates ({@code template} of a mail job) and the locales they are written in. */
public final class MailTemplates {

  public static final String VERIFY_EMAIL = "verify_email";
  public static final String PASSWORD_RESET = "password_reset";
  public static final String MISSED_MESSAGES = "missed_messages";

  public static final Set<String> ALL = Set.of(VERIFY_EMAIL, PASSWORD_RESET, MISSED_MESSAGES);
  public static final Set<String> LOCALES = Set.of("en", "es");
  public static final String DEFAULT_LOCALE = "en";

  private MailTemplates() {
  }
}
