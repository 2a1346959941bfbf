package io.confab.base;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How a consumer answers: the result of its work, or the contract refusal its failure maps to. */
public final class Replies {

  private static final Logger LOG = LoggerFactory.getLogger(Replies.class);
  private static final UnavailableLog UNAVAILABLE = new UnavailableLog(Clock.systemUTC());

  /** An answer whose HTTP status is not the route's usual one (200 for a send repeated, not 201). */
  public record WithStatus(Object body, int status) {
  }

  /** Replies the future's value (null for an empty answer) or its failure, mapped by {@link Failures}. */
  public static void answer(Message<?> request, Future<?> result) {
    result.onComplete(value -> {
      if (value instanceof WithStatus answer) {
        request.reply(answer.body(), new DeliveryOptions().addHeader(Headers.STATUS, String.valueOf(answer.status())));
      } else {
        request.reply(value);
      }
    }, failure -> fail(request, failure));
  }

  public static void fail(Message<?> request, Throwable failure) {
    ContractException refusal = Failures.toContract(failure);
    if (refusal.error() == ErrorCode.INTERNAL) {
      LOG.atError().setMessage("request.failed").addKeyValue("address", request.address())
          .addKeyValue("error", refusal.error().code()).setCause(failure).log();
    } else if (refusal.error() == ErrorCode.UNAVAILABLE) {
      UNAVAILABLE.refused(request.address(), String.valueOf(failure.getMessage()));
    }
    request.reply(refusal);
  }

  public static void fail(Message<?> request, ErrorCode error) {
    request.reply(ContractException.of(error));
  }

  private Replies() {
  }
}
