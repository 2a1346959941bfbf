package io.confab.chat;

import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.confab.presence.Presence;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * People as rooms see them: who among the people a user shares rooms with is online, and telling a
 * user's rooms that they came or went, or changed their name or face.
 */
final class PresenceRequests {

  private final Rooms rooms;
  private final Presence presence;
  private final Events events;

  PresenceRequests(Rooms rooms, Presence presence, Events events) {
    this.rooms = rooms;
    this.presence = presence;
    this.events = events;
  }

  /**
   * {@code {users: [userId]}} → {@code {<userId>: "online" | "offline"}}, at most 200 users. Presence is
   * told only of the caller and of people who share a room with them; anyone else is answered "offline",
   * so that a user id alone does not tell a stranger when someone is connected.
   */
  Future<Object> query(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    List<String> users = ChatInput.userIds(request.body().getValue("users"));
    if (users.isEmpty() || users.size() > Limits.HISTORY_LIMIT_MAX) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return rooms.ofMember(caller).compose(mine -> {
      Set<String> known = new HashSet<>(List.of(caller));
      mine.forEach(room -> room.getJsonArray("members").forEach(member -> known.add(String.valueOf(member))));
      return presence.query(users.stream().filter(known::contains).toList()).map(statuses -> {
        users.forEach(user -> statuses.put(user, statuses.getString(user, "offline")));
        return statuses;
      });
    });
  }

  /** An edge's news ({@code {user, status}}): the user came online or went offline. */
  void changed(Message<JsonObject> change) {
    announce(change.body().getString("user"), change.body().getString("status"));
  }

  /** The users whose edge died without saying goodbye go offline. */
  void sweep() {
    presence.expired().onSuccess(users -> users.forEach(user -> announce(user, "offline")));
  }

  /**
   * Auth's news ({@code {user: {id, displayName, avatarUrl?}}}): a {@code profile} event to each of the
   * user's rooms, published once per room like presence and fanned out by the edges to the members'
   * streams. Only those three fields are passed on: the event never carries an email.
   */
  void profileChanged(Message<JsonObject> change) {
    JsonObject given = change.body().getValue("user") instanceof JsonObject user ? user : new JsonObject();
    if (!(given.getValue("id") instanceof String id && given.getValue("displayName") instanceof String name)) {
      return;
    }
    JsonObject user = new JsonObject().put("id", id).put("displayName", name);
    if (given.getValue("avatarUrl") instanceof String url) {
      user.put("avatarUrl", url);
    }
    toRoomsOf(id, room -> new JsonObject().put("type", "profile").put("room", room).put("user", user));
  }

  private void announce(String user, String status) {
    if (user == null || !("online".equals(status) || "offline".equals(status))) {
      return;
    }
    toRoomsOf(user, room -> new JsonObject().put("type", "presence").put("room", room).put("user", user).put("status", status));
  }

  /** Every room the user is in hears of it: the event for each room's id, published once per room. */
  private void toRoomsOf(String user, Function<String, JsonObject> event) {
    rooms.ofMember(user).onSuccess(mine -> mine.forEach(room -> events.toRoom(room, event.apply(room.getString("_id")))));
  }
}
