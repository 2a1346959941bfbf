package io.confab.bridge;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Who belongs to which room, as one edge instance knows it: asked of the chat verticle when a socket
 * registers for a room, then kept current by the membership changes chat publishes to every edge, so
 * the outbound filter can check each delivery without a round trip. Confined to the edge's event loop.
 *
 * <p>The changes travel on the clustered bus, so one can be lost (the chat node that stored it died before
 * publishing it): a room's members are therefore asked again once they are {@link #TTL_MS} old, in the
 * background for deliveries (which go on with what is known meanwhile). A change that arrives while the
 * members are being asked may be older or newer than chat's answer: that answer is used once, not kept.
 */
final class RoomMembers {

  /** How long a room's members are trusted without asking chat again: the bound on a lost change. */
  static final long TTL_MS = 30_000;
  private static final int MAX_ROOMS = 10_000;

  private record Known(Set<String> users, long at) {
  }

  private final Vertx vertx;
  /** What the TTL is measured on: tests set the time instead of waiting it out. */
  private final Clock clock;
  /** Bounded; its upkeep runs on the caller's thread, the edge's event loop. */
  private final Map<String, Known> members = Caffeine.newBuilder().maximumSize(MAX_ROOMS).executor(Runnable::run)
      .<String, Known>build().asMap();
  /** Rooms being asked of chat, and whether a change came meanwhile. */
  private final Map<String, Future<Set<String>>> loading = new HashMap<>();
  private final Set<String> changedWhileLoading = new HashSet<>();

  RoomMembers(Vertx vertx) {
    this(vertx, Clock.systemUTC());
  }

  RoomMembers(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_MEMBERSHIP_CHANGED, change -> {
      String room = change.body().getString("room");
      if (loading.containsKey(room)) {
        changedWhileLoading.add(room);
      }
      Known known = members.get(room);
      if (known != null) {
        String user = change.body().getString("user");
        if (change.body().getBoolean("member", false)) {
          known.users().add(user);
        } else {
          known.users().remove(user);
        }
      }
    });
  }

  /** Asks chat when the room is not known here yet or no more fresh; false for a room that does not exist. */
  Future<Boolean> isMember(String room, String user) {
    Known known = members.get(room);
    if (fresh(known)) {
      return Future.succeededFuture(known.users().contains(user));
    }
    return load(room).map(users -> users.contains(user));
  }

  /** For each delivery: only what is known here, never a round trip; stale members are asked again meanwhile. */
  boolean knownMember(String room, String user) {
    Known known = members.get(room);
    if (!fresh(known)) {
      load(room);
    }
    return known != null && known.users().contains(user);
  }

  private boolean fresh(Known known) {
    return known != null && clock.millis() - known.at() < TTL_MS;
  }

  /** One question to chat per room at a time. */
  private Future<Set<String>> load(String room) {
    Future<Set<String>> inFlight = loading.get(room);
    if (inFlight != null) {
      return inFlight;
    }
    long asked = clock.millis();
    Future<Set<String>> loaded = vertx.eventBus().<JsonObject>request(Addresses.CHAT_ROOM_MEMBERS, new JsonObject().put("room", room))
        .map(reply -> {
          Set<String> users = new HashSet<>();
          reply.body().getJsonArray("members").forEach(member -> users.add(String.valueOf(member)));
          return users;
        })
        .andThen(done -> {
          loading.remove(room);
          if (changedWhileLoading.remove(room)) {
            members.remove(room);
          } else if (done.succeeded()) {
            members.put(room, new Known(done.result(), asked));
          }
        });
    loading.put(room, loaded);
    return loaded;
  }
}
