package io.confab.chat;

import io.confab.base.StreamEvent;
import io.confab.contract.Addresses;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;

/**
 * Live delivery, after the store: a room's events go once to every edge ({@link Addresses#CHAT_ROOM_EVENTS}),
 * which delivers them on {@code room.<id>} and, for clients that prefer one stream, on each member's
 * {@code user.<id>}; room changes go to the users they concern.
 */
final class Events {

  /** New messages, counted once each when announced (after the store; a repeat announces nothing new). */
  private static final Counter STORED = Counter.builder("confab.messages.stored")
      .description("New messages stored and announced").register(Metrics.globalRegistry);
  /** A new message's fan-out: one per member stream it is delivered on. */
  private static final Counter DELIVERED = Counter.builder("confab.messages.delivered")
      .description("Deliveries of new messages to members' streams (fan-out)").register(Metrics.globalRegistry);

  private static final String MESSAGE = "message";

  private final EventBus bus;

  Events(EventBus bus) {
    this.bus = bus;
  }

  /**
   * {@code event} carries its {@code type} and its {@code room}. Published once, to every edge, with the
   * room's members: each edge delivers it to its sockets on {@code room.<id>} and on the members'
   * {@code user.<id>} (one publish, not one per member stream, most of which no socket registered).
   */
  void toRoom(JsonObject room, JsonObject json) {
    List<String> members = Rooms.members(room);
    StreamEvent.publishToRoom(bus, room.getString("_id"), members, json);
    if (MESSAGE.equals(json.getString("type"))) {
      STORED.increment();
      DELIVERED.increment(members.size());
    }
  }

  /** {@code {type: "room", event, room}} to each of {@code users}. */
  void roomChanged(Collection<String> users, String change, JsonObject room) {
    StreamEvent event = StreamEvent.of(new JsonObject().put("type", "room").put("event", change).put("room", Rooms.view(room)));
    users.forEach(user -> bus.publish(Addresses.userStream(user), event));
  }

  /** Tells every edge at once, so a removed member's sockets stop receiving the room. */
  void membershipChanged(String room, String user, boolean member) {
    bus.publish(Addresses.CHAT_MEMBERSHIP_CHANGED, new JsonObject().put("room", room).put("user", user).put("member", member));
  }
}
