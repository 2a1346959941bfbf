package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;

import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pins (v1.1): the room's {@code pinned} message ids, most recent first. The room's owner makes its
 * changes one at a time; each is written only if the list is still the one it was computed from
 * (another writer meanwhile: it reads again), and sends
 * a {@code pins} event on the room's stream and a {@code room} {@code updated} event to each member.
 */
final class Pins {

  private static final Logger LOG = LoggerFactory.getLogger(Pins.class);

  /** Tries of one pin against others changing the same room's pins at once, then 503 {@code unavailable}. */
  private static final int TRIES = 3;

  private final Rooms rooms;
  private final Messages messages;
  private final Events events;
  /** By room, the last pin change queued on this instance (its event loop's alone). */
  private final Map<String, Future<Void>> queued = new HashMap<>();

  Pins(Rooms rooms, Messages messages, Events events) {
    this.rooms = rooms;
    this.messages = messages;
    this.events = events;
  }

  /** {@code {room, id, on}}: members of groups, direct and self rooms, admins only in channels. */
  Future<Object> pin(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = ChatInput.id(body, "id");
    boolean on = JsonInput.bool(body, "on");
    return rooms.member(roomId, caller).compose(room -> {
      if (Rooms.Kind.CHANNEL.wire().equals(room.getString("kind")) && !Rooms.isAdmin(room, caller)) {
        return Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN));
      }
      return messages.byId(id).compose(message -> {
        boolean pinnable = message != null && roomId.equals(message.getString("room")) && !message.getBoolean("deleted", false);
        boolean unpinnable = message != null && roomId.equals(message.getString("room"));
        return (on ? pinnable : unpinnable)
            ? inTurn(roomId, () -> rooms.existing(roomId).compose(now -> changed(now, id, on, TRIES))) : Rooms.notFound();
      });
    }).map(done -> new JsonObject());
  }

  /**
   * A deleted message leaves the pins it was in. The delete is stored and announced already, so a
   * failure is logged, not answered: the pin then points at a deleted message, which clients show as such.
   */
  Future<Void> deleted(String roomId, String id) {
    return rooms.unpin(roomId, id).<Void>map(room -> {
      if (room != null) {
        announce(room);
      }
      return null;
    }).recover(failure -> {
      LOG.atWarn().setMessage("pins.unpin.failed").addKeyValue("room", roomId).addKeyValue("id", id)
          .addKeyValue("error", String.valueOf(failure.getMessage())).log();
      return Future.succeededFuture();
    });
  }

  /**
   * The owner changes a room's pins one at a time, each from the room as read in its turn, so pins of
   * one room at once do not exhaust their tries against each other; the fence is for another writer.
   */
  private Future<Void> inTurn(String roomId, Supplier<Future<Void>> change) {
    Future<Void> mine = queued.getOrDefault(roomId, Future.succeededFuture()).transform(previous -> change.get());
    queued.put(roomId, mine);
    mine.onComplete(done -> queued.remove(roomId, mine));
    return mine;
  }

  private Future<Void> changed(JsonObject room, String id, boolean on, int tries) {
    JsonArray before = room.getJsonArray("pinned");
    JsonArray pinned = before == null ? new JsonArray() : before.copy();
    if (on == pinned.contains(id)) {
      return Future.succeededFuture();
    }
    if (on && pinned.size() >= Limits.PINS_MAX) {
      return Future.failedFuture(ContractException.of(ErrorCode.PIN_LIMIT));
    }
    if (on) {
      pinned.getList().add(0, id);
    } else {
      pinned.remove(id);
    }
    String roomId = room.getString("_id");
    return rooms.setPinned(roomId, before, pinned).compose(after -> {
      if (after != null) {
        announce(after);
        return Future.succeededFuture();
      }
      return tries > 1 ? rooms.existing(roomId).compose(now -> changed(now, id, on, tries - 1))
          : Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
    });
  }

  private void announce(JsonObject room) {
    events.toRoom(room, new JsonObject().put("type", "pins").put("room", room.getString("_id"))
        .put("pinned", room.getJsonArray("pinned", new JsonArray())));
    events.roomChanged(Rooms.members(room), "updated", room);
  }
}
