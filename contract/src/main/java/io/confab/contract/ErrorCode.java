package io.confab.contract;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every error code of the public contract, with its HTTP-like status and the sentence a person reads.
 * Over HTTP it becomes {@code {"error": code, "message": text}}; over the bus and the bridge a failure
 * whose {@code failureCode} is the status and whose message is the code.
 */
public enum ErrorCode {
  INVALID_REQUEST(400, "invalid_request", "The request is malformed or a field is missing, of the wrong type or too long."),
  WEAK_PASSWORD(400, "weak_password", "Choose a longer, less guessable password (15 characters or more is best)."),
  INVALID_EMAIL(400, "invalid_email", "That is not a valid email address."),
  INVALID_CODE(400, "invalid_code", "The code is wrong or has expired."),
  UNAUTHORIZED(401, "unauthorized", "Sign in first: the access token is missing, invalid, expired or revoked."),
  INVALID_CREDENTIALS(401, "invalid_credentials", "The email or the password is wrong."),
  TOTP_REQUIRED(401, "totp_required", "Enter the code from your authenticator app."),
  INVALID_TOKEN(401, "invalid_token", "The token is invalid, expired or revoked."),
  FORBIDDEN(403, "forbidden", "You are not allowed to do that."),
  EMAIL_NOT_VERIFIED(403, "email_not_verified", "Verify your email address first."),
  NOT_MEMBER(403, "not_member", "You are not a member of this room."),
  NOT_FOUND(404, "not_found", "There is nothing here."),
  CONFLICT(409, "conflict", "That conflicts with the current state."),
  REACTION_LIMIT(409, "reaction_limit", "A message holds at most 20 different reactions."),
  PIN_LIMIT(409, "pin_limit", "A room holds at most 50 pinned messages: unpin one first."),
  EMOJI_LIMIT(409, "emoji_limit", "A room holds at most 100 custom emoji: remove one first."),
  EMAIL_TAKEN(409, "email_taken", "An account with that email address already exists."),
  TOO_LARGE(413, "too_large", "The request is too large."),
  UNSUPPORTED_TYPE(415, "unsupported_type", "That type of content is not accepted."),
  TOO_MANY_REQUESTS(429, "too_many_requests", "Too many requests: wait a moment and try again."),
  INTERNAL(500, "internal", "Something went wrong on our side; it has been logged."),
  UNAVAILABLE(503, "unavailable", "The service is unavailable right now; try again shortly."),
  TRANSLATION_UNAVAILABLE(503, "translation_unavailable", "Translation is unavailable right now."),
  TIMEOUT(504, "timeout", "The service took too long to answer.");

  private static final Map<String, ErrorCode> BY_CODE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(ErrorCode::code, Function.identity()));

  private final int status;
  private final String code;
  private final String text;

  ErrorCode(int status, String code, String text) {
    this.status = status;
    this.code = code;
    this.text = text;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String text() {
    return text;
  }

  public static Optional<ErrorCode> of(String code) {
    return Optional.ofNullable(code).map(BY_CODE::get);
  }

  /** The generic code for a bare status, for failures that carry no code of their own (a body too large). */
  public static ErrorCode forStatus(int status) {
    return switch (status) {
      case 400 -> INVALID_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404, 405 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 413 -> TOO_LARGE;
      case 415 -> UNSUPPORTED_TYPE;
      case 429 -> TOO_MANY_REQUESTS;
      case 503 -> UNAVAILABLE;
      case 504 -> TIMEOUT;
      default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL;
    };
  }
}
