package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;

import io.confab.base.JsonInput;
import io.confab.base.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * Threads (v1.1): a reply is a message of its room carrying {@code threadRoot}, written like any message
 * ({@link Messages}, which also moves the root's {@code thread} summary in the reply's batch). A thread's
 * page is read from the store by any instance.
 */
final class Threads {

  private final Rooms rooms;
  private final Messages messages;

  Threads(Rooms rooms, Messages messages) {
    this.rooms = rooms;
    this.messages = messages;
  }

  /** {@code {room, root, after?, limit?}} → {@code {root, messages, hasMore}}: the root and its replies after {@code after}, ascending. */
  Future<Object> thread(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String rootId = JsonInput.string(body, "root", 1, 64);
    Long after = JsonInput.optionalLong(body, "after", 0, Long.MAX_VALUE);
    int limit = MessageRequests.limit(body, MessageRequests.HISTORY_LIMIT_DEFAULT);
    return rooms.member(roomId, caller).compose(room -> root(roomId, rootId))
        .compose(root -> messages.replies(roomId, rootId, after == null ? 0 : after, limit)
            .map(page -> new JsonObject().put("root", Messages.view(root)).put("messages", page.messages()).put("hasMore", page.hasMore())));
  }

  /** The root of a thread of {@code roomId}: a message of the room that is no reply; 404 otherwise. */
  private Future<JsonObject> root(String roomId, String rootId) {
    return messages.byId(rootId).compose(root -> root == null || !roomId.equals(root.getString("room")) || root.getString("threadRoot") != null
        ? Rooms.notFound() : Future.succeededFuture(root));
  }
}
