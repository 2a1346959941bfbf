package io.confab.auth;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The auth verticle's field rules, on top of the contract's JSON rules. */
final class Input {

  static final int EMAIL_MAX = 254;
  /** Long enough for any real password (the limit is 128 characters) and a bound on the work it causes. */
  static final int PASSWORD_FIELD_MAX = 1_024;
  static final int TOKEN_MAX = 512;
  static final int QUERY_MAX = 64;
  static final int USER_ID_MAX = 64;
  private static final Pattern EMAIL = Pattern.compile("^[^\\s@\"<>()\\[\\],;:\\\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$");
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2}");
  private static final Pattern CONTROL = Pattern.compile("\\p{Cc}");

  /** The normalized address (trimmed, lower case); {@code invalid_email} when it is not one. */
  static String email(JsonObject body) {
    String email = JsonInput.string(body, "email", 1, EMAIL_MAX).trim().toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(email).matches()) {
      throw ContractException.of(ErrorCode.INVALID_EMAIL);
    }
    return email;
  }

  static String password(JsonObject body, String field) {
    return JsonInput.string(body, field, 1, PASSWORD_FIELD_MAX);
  }

  static String displayName(JsonObject body, boolean required) {
    String name = required
        ? JsonInput.string(body, "displayName", Limits.DISPLAY_NAME_MIN, Limits.DISPLAY_NAME_MAX)
        : JsonInput.optionalString(body, "displayName", Limits.DISPLAY_NAME_MIN, Limits.DISPLAY_NAME_MAX);
    if (name == null) {
      return null;
    }
    String trimmed = name.strip();
    if (trimmed.isEmpty() || CONTROL.matcher(trimmed).find()) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return trimmed;
  }

  /** An ISO 639-1 code, lower case. */
  static String language(JsonObject body) {
    String language = JsonInput.optionalString(body, "language", 2, 2);
    if (language != null && !LANGUAGE.matcher(language).matches()) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return language;
  }

  static String code(JsonObject body) {
    return JsonInput.string(body, "code", 1, 16);
  }

  private Input() {
  }

  /**
   * {@code ids} as the query gives it, {@code a,b,c}: at most {@code max} distinct user ids, each 1 to
   * {@link #USER_ID_MAX} characters; {@code invalid_request} otherwise.
   */
  static List<String> idList(JsonObject body, int max) {
    String joined = JsonInput.string(body, "ids", 1, max * (USER_ID_MAX + 1));
    List<String> ids = Arrays.stream(joined.split(",", -1)).distinct().toList();
    if (ids.size() > max || ids.stream().anyMatch(id -> id.isEmpty() || id.length() > USER_ID_MAX)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return ids;
  }
}
