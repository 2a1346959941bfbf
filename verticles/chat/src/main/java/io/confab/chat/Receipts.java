package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;

import io.confab.base.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Read receipts (v1.1), computed from the read markers and the room's record of each member's latest
 * message when asked ({@link Reads#upTo}): the room is read from the store then, which holds every
 * sender's position once their message could be seen (the room moves before a batch is answered or
 * published), so it is never a cached copy. A user's {@code readReceipts: false} hides them both ways;
 * it is asked of auth each time (not the directory's minute-old copy), so turning receipts off counts at
 * once.
 */
final class Receipts {

  private final Rooms rooms;
  private final Reads reads;
  private final Messages messages;
  private final Directory directory;

  Receipts(Rooms rooms, Reads reads, Messages messages, Directory directory) {
    this.rooms = rooms;
    this.reads = reads;
    this.messages = messages;
    this.directory = directory;
  }

  /** {@code {room, id}} → {@code [{id, displayName}]}: members who have read up to the message, its sender excluded. */
  Future<Object> readers(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    String id = ChatInput.id(request.body(), "id");
    return rooms.member(roomId, caller).compose(room -> messages.byId(id).compose(message -> {
      if (message == null || !roomId.equals(message.getString("room")) || message.getBoolean("deleted", false)) {
        return Rooms.notFound();
      }
      String sender = message.getJsonObject("sender").getString("id");
      return reads.readers(room, message.getLong("seq")).compose(read -> {
        Set<String> readers = new LinkedHashSet<>(read);
        readers.remove(sender);
        Set<String> asked = new LinkedHashSet<>(readers);
        asked.add(caller);
        return directory.users(asked).map(users -> {
          JsonArray shown = new JsonArray();
          if (shows(users.get(caller))) {
            readers.stream().map(users::get).filter(Receipts::shows)
                .forEach(user -> shown.add(new JsonObject().put("id", user.getString("id")).put("displayName", user.getString("displayName"))));
          }
          return (Object) shown;
        });
      });
    }));
  }

  private static boolean shows(JsonObject user) {
    return user != null && user.getBoolean("readReceipts", true);
  }
}
