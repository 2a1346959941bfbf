package io.confab.search;

import io.confab.contract.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;

/** The node's {@code search} readiness check, where the search role runs: this node's engine answers that it works. */
public final class SearchHealth {

  public static Handler<Promise<Status>> procedure(Vertx vertx, long timeoutMs) {
    DeliveryOptions local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
    // tryComplete: an answer after the check's own timeout finds it already DOWN.
    return promise -> vertx.eventBus().request(Addresses.SEARCH_HEALTH, new JsonObject(), local).onComplete(
        ok -> promise.tryComplete(Status.OK()),
        down -> promise.tryComplete(Status.KO(new JsonObject().put("error", String.valueOf(down.getMessage())))));
  }

  private SearchHealth() {
  }
}
