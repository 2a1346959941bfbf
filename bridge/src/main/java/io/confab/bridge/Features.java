package io.confab.bridge;

import static io.confab.contract.Addresses.FILES_PING;
import static io.confab.contract.Addresses.SEARCH_PING;
import static io.confab.contract.Addresses.TRANSLATE_LANGUAGES;

import io.confab.contract.Limits;
import io.confab.edge.BusRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * {@code GET /api/v1/features}: what the platform offers the page now (uploads, search, translation and its
 * languages, the limits it checks before sending), so that the page never learns it by provoking errors.
 * Each part is asked of its role over the bus, this node's verticle first as for every edge request: a
 * role deployed nowhere fails at once ("no handlers"), so the answer is quick whatever is missing. The
 * answer is kept briefly per HTTP server instance, so page loads do not each cost two bus requests.
 */
final class Features {

  static final Duration KEPT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private Future<JsonObject> current;
  private long askedAt;

  Features(Vertx vertx) {
    this.vertx = vertx;
  }

  void answer(RoutingContext ctx) {
    now().onSuccess(features -> ctx.response().putHeader("Content-Type", "application/json").end(features.encode()));
  }

  /** The kept answer while it is fresh (or still being asked), else a new one. */
  Future<JsonObject> now() {
    long at = System.nanoTime();
    if (current == null || at - askedAt > KEPT.toNanos()) {
      askedAt = at;
      current = ask();
    }
    return current;
  }

  private Future<JsonObject> ask() {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis());
    Future<Boolean> uploads = offered(FILES_PING, options);
    // Search works when its role answers, which it does only while its engine does.
    Future<Boolean> search = offered(SEARCH_PING, options);
    // Translation works when its role answers with the pairs it offers (503 while the engine is down).
    Future<JsonArray> languages = BusRequests.<JsonArray>request(vertx, TRANSLATE_LANGUAGES, new JsonObject(), options)
        .map(Message::body).otherwise((JsonArray) null);
    return Future.all(uploads, search, languages).map(done -> new JsonObject()
        .put("uploads", uploads.result())
        .put("search", search.result())
        .put("translation", languages.result() != null)
        .put("languages", languages.result() == null ? new JsonArray() : languages.result())
        .put("limits", new JsonObject()
            .put("uploadMaxBytes", Limits.UPLOAD_MAX_BYTES)
            .put("messageMaxLength", Limits.TEXT_MAX_CODE_POINTS)));
  }

  /** Whether a role answers its ping. */
  private Future<Boolean> offered(String ping, DeliveryOptions options) {
    return BusRequests.request(vertx, ping, new JsonObject(), options).map(true).otherwise(false);
  }
}
