package io.confab.base;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/** How a verticle serves a contract request: validate first, then do one thing, and always reply. */
public final class Requests {

  /**
   * Runs {@code handler} on one request and always replies: a refusal it throws while validating, a body
   * that is not a JSON object (a bridge client can send any JSON value) and a failed future alike become
   * the contract's failure reply, and so does anything else it throws (a bug: {@code internal}, logged
   * once), which would otherwise leave the request unanswered until the asker's timeout. The returned
   * future completes with the handler's work.
   */
  static Future<?> answer(Message<JsonObject> request, Function<Message<JsonObject>, Future<?>> handler) {
    Future<?> result;
    try {
      result = request.body() == null ? Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST)) : handler.apply(request);
    } catch (ContractException refusal) {
      result = Future.failedFuture(refusal);
    } catch (ClassCastException notAnObject) {
      result = Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST));
    } catch (RuntimeException unexpected) {
      result = Future.failedFuture(unexpected);
    }
    Replies.answer(request, result);
    return result;
  }

  /** The verified caller the edge put on the message; absent only if something skipped the edge. */
  public static String caller(Message<?> request) {
    String userId = request.headers().get(Headers.USER);
    if (userId == null) {
      throw ContractException.of(ErrorCode.UNAUTHORIZED);
    }
    return userId;
  }

  private Requests() {
  }
}
