package io.confab.bridge;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who belongs to which room, as one edge instance knows it: asked of the chat verticle when a socket
 * registers for a room, then kept current by the membership changes chat publishes to every edge, so
 * the outbound filter can check each delivery without a round trip. Confined to the edge's event loop.
 */
final class RoomMembers {

  private static final int MAX_ROOMS = 10_000;

  private final Vertx vertx;
  private final Map<String, Set<String>> members = new LinkedHashMap<>(256, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
      return size() > MAX_ROOMS;
    }
  };

  RoomMembers(Vertx vertx) {
    this.vertx = vertx;
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_MEMBERSHIP_CHANGED, change -> {
      Set<String> known = members.get(change.body().getString("room"));
      if (known != null) {
        String user = change.body().getString("user");
        if (change.body().getBoolean("member", false)) {
          known.add(user);
        } else {
          known.remove(user);
        }
      }
    });
  }

  /** Asks chat when the room is not known here yet; false for a room that does not exist. */
  Future<Boolean> isMember(String room, String user) {
    if (members.containsKey(room)) {
      return Future.succeededFuture(members.get(room).contains(user));
    }
    return vertx.eventBus().<JsonObject>request(Addresses.CHAT_ROOM_MEMBERS, new JsonObject().put("room", room))
        .map(reply -> {
          Set<String> loaded = new HashSet<>();
          reply.body().getJsonArray("members").forEach(member -> loaded.add(String.valueOf(member)));
          members.putIfAbsent(room, loaded);
          return members.get(room).contains(user);
        });
  }

  /** For each delivery: only what is known here, never a round trip. */
  boolean knownMember(String room, String user) {
    Set<String> known = members.get(room);
    return known != null && known.contains(user);
  }
}
