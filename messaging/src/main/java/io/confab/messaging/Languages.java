package io.confab.messaging;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Language codes on both sides of the worker: the contract speaks ISO 639-1 ({@code en}, {@code es},
 * {@code ca}), Apertium ISO 639-3 ({@code eng}, {@code spa}, {@code cat}), sometimes with a variant after an
 * underscore ({@code cat_valencia}, {@code eng_US}). The table is the JDK's own ({@link Locale}), so every
 * language with a two-letter code maps, with Apertium's terminology codes ({@code fra}, {@code deu}, {@code nob}).
 */
public final class Languages {

  /** The contract's language code: ISO 639-1, two lower-case letters. */
  public static final Pattern ISO_639_1 = Pattern.compile("[a-z]{2}");

  private static final Map<String, String> TO_ISO_639_1 = new HashMap<>();

  static {
    for (String two : Locale.getISOLanguages()) {
      alpha3(two).ifPresent(three -> TO_ISO_639_1.putIfAbsent(three, two));
    }
  }

  /** True for a well-formed ISO 639-1 code (whether or not any engine offers it). */
  public static boolean isIso6391(String code) {
    return code != null && ISO_639_1.matcher(code).matches();
  }

  /** {@code es} → {@code spa}; empty for a code that is not ISO 639-1. */
  public static Optional<String> toApertium(String iso6391) {
    return isIso6391(iso6391) ? alpha3(iso6391) : Optional.empty();
  }

  /**
   * {@code spa} → {@code es}. A variant ({@code cat_valencia}) is not the plain language, so it has no
   * ISO 639-1 code here; a two-letter code (older pairs) is taken as it is.
   */
  public static Optional<String> fromApertium(String apertium) {
    if (apertium == null || apertium.contains("_")) {
      return Optional.empty();
    }
    if (isIso6391(apertium)) {
      return Optional.of(apertium);
    }
    return Optional.ofNullable(TO_ISO_639_1.get(apertium));
  }

  private static Optional<String> alpha3(String two) {
    try {
      String three = Locale.forLanguageTag(two).getISO3Language();
      return three.length() == 3 ? Optional.of(three) : Optional.empty();
    } catch (MissingResourceException unknown) {
      return Optional.empty();
    }
  }

  private Languages() {
  }
}
