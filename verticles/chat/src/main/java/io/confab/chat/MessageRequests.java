package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;
import static io.confab.contract.Addresses.CHAT_DELETE;
import static io.confab.contract.Addresses.CHAT_EDIT;
import static io.confab.contract.Addresses.CHAT_HISTORY;
import static io.confab.contract.Addresses.CHAT_SEND;
import static io.confab.contract.Addresses.CHAT_SYNC;
import static io.confab.contract.Addresses.FILES_ATTACHMENTS_RELEASE;
import static io.confab.contract.Addresses.FILES_ATTACHMENTS_RESOLVE;

import io.confab.base.JsonInput;
import io.confab.base.Replies;
import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages: the writes (send, edit, delete) and the resume reads (history, sync) as the room's owner
 * serves them ({@link OwnerRouting} brings them here), and one message by id. Each validates, checks the caller's membership,
 * stores, and only then answers and publishes.
 */
final class MessageRequests implements OwnerRouting.AtOwner {

  private static final Logger LOG = LoggerFactory.getLogger(MessageRequests.class);
  static final int HISTORY_LIMIT_DEFAULT = 50;
  static final int ATTACHMENTS_MAX = 10;

  private final EventBus bus;
  private final Rooms rooms;
  private final Messages messages;
  private final Events events;
  private final Directory directory;
  private final Messages.AfterStore afterStore;
  private final Pins pins;
  private final Reads reads;
  private final Previews previews;
  private final Announced announced = new Announced();

  MessageRequests(EventBus bus, Rooms rooms, Messages messages, Events events, Directory directory, Messages.AfterStore afterStore,
      Pins pins, Reads reads, Previews previews) {
    this.bus = bus;
    this.rooms = rooms;
    this.messages = messages;
    this.events = events;
    this.directory = directory;
    this.afterStore = afterStore;
    this.pins = pins;
    this.reads = reads;
    this.previews = previews;
  }

  @Override
  public Future<Object> serve(String address, Message<JsonObject> request) {
    return switch (address) {
      case CHAT_SEND -> send(request);
      case CHAT_EDIT -> edit(request);
      case CHAT_DELETE -> delete(request);
      case CHAT_HISTORY -> history(request);
      case CHAT_SYNC -> sync(request);
      default -> throw ContractException.of(ErrorCode.INVALID_REQUEST);
    };
  }

