package io.confab.chat;

import static io.confab.contract.Addresses.PREVIEWS_FETCH;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Link previews (v1.1), the asking: a message stored or edited with http/https links ({@link Links}) is
 * handed to a previews worker, fire and forget ({@code previews.fetch}; where none runs, none is made).
 * The worker's answer is {@link PreviewUpdates}'.
 */
final class Previews {

  private final EventBus bus;
  private final boolean enabled;

  /** {@code enabled}: {@code preview-enabled}; off, no link is ever handed out. */
  Previews(EventBus bus, boolean enabled) {
    this.bus = bus;
    this.enabled = enabled;
  }

  /** A message as stored (new or edited): its links go to a previews worker. */
  void asked(JsonObject stored) {
    List<String> links = enabled ? Links.previewed(stored.getString("text")) : List.of();
    if (!links.isEmpty()) {
      bus.send(PREVIEWS_FETCH, new JsonObject().put("room", stored.getString("room")).put("id", stored.getString("_id"))
          .put("urls", new JsonArray(links)));
    }
  }
}
