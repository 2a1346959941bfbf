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
import io.vertx.redis.client.RedisAPI;
import java.util.List;

/** Read markers and typing, and what a member has not read yet (for the missed-messages mail). */
final class ReadRequests implements MissedMail.Unread {

  private final Rooms rooms;
  private final Reads reads;
  private final Messages messages;
  private final Events events;
  private final RedisAPI redis;

  ReadRequests(Rooms rooms, Reads reads, Messages messages, Events events, RedisAPI redis) {
    this.rooms = rooms;
    this.reads = reads;
    this.messages = messages;
    this.events = events;
    this.redis = redis;
  }

  Future<Object> read(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    Long given = JsonInput.optionalLong(request.body(), "seq", 0, Long.MAX_VALUE);
    if (given == null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    long seq = given;
    return rooms.member(roomId, caller).compose(room -> {
      long upTo = Math.min(seq, room.getLong("lastSeq", 0L));
      // The event only when where the caller has read up to moved: their own messages may be past the marker.
      return reads.advance(roomId, caller, upTo).map(before -> {
        if (upTo > Reads.upTo(room, caller, before)) {
          events.toRoom(room, new JsonObject().put("type", "read").put("room", roomId).put("user", caller).put("seq", upTo));
        }
        return new JsonObject();
      });
    });
  }

  /** Ephemeral: never stored, at most one event per user and room every two seconds. */
  /** {@code {room, muted}} → {@code {muted}}: the caller's own setting of a room they are a member of. */
  Future<Object> settings(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    Boolean muted = JsonInput.optionalBool(request.body(), "muted");
    if (muted == null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return rooms.member(roomId, caller).compose(room -> reads.mute(roomId, caller, muted))
        .map(done -> new JsonObject().put("muted", muted));
  }

  Future<Object> typing(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    return rooms.member(roomId, caller).compose(room -> redis.set(List.of("confab:chat:typing:" + roomId + ":" + caller, "1", "NX", "EX",
            String.valueOf(Limits.TYPING_INTERVAL_SECONDS)))
        .map(set -> {
          if (set != null && "OK".equals(set.toString())) {
            events.toRoom(room, new JsonObject().put("type", "typing").put("room", roomId).put("user", caller));
          }
          return new JsonObject();
        }));
  }

  /** What a missed-messages mail shows: the first unread messages of a room the user still belongs to. */
  @Override
  public Future<JsonObject> of(String roomId, String user, int limit) {
    return rooms.byId(roomId).compose(room -> room == null || !Rooms.isMember(room, user) ? Future.succeededFuture()
        : reads.seq(roomId, user).map(marker -> Reads.upTo(room, user, marker))
            .compose(readSeq -> messages.history(room, readSeq, null, limit).map(page -> {
              JsonArray shown = new JsonArray(page.getJsonArray("messages").stream().map(JsonObject.class::cast)
                  .filter(message -> !message.getBoolean("deleted", false) && !user.equals(message.getJsonObject("sender").getString("id")))
                  .toList());
              return shown.isEmpty() ? null : new JsonObject().put("room", Rooms.view(room)).put("messages", shown)
                  .put("count", Math.max(shown.size(), room.getLong("lastSeq", 0L) - readSeq));
            })));
  }
}
