package io.confab.chat;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Users as chat sees them (verified, with a display name), asked of the auth verticle and kept for a
 * minute: a renamed user's new name shows on their next messages within that minute.
 */
final class Directory {

  static final long TTL_MS = 60_000;
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(JsonObject user, long at) {
  }

  private final EventBus bus;
  private final Map<String, Entry> cache = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > MAX_ENTRIES;
    }
  };

  Directory(EventBus bus) {
    this.bus = bus;
  }

  /** {@code {id, displayName}}, or null when there is no such verified user. */
  Future<JsonObject> user(String id) {
    Entry entry = cache.get(id);
    if (entry != null && System.currentTimeMillis() - entry.at() < TTL_MS) {
      return Future.succeededFuture(entry.user());
    }
    return users(java.util.List.of(id)).map(found -> found.get(id));
  }

  /** The verified users among {@code ids}, by id. */
  Future<Map<String, JsonObject>> users(Collection<String> ids) {
    return bus.<JsonObject>request(Addresses.AUTH_USERS_LOOKUP, new JsonObject().put("ids", new JsonArray(java.util.List.copyOf(ids))))
        .map(reply -> {
          Map<String, JsonObject> found = new LinkedHashMap<>();
          long now = System.currentTimeMillis();
          reply.body().getJsonArray("users").forEach(item -> {
            JsonObject user = (JsonObject) item;
            found.put(user.getString("id"), user);
            cache.put(user.getString("id"), new Entry(user, now));
          });
          return found;
        });
  }
}
