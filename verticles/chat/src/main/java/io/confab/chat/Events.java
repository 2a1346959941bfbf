package io.confab.chat;

import io.confab.contract.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Collection;

/**
 * Live delivery, after the store: a room's events go to {@code room.<id>} and, for clients that prefer
 * one stream, to each member's {@code user.<id>}; room changes go to the users they concern.
 */
final class Events {

  private final EventBus bus;

  Events(EventBus bus) {
    this.bus = bus;
  }

  /** {@code event} carries its {@code type} and its {@code room}. */
  void toRoom(JsonObject room, JsonObject event) {
    bus.publish(Addresses.roomStream(room.getString("_id")), event);
    Rooms.members(room).forEach(member -> bus.publish(Addresses.userStream(member), event));
  }

  /** {@code {type: "room", event, room}} to each of {@code users}. */
  void roomChanged(Collection<String> users, String change, JsonObject room) {
    JsonObject event = new JsonObject().put("type", "room").put("event", change).put("room", Rooms.view(room));
    users.forEach(user -> bus.publish(Addresses.userStream(user), event));
  }

  /** Tells every edge at once, so a removed member's sockets stop receiving the room. */
  void membershipChanged(String room, String user, boolean member) {
    bus.publish(Addresses.CHAT_MEMBERSHIP_CHANGED, new JsonObject().put("room", room).put("user", user).put("member", member));
  }
}
