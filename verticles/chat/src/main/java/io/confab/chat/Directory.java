package io.confab.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.contract.Addresses;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
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

  private final EventBus bus;
  /** Bounded; its upkeep runs on the caller's thread, the chat verticle's event loop. */
  private final Cache<String, JsonObject> cache = Caffeine.newBuilder().maximumSize(MAX_ENTRIES)
      .expireAfterWrite(Duration.ofMillis(TTL_MS)).executor(Runnable::run).build();
  /**
   * The lookups behind {@link #user}: while one is on its way, the senders asked for meanwhile are looked
   * up together next (at most as many as one lookup takes). Senders first seen in one burst expire in one
   * burst a minute later, and were looked up one by one.
   */
  private final GroupCommit<String, JsonObject> lookups;

  Directory(EventBus bus) {
    this.bus = bus;
    this.lookups = new GroupCommit<>(Limits.ROOM_MEMBERS_MAX,
        ids -> users(ids.stream().distinct().toList()).map(found -> ids.stream().map(found::get).toList()));
  }

  /** {@code {id, displayName}}, or null when there is no such verified user. Used from its verticle's event loop only. */
  Future<JsonObject> user(String id) {
    JsonObject known = cache.getIfPresent(id);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return lookups.submit(id);
  }

  /** The verified users among {@code ids}, by id. */
  Future<Map<String, JsonObject>> users(Collection<String> ids) {
    return bus.<JsonObject>request(Addresses.AUTH_USERS_LOOKUP, new JsonObject().put("ids", new JsonArray(java.util.List.copyOf(ids))))
        .map(reply -> {
          Map<String, JsonObject> found = new LinkedHashMap<>();
          reply.body().getJsonArray("users").forEach(item -> {
            JsonObject user = (JsonObject) item;
            found.put(user.getString("id"), user);
            cache.put(user.getString("id"), user);
          });
          return found;
        });
  }
}