  /**
   * A new message is announced as its batch completes; a repeat (same {@code clientMsgId}) by an owner that
   * has not announced it itself, once: its writer may have died before moving the room or before publishing,
   * and then this owner, or a taker the owner did not answer, is the only one left to (found by
   * bench/kill-test: a message stored and acknowledged that no open socket got). A move may so announce it
   * twice, which clients merge by seq; repeats racing within one owner announce it once.
   */
  private Future<Object> send(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String text = JsonInput.string(body, "text", 1, Limits.TEXT_MAX_CODE_POINTS);
    String clientMsgId = JsonInput.string(body, "clientMsgId", 1, Limits.CLIENT_MSG_ID_MAX);
    List<String> fileIds = fileIds(body);
    List<String> mentioned = mentions(body);
    boolean mentionsRoom = Boolean.TRUE.equals(JsonInput.optionalBool(body, "mentionsRoom"));
    String threadRoot = JsonInput.optionalString(body, "threadRoot", 1, ChatInput.ID_MAX);
    return rooms.recentlySeen(roomId)
        .compose(room -> Rooms.isMember(room, caller) ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.NOT_MEMBER)))
        .compose(room -> threadOf(roomId, threadRoot).compose(root -> attachments(caller, fileIds, roomId, clientMsgId)
            .compose(attachments -> directory.user(caller)
            .map(user -> new JsonObject().put("id", caller).put("displayName", user == null ? "" : user.getString("displayName")))
            .compose(sender -> messages.append(room, new Messages.Draft(sender, text, clientMsgId, attachments,
                members(room, mentioned), mentionsRoom, root)))
            .compose(appended -> {
              JsonObject message = Messages.view(appended.message());
              if (appended.isNew()) {
                // Published as its batch completes (stored, the room moved, the sender's position with it),
                // so a room's messages go out in seq order; a reply's root, moved in the same batch, right after it.
                if (announced.first(roomId, message.getLong("seq"))) {
                  events.toRoom(room, message.copy().put("type", "message"));
                }
                if (appended.root() != null) {
                  events.toRoom(room, Messages.view(appended.root()).put("type", "update"));
                }
                return Future.succeededFuture(message);
              }
              // The room (its sender's position with it) moves past a repeat whose writer died before moving it;
              // the first of the repeats to get here after that announces it, unless this owner did already.
              Map<String, Long> sent = Rooms.sent(List.of(appended.message()));
              return rooms.advance(roomId, message.getLong("seq"), message.getLong("rev"), sent).compose(done -> {
                if (!announced.first(roomId, message.getLong("seq"))) {
                  return Future.succeededFuture(new Replies.WithStatus(message, 200));
                }
                events.toRoom(room, message.copy().put("type", "message"));
                return afterStore.stored(List.of(new Messages.Stored(room, appended.message()))).map(new Replies.WithStatus(message, 200));
              });
            }))));
  }

  /**
   * The root of the thread a send names ({@code named}: null for none): that message, or the root of the
   * reply it names. Unknown or of another room: 400; a deleted root takes no more replies: 404, as for
   * reacting to it.
   */
  private Future<String> threadOf(String roomId, String named) {
    if (named == null) {
      return Future.succeededFuture();
    }
    return messages.byId(named).compose(message -> {
      if (message == null || !roomId.equals(message.getString("room"))) {
        return Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST));
      }
      String root = message.getString("threadRoot");
      return root == null ? Future.succeededFuture(message) : messages.byId(root);
    }).compose(root -> root == null || root.getBoolean("deleted", false) ? Rooms.notFound() : Future.succeededFuture(root.getString("_id")));
  }

  /** The sender's own uploads, as the files verticle describes them, shared in the room by this message; none asks nothing. */
  private Future<JsonArray> attachments(String owner, List<String> fileIds, String roomId, String clientMsgId) {
    if (fileIds.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return bus.<JsonObject>request(FILES_ATTACHMENTS_RESOLVE, new JsonObject().put("owner", owner)
            .put("fileIds", new JsonArray(fileIds)).put("room", roomId).put("clientMsgId", clientMsgId))
        .map(reply -> reply.body().getJsonArray("attachments"));
  }

  /**
   * A deleted message shares its files no more. The deletion is stored already, so a failure is logged, not
   * answered (its files stay readable to the room's members, who could read them before); where no files
   * role runs, no message carried any.
   */
  private Future<Void> released(JsonObject deleted) {
    JsonObject message = new JsonObject().put("owner", deleted.getJsonObject("sender").getString("id"))
        .put("room", deleted.getString("room")).put("clientMsgId", deleted.getString("clientMsgId"));
    return bus.request(FILES_ATTACHMENTS_RELEASE, message).<Void>mapEmpty().recover(e -> {
      if (!(e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
        LOG.atWarn().setMessage("message.files.release.failed").addKeyValue("room", message.getString("room"))
            .addKeyValue("id", deleted.getString("_id")).addKeyValue("error", String.valueOf(e.getMessage())).log();
      }
      return Future.succeededFuture();
    });
  }

  private Future<Object> edit(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = ChatInput.id(body, "id");
    String text = JsonInput.string(body, "text", 1, Limits.TEXT_MAX_CODE_POINTS);
    return rooms.member(roomId, caller)
        .compose(room -> messages.change(roomId, id, stored -> {
          if (stored.getBoolean("deleted", false)) {
            throw ContractException.of(ErrorCode.NOT_FOUND);
          }
          if (!caller.equals(stored.getJsonObject("sender").getString("id"))) {
            throw ContractException.of(ErrorCode.FORBIDDEN);
          }
        }, new JsonObject().put("text", text).put("editedAt", System.currentTimeMillis()), new JsonObject().put("previews", ""))
            .onSuccess(previews::asked)
            .compose(changed -> published(room, Messages.view(changed), Messages.view(changed).put("type", "edit"))));
  }

  private Future<Object> delete(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = ChatInput.id(body, "id");
    return rooms.member(roomId, caller)
        .compose(room -> messages.change(roomId, id, stored -> {
          if (stored.getBoolean("deleted", false)) {
            throw ContractException.of(ErrorCode.NOT_FOUND);
          }
          if (!caller.equals(stored.getJsonObject("sender").getString("id")) && !Rooms.isAdmin(room, caller)) {
            throw ContractException.of(ErrorCode.FORBIDDEN);
          }
        }, new JsonObject().put("deleted", true).put("attachments", new JsonArray()).put("reactions", new JsonArray())
                .put("mentions", new JsonArray()),
            new JsonObject().put("text", "").put("mentionsRoom", "").put("previews", ""))
            .compose(changed -> released(changed).map(changed))
            .compose(changed -> unmentioned(room, changed).map(changed))
            .compose(changed -> published(room, new JsonObject(), new JsonObject().put("type", "delete").put("room", roomId)
                .put("id", changed.getString("_id")).put("seq", changed.getLong("seq")).put("rev", changed.getLong("rev"))))
            .compose(answer -> pins.deleted(roomId, id).map(answer)));
  }

  /**
   * A deleted message leaves its mentions' unread counts. {@code changed} is the message as the delete left it,
   * so who it mentioned is read from the message before: the room's members cover both kinds of mention.
   */
  private Future<Void> unmentioned(JsonObject room, JsonObject changed) {
    return reads.unmentioned(room.getString("_id"), Rooms.members(room), changed.getLong("seq")).recover(e -> {
      LOG.atWarn().setMessage("message.mentions.clear.failed").addKeyValue("room", room.getString("_id"))
          .addKeyValue("id", changed.getString("_id")).addKeyValue("error", String.valueOf(e.getMessage())).log();
      return Future.succeededFuture();
    });
  }

  /** After an edit or delete (stored, the room's rev moved): the event goes out, the caller gets {@code answer}. */
  private Future<Object> published(JsonObject room, JsonObject answer, JsonObject event) {
    events.toRoom(room, event);
    return Future.succeededFuture(answer);
  }

  private Future<Object> history(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    Long after = JsonInput.optionalLong(body, "after", 0, Long.MAX_VALUE);
    Long before = JsonInput.optionalLong(body, "before", 1, Long.MAX_VALUE);
    int limit = limit(body, HISTORY_LIMIT_DEFAULT);
    if (after != null && before != null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return rooms.member(roomId, caller).compose(room -> messages.history(room, after, before, limit)).map(page -> page);
  }

  private Future<Object> sync(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    Long since = JsonInput.optionalLong(body, "since", 0, Long.MAX_VALUE);
    int limit = limit(body, Limits.SYNC_LIMIT_DEFAULT);
    return rooms.member(roomId, caller).compose(room -> messages.changes(room, since == null ? 0 : since, limit)).map(page -> page);
  }

  /** Internal, for translation and files: a message as its room's members see it, or 404 for anyone else. */
  Future<Object> get(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String id = ChatInput.id(request.body(), "id");
    return messages.byId(id).compose(stored -> stored == null ? Rooms.notFound() : rooms.existing(stored.getString("room"))
        .compose(room -> Rooms.isMember(room, caller)
            ? Future.succeededFuture(new JsonObject().put("message", Messages.view(stored)).put("room", Rooms.view(room)))
            : Rooms.notFound()));
  }

  /** {@code attachments}: file ids, or objects with a {@code fileId}, at most {@link #ATTACHMENTS_MAX}. */
  private static List<String> fileIds(JsonObject body) {
    Object value = body.getValue("attachments");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > ATTACHMENTS_MAX) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    List<String> ids = new ArrayList<>();
    for (Object item : array) {
      Object id = item instanceof JsonObject attachment ? attachment.getValue("fileId") : item;
      if (!(id instanceof String fileId) || fileId.isEmpty() || fileId.length() > 64) {
        throw ContractException.of(ErrorCode.INVALID_REQUEST);
      }
      ids.add(fileId);
    }
    return ids.stream().distinct().toList();
  }

  /** {@code mentions}: user ids, at most {@link Limits#MENTIONS_MAX}, repeats folded. */
  private static List<String> mentions(JsonObject body) {
    Object value = body.getValue("mentions");
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > Limits.MENTIONS_MAX) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    for (Object item : array) {
      if (!(item instanceof String id) || id.isEmpty() || id.length() > 64) {
        throw ContractException.of(ErrorCode.INVALID_REQUEST);
      }
    }
    return array.stream().map(String.class::cast).distinct().toList();
  }

  /** The mentioned who are members of the room now; anyone else is dropped, as the contract keeps members only. */
  private static JsonArray members(JsonObject room, List<String> mentioned) {
    return new JsonArray(mentioned.stream().filter(user -> Rooms.isMember(room, user)).toList());
  }

  static int limit(JsonObject body, int fallback) {
    Long limit = JsonInput.optionalLong(body, "limit", 1, Limits.HISTORY_LIMIT_MAX);
    return limit == null ? fallback : limit.intValue();
  }
}
