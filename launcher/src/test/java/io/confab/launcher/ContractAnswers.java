package io.confab.launcher;

import io.confab.contract.ErrorCode;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What counts as an answer in the contract's terms, over HTTP and the bridge: a success whose body reads
 * as JSON, or a refusal {@code {"error", "message"}} whose code is the contract's with its own status;
 * never a 5xx and never a trace of the server's insides.
 */
final class ContractAnswers {

  /** Every status a client may get for input it got wrong, or for input that was fine. */
  static final Set<Integer> STATUSES = Set.of(200, 201, 202, 204, 400, 401, 403, 404, 409, 413, 415, 429);
  private static final Pattern INSIDES = Pattern.compile("Exception|\\bat (io|java|jdk|com|org|de)\\.|io\\.vertx|io\\.confab|java\\.lang");

  private ContractAnswers() {
  }

  /**
   * Empty for a contract answer; otherwise what is wrong with it. {@code extra} adds statuses a route may
   * answer. A HEAD answer has no body to check.
   */
  static Optional<String> http(String method, int status, String contentType, byte[] raw, Set<Integer> extra) {
    String body = new String(raw, StandardCharsets.UTF_8);
    if (!STATUSES.contains(status) && !extra.contains(status)) {
      return Optional.of("status " + status + ": " + abbreviate(body));
    }
    if ("HEAD".equals(method)) {
      return Optional.empty();
    }
    if (INSIDES.matcher(body).find() && (contentType == null || !contentType.startsWith("image/"))) {
      return Optional.of("the server's insides in a " + status + ": " + abbreviate(body));
    }
    if (status == 204 || status == 304 || raw.length == 0) {
      return status >= 400 && status != 416 && raw.length == 0 ? Optional.of("a " + status + " without a body") : Optional.empty();
    }
    if (contentType == null || !contentType.startsWith("application/json")) {
      return status >= 400 ? Optional.of("a " + status + " that is not JSON: " + contentType) : Optional.empty();
    }
    Object json;
    try {
      json = Json.decodeValue(body);
    } catch (DecodeException e) {
      return Optional.of("a " + status + " whose JSON does not read: " + abbreviate(body));
    }
    if (status < 400) {
      return Optional.empty();
    }
    if (!(json instanceof JsonObject error) || !(error.getValue("message") instanceof String)) {
      return Optional.of("a " + status + " not in the error shape: " + abbreviate(body));
    }
    return refusal(status, error.getValue("error"), extra);
  }

  /** Empty for a bridge reply in the contract's terms: a {@code rec}, or an {@code err} with a contract code. */
  static Optional<String> bridge(JsonObject frame, Set<Integer> extra) {
    if (INSIDES.matcher(frame.encode()).find()) {
      return Optional.of("the server's insides in a frame: " + abbreviate(frame.encode()));
    }
    if ("rec".equals(frame.getString("type"))) {
      return Optional.empty();
    }
    if (!"err".equals(frame.getString("type")) || !(frame.getValue("failureCode") instanceof Integer status)) {
      return Optional.of("not a reply: " + abbreviate(frame.encode()));
    }
    if (!STATUSES.contains(status) && !extra.contains(status)) {
      return Optional.of("failureCode " + status + ": " + abbreviate(frame.encode()));
    }
    return refusal(status, frame.getValue("message"), extra);
  }

  /** A refused request: the contract's code for its status; a 503 for input only as translation's documented one. */
  private static Optional<String> refusal(int status, Object code, Set<Integer> extra) {
    if (status == 503 && extra.contains(503) && !ErrorCode.TRANSLATION_UNAVAILABLE.code().equals(code)) {
      return Optional.of("a 503 other than translation_unavailable: " + code);
    }
    return ErrorCode.of(code instanceof String text ? text : null)
        .filter(known -> known.status() == status && known != ErrorCode.INTERNAL)
        .map(known -> Optional.<String>empty())
        .orElse(Optional.of("a " + status + " with a code that is not the contract's for it: " + code));
  }

  static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "…";
  }
}
