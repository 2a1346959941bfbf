package io.confab.base;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Reads client JSON by the contract's rules: only the expected type is accepted (an object where a string
 * belongs, such as {@code {"$gt": ""}}, is {@code invalid_request}, never a query), lengths count Unicode
 * code points, and every refusal is a {@link ContractException}.
 */
public final class JsonInput {

  /** Parses a request body that must be one JSON object. */
  public static JsonObject object(Buffer body) {
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      // Decoding straight to an object refuses arrays, scalars and trailing garbage alike.
      JsonObject object = body.toJsonObject();
      if (object != null && object.getMap() != null) {
        return object;
      }
    } catch (DecodeException e) {
      // answered below
    }
    throw invalid();
  }

  /** A required string of {@code min..max} code points. */
  public static String string(JsonObject body, String field, int min, int max) {
    Object value = body.getValue(field);
    if (!(value instanceof String text)) {
      throw invalid();
    }
    int length = text.codePointCount(0, text.length());
    if (length < min || length > max) {
      throw invalid();
    }
    return text;
  }

  /** An optional string: null when absent, otherwise as {@link #string}. */
  public static String optionalString(JsonObject body, String field, int min, int max) {
    return body.getValue(field) == null ? null : string(body, field, min, max);
  }

  /**
   * An optional whole number in {@code min..max}; strings of digits are accepted because query parameters
   * arrive as strings.
   */
  public static Long optionalLong(JsonObject body, String field, long min, long max) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    long number;
    if (value instanceof Integer || value instanceof Long) {
      number = ((Number) value).longValue();
    } else if (value instanceof String text && text.matches("-?\\d{1,18}")) {
      number = Long.parseLong(text);
    } else {
      throw invalid();
    }
    if (number < min || number > max) {
      throw invalid();
    }
    return number;
  }

  /** A required boolean (a JSON true or false, nothing else). */
  public static boolean bool(JsonObject body, String field) {
    Boolean value = optionalBool(body, field);
    if (value == null) {
      throw invalid();
    }
    return value;
  }

  /** An optional boolean: null when absent, otherwise a JSON true or false. */
  public static Boolean optionalBool(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw invalid();
    }
    return (Boolean) value;
  }

  private static ContractException invalid() {
    return ContractException.of(ErrorCode.INVALID_REQUEST);
  }

  private JsonInput() {
  }
}
