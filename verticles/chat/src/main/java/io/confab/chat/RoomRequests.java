package io.confab.chat;

import static io.confab.chat.ChatInput.roomId;
import static io.confab.chat.ChatInput.userIds;

import io.confab.base.JsonInput;
import io.confab.base.Replies;
import io.confab.base.Requests;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Rooms: creating, listing and reading them, their members and channels. */
final class RoomRequests {

  private final Rooms rooms;
  private final Reads reads;
  private final Messages messages;
  private final Events events;
  private final Directory directory;

  RoomRequests(Rooms rooms, Reads reads, Messages messages, Events events, Directory directory) {
    this.rooms = rooms;
    this.reads = reads;
    this.messages = messages;
    this.events = events;
    this.directory = directory;
  }

  Future<Object> create(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    Rooms.Kind kind = kind(JsonInput.string(body, "kind", 1, 16));
    List<String> invited = userIds(body.getValue("members"));
    return switch (kind) {
      case GROUP, CHANNEL -> {
        String name = roomName(body);
        Set<String> members = new LinkedHashSet<>();
        members.add(caller);
        members.addAll(invited);
        if (members.size() > Limits.ROOM_MEMBERS_MAX) {
          throw ContractException.of(ErrorCode.INVALID_REQUEST);
        }
        yield verified(members).compose(ok -> created(Rooms.newRoom(null, kind, name, List.copyOf(members), List.of(caller))));
      }
      case DIRECT -> {
        if (invited.size() != 1 || invited.get(0).equals(caller)) {
          throw ContractException.of(ErrorCode.INVALID_REQUEST);
        }
        String other = invited.get(0);
        yield verified(List.of(caller, other))
            .compose(ok -> created(Rooms.newRoom(Rooms.directId(caller, other), kind, null, List.of(caller, other), List.of(caller, other))));
      }
      case SELF -> created(Rooms.newRoom(Rooms.selfId(caller), kind, null, List.of(caller), List.of(caller)));
    };
  }

  /** 201 and a {@code created} event for a new room; 200 with the room that already was (direct, self). */
  private Future<Object> created(JsonObject room) {
    return rooms.create(room).map(created -> {
      if (created.isNew()) {
        events.roomChanged(Rooms.members(created.room()), "created", created.room());
        return Rooms.view(created.room());
      }
      return new Replies.WithStatus(Rooms.view(created.room()), 200);
    });
  }

  /** The caller's rooms with their read state and (an addition to the contract) {@code lastMessage}. */
  Future<Object> list(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return Future.all(rooms.ofMember(caller), reads.of(caller)).compose(both -> {
      List<JsonObject> mine = both.resultAt(0);
      Map<String, Reads.Read> read = both.resultAt(1);
      return Future.all(mine.stream().map(room -> withLastMessage(room).map(view -> {
        Reads.Read mark = read.getOrDefault(room.getString("_id"), Reads.Read.NONE);
        long upTo = Reads.upTo(room, caller, mark.seq());
        return view.put("readSeq", upTo).put("unread", Math.max(0, view.getLong("lastSeq") - upTo)).put("mentions", mark.mentionsAfter(upTo))
            .put("muted", mark.muted());
      })).toList()).map(views -> new JsonArray(views.list()));
    });
  }

  /** The room's view with its newest message (the one at {@code lastSeq}, as it is now), or none while it has none. */
  private Future<JsonObject> withLastMessage(JsonObject room) {
    JsonObject view = Rooms.view(room);
    long lastSeq = view.getLong("lastSeq");
    return lastSeq == 0 ? Future.succeededFuture(view)
        : messages.atSeq(view.getString("id"), lastSeq).map(last -> last == null ? view : view.put("lastMessage", last));
  }

  /** Members see their rooms; anyone sees a channel; everyone else gets 404, as if it did not exist. */
  Future<Object> get(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return rooms.visible(roomId(request.body()), caller).map(Rooms::view);
  }

  Future<Object> addMember(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String userId = ChatInput.id(request.body(), "userId");
    return rooms.visible(roomId(request.body()), caller).compose(room -> {
      if (!Rooms.isAdmin(room, caller) || !isShared(room)) {
        return Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN));
      }
      if (Rooms.isMember(room, userId)) {
        return Future.succeededFuture();
      }
      if (Rooms.members(room).size() >= Limits.ROOM_MEMBERS_MAX) {
        return Future.failedFuture(ContractException.of(ErrorCode.CONFLICT));
      }
      return verified(List.of(userId)).compose(ok -> admit(room.getString("_id"), userId));
    }).map(done -> null);
  }

  Future<Object> removeMember(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String userId = ChatInput.id(request.body(), "userId");
    return rooms.visible(roomId(request.body()), caller).compose(room -> {
      boolean allowed = caller.equals(userId) || (Rooms.isAdmin(room, caller) && isShared(room));
      if (!allowed) {
        return Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN));
      }
      if (!Rooms.isMember(room, userId)) {
        return Rooms.notFound();
      }
      return rooms.removeMember(room.getString("_id"), userId).map(after -> {
        // The removed member's sockets stop first, then everyone hears of it.
        rooms.forget(room.getString("_id"));
        events.membershipChanged(room.getString("_id"), userId, false);
        List<String> told = new ArrayList<>(Rooms.members(after));
        told.add(userId);
        events.roomChanged(told, "member_removed", after);
        return null;
      });
    }).map(done -> null);
  }

  Future<Object> join(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return rooms.existing(roomId(request.body())).compose(room -> {
      if (!"channel".equals(room.getString("kind"))) {
        return Rooms.isMember(room, caller) ? Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN)) : Rooms.notFound();
      }
      return Rooms.isMember(room, caller) ? Future.succeededFuture() : admit(room.getString("_id"), caller);
    }).map(done -> null);
  }

  private Future<Void> admit(String roomId, String userId) {
    return rooms.addMember(roomId, userId).map(after -> {
      rooms.forget(roomId);
      events.membershipChanged(roomId, userId, true);
      events.roomChanged(Rooms.members(after), "member_added", after);
      return null;
    });
  }

  /** Addition to the contract: public channels by name prefix, each with whether the caller has joined. */
  Future<Object> channels(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String prefix = JsonInput.optionalString(request.body(), "q", 0, Limits.ROOM_NAME_MAX);
    return rooms.channels(prefix).map(found -> new JsonArray(found.stream()
        .map(room -> Rooms.view(room).put("joined", Rooms.isMember(room, caller)))
        .toList()));
  }

  /** Internal, for the edges' bridge checks. */
  Future<Object> members(Message<JsonObject> request) {
    return rooms.existing(roomId(request.body())).map(room -> new JsonObject().put("members", new JsonArray(Rooms.members(room))));
  }

  private static boolean isShared(JsonObject room) {
    return "group".equals(room.getString("kind")) || "channel".equals(room.getString("kind"));
  }

  private Future<Void> verified(Collection<String> userIds) {
    return directory.users(userIds).compose(found -> found.keySet().containsAll(userIds)
        ? Future.succeededFuture() : Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST)));
  }

  private static Rooms.Kind kind(String kind) {
    try {
      return Rooms.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException unknown) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
  }

  private static String roomName(JsonObject body) {
    String name = JsonInput.string(body, "name", Limits.ROOM_NAME_MIN, Limits.ROOM_NAME_MAX).strip();
    if (name.isEmpty()) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return name;
  }
}
