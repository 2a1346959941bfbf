package io.confab.translation;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/** Without a broker: the worker of this JVM, on its local bus address {@code translate.jobs}. */
final class InProcessWorker implements Worker {

  private final Vertx vertx;

  InProcessWorker(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<JsonObject> ask(JsonObject job, long timeoutMs) {
    DeliveryOptions options = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
    return vertx.eventBus().<JsonObject>request(io.confab.contract.Addresses.TRANSLATE_JOBS, job, options)
        .map(Message::body)
        .recover(failure -> Future.failedFuture(failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT
            ? new TimedOut(timeoutMs)
            : new Unavailable("in-process translation worker: " + failure.getMessage())));
  }

  @Override
  public Future<Void> close() {
    return Future.succeededFuture();
  }
}
