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
import java.util.List;

/**
 * Threads (v1.1): a reply is a message of its room carrying {@code threadRoot}, written like any message
 * ({@link Messages}, which also moves the root's {@code thread} summary in the reply's batch, and
 * {@link ThreadMembers}, who follows it and how far they have read). A thread's page, its read marker,
 * following and the followed threads are served by any instance from the store.
 */
final class Threads {

  private final Rooms rooms;
  private final Messages messages;
  private final ThreadMembers members;
  private final WriteLimit writeLimit;

  Threads(Rooms rooms, Messages messages, ThreadMembers members, WriteLimit writeLimit) {
    this.rooms = rooms;
    this.messages = messages;
    this.members = members;
    this.writeLimit = writeLimit;
  }

  /**
   * {@code {room, root, after?, limit?}} → {@code {root, messages, hasMore, following}}: the root and its replies
   * after {@code after}, ascending, and whether the caller follows the thread (the page's Follow button).
   */
  Future<Object> thread(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String rootId = rootId(body);
    Long after = JsonInput.optionalLong(body, "after", 0, Long.MAX_VALUE);
    int limit = MessageRequests.limit(body, MessageRequests.HISTORY_LIMIT_DEFAULT);
    return rooms.member(roomId, caller).compose(room -> root(roomId, rootId))
        .compose(root -> messages.replies(root, after == null ? 0 : after, limit)
            .compose(page -> members.following(roomId, rootId, caller)
                .map(following -> new JsonObject().put("root", Messages.view(root)).put("messages", page.messages())
                    .put("hasMore", page.hasMore()).put("following", following))));
  }

  /** {@code {room, root, seq}}: the caller's read marker in the thread, forward only (up to the room's last seq). */
  Future<Object> read(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String rootId = rootId(body);
    Long seq = JsonInput.optionalLong(body, "seq", 0, Long.MAX_VALUE);
    if (seq == null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return rooms.member(roomId, caller).compose(room -> root(roomId, rootId)
        .compose(root -> members.read(roomId, rootId, caller, Math.min(seq, room.getLong("lastSeq", 0L)))))
        .map(done -> new JsonObject());
  }

  /** {@code {room, root, on}}: follows the thread or stops following it; counted as a write. */
  Future<Object> follow(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String rootId = rootId(body);
    boolean on = JsonInput.bool(body, "on");
    writeLimit.count(caller);
    return rooms.member(roomId, caller).compose(room -> root(roomId, rootId))
        .compose(root -> members.follow(roomId, rootId, caller, on, root.getJsonObject("thread", new JsonObject()).getLong("lastReplyAt", 0L)))
        .map(done -> new JsonObject());
  }

  /**
   * {@code {limit?}} → {@code [{room, root, replies, unreadReplies, unreadMentions, lastReplyAt}]}: the threads
   * the caller follows in rooms they are a member of now, the most recent reply first.
   */
  Future<Object> list(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    Long limit = JsonInput.optionalLong(request.body(), "limit", 1, Limits.THREADS_LIST_MAX);
    return rooms.ofMember(caller)
        .compose(mine -> members.followed(caller, mine.stream().map(room -> room.getString("_id")).toList(),
            limit == null ? Limits.THREADS_LIST_DEFAULT : limit.intValue()))
        .compose(followed -> messages.byIds(followed.stream().map(ThreadMembers.Member::root).toList()).map(roots -> {
          JsonArray listed = new JsonArray();
          followed.stream().filter(member -> roots.containsKey(member.root())).forEach(member -> {
            JsonObject root = roots.get(member.root());
            JsonObject thread = root.getJsonObject("thread", new JsonObject());
            listed.add(new JsonObject().put("room", member.room()).put("root", Messages.view(root))
                .put("replies", thread.getLong("replies", 0L)).put("unreadReplies", member.unreadReplies())
                .put("unreadMentions", member.unreadMentions()).put("lastReplyAt", thread.getLong("lastReplyAt", 0L)));
          });
          return listed;
        }));
  }

  private static String rootId(JsonObject body) {
    return ChatInput.id(body, "root");
  }

  /** The root of a thread of {@code roomId}: a message of the room that is no reply; 404 otherwise. */
  private Future<JsonObject> root(String roomId, String rootId) {
    return messages.byId(rootId).compose(root -> root == null || !roomId.equals(root.getString("room")) || root.getString("threadRoot") != null
        ? Rooms.notFound() : Future.succeededFuture(root));
  }
}
