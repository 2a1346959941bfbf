package io.confab.chat;

import static io.confab.contract.Addresses.*;

import io.confab.base.Consumers;
import io.confab.base.JsonInput;
import io.confab.base.Replies;
import io.confab.base.Requests;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns rooms and messages: creating and joining rooms, sending, history and sync, edits and deletes,
 * read markers and typing. Every handler validates first, checks the caller's membership, stores,
 * and only then answers and publishes.
 *
 * <p>A room's writes (send, edit, delete) are made by the chat instance that owns the room ({@link Owners}):
 * any instance takes the request, counts the user's write against the limit, and hands it to the owner's
 * own address (one hop) unless it is the owner. An owner that cannot be reached (gone, or not answering
 * during a move) is replaced by the instance that took the request, which writes itself: the store's
 * unique indexes keep two writers of one room correct ({@link Messages}).
 */
public final class ChatVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);
  static final int HISTORY_LIMIT_DEFAULT = 50;
  static final int ATTACHMENTS_MAX = 10;
  /** Config key: writes per user and second (default {@link Limits#WRITES_PER_SECOND}). */
  static final String WRITES_PER_SECOND = "chat-writes-per-second";
  /** Config key: how long a member may stay offline with unread messages before a missed-messages mail. */
  static final String MISSED_MAIL_DELAY_MS = "chat-missed-mail-delay-ms";
  /** Config key: how often to look for missed-messages mails that are due. */
  static final String MISSED_MAIL_SCAN_MS = "chat-missed-mail-scan-ms";
  /** Config key: how often to look for users whose edge died (default {@link Presence#SWEEP_MS}). */
  static final String PRESENCE_SWEEP_MS = "chat-presence-sweep-ms";
  /** How long a write handed to its room's owner may take before this instance writes it itself. */
  static final long FORWARD_TIMEOUT_MS = 5_000;
  /** Header of a write handed to its room's owner: which write it is. */
  static final String WRITE = "x-confab-write";

  private Rooms rooms;
  private Messages messages;
  private Reads reads;
  private Events events;
  private Directory directory;
  private RedisAPI redis;
  private Presence presence;
  private MissedMail missedMail;
  private WriteLimit writeLimit;
  private final Owners owners;
  private Map<String, Function<Message<JsonObject>, Future<Object>>> writes;

  private Consumers consumers;

  /** Standalone: this instance owns every room. */
  public ChatVerticle() {
    this(null);
  }

  /** In a cluster: rooms are owned by the chat instances of the nodes {@code cluster} lists (null: standalone). */
  public ChatVerticle(ClusterManager cluster) {
    this.owners = new Owners(cluster);
  }

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    redis = RedisAPI.api(Redis.createClient(vertx, StoreConfig.redis(config())));
    rooms = new Rooms(mongo);
    reads = new Reads(mongo);
    events = new Events(vertx.eventBus());
    directory = new Directory(vertx.eventBus());
    presence = new Presence(redis);
    writeLimit = new WriteLimit(config().getInteger(WRITES_PER_SECOND, Limits.WRITES_PER_SECOND));
    vertx.setPeriodic(config().getLong(PRESENCE_SWEEP_MS, Presence.SWEEP_MS), timer -> presence.expired()
        .onSuccess(users -> users.forEach(user -> announcePresence(user, "offline"))));
    String publicUrl = config().getString(ConfigKeys.PUBLIC_URL,
        "http://127.0.0.1:" + config().getInteger(ConfigKeys.HTTP_PORT, 8080) + "/");
    missedMail = new MissedMail(redis, vertx.eventBus(), presence, config().getLong(MISSED_MAIL_DELAY_MS, 10 * 60_000L), publicUrl);
    vertx.setPeriodic(config().getLong(MISSED_MAIL_SCAN_MS, 30_000L), timer -> missedMail.sendDue(this::unread));
    messages = new Messages(mongo, new RecentMessages(redis), rooms, this::stored, room -> owners.ownsLocally(room));
    writes = Map.of(CHAT_SEND, this::send, CHAT_EDIT, this::edit, CHAT_DELETE, this::delete);
    return Future.all(rooms.prepare(), messages.prepare(), reads.prepare())
        .compose(ready -> owners.start(context, this::ownersChanged))
        .compose(ready -> Future.all(List.of(
            consumers.serve(ROOMS_CREATE, this::createRoom),
            consumers.serve(ROOMS_LIST, this::listRooms),
            consumers.serve(ROOMS_GET, this::getRoom),
            consumers.serve(ROOMS_MEMBERS_ADD, this::addMember),
            consumers.serve(ROOMS_MEMBERS_REMOVE, this::removeMember),
            consumers.serve(ROOMS_JOIN, this::join),
            consumers.serve(CHANNELS_LIST, this::listChannels),
            consumers.serve(CHAT_ROOM_MEMBERS, this::roomMembers),
            consumers.serve(CHAT_MESSAGE_GET, this::messageGet),
            consumers.serve(CHAT_SEND, this::routed),
            consumers.serve(CHAT_HISTORY, this::history),
            consumers.serve(CHAT_SYNC, this::sync),
            consumers.serve(CHAT_EDIT, this::routed),
            consumers.serve(CHAT_DELETE, this::routed),
            consumers.serve(Owners.address(owners.self()), this::owned),
            consumers.serve(CHAT_READ, this::read),
            consumers.serve(CHAT_TYPING, this::typing),
            consumers.serve(PRESENCE_QUERY, this::presenceQuery),
            vertx.eventBus().<JsonObject>consumer(CHAT_MEMBERSHIP_CHANGED, change -> rooms.forget(change.body().getString("room")))
                .completion(),
            vertx.eventBus().<JsonObject>consumer(CHAT_PRESENCE_CHANGED, change -> announcePresence(
                change.body().getString("user"), change.body().getString("status"))).completion())));
  }

  /** Requests in flight finish first; new ones go to other nodes. */
  @Override
  public Future<?> stop() {
    owners.stop();
    return consumers.drain();
  }

  // ---- rooms -------------------------------------------------------------------------------------

  private Future<Object> createRoom(Message<JsonObject> request) {
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
  private Future<Object> listRooms(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return Future.all(rooms.ofMember(caller), reads.of(caller)).compose(both -> {
      List<JsonObject> mine = both.resultAt(0);
      java.util.Map<String, Long> readSeqs = both.resultAt(1);
      return Future.all(mine.stream().map(this::withLastMessage).toList()).map(views -> new JsonArray(views.<JsonObject>list().stream()
          .map(view -> {
            long readSeq = readSeqs.getOrDefault(view.getString("id"), 0L);
            return view.put("readSeq", readSeq).put("unread", Math.max(0, view.getLong("lastSeq") - readSeq));
          }).toList()));
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
  private Future<Object> getRoom(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return rooms.existing(roomId(request.body())).compose(room ->
        Rooms.isMember(room, caller) || "channel".equals(room.getString("kind"))
            ? Future.succeededFuture(Rooms.view(room)) : notFound());
  }

  private Future<Object> addMember(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String userId = JsonInput.string(request.body(), "userId", 1, 64);
    return visibleRoom(roomId(request.body()), caller).compose(room -> {
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

  private Future<Object> removeMember(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String userId = JsonInput.string(request.body(), "userId", 1, 64);
    return visibleRoom(roomId(request.body()), caller).compose(room -> {
      boolean allowed = caller.equals(userId) || (Rooms.isAdmin(room, caller) && isShared(room));
      if (!allowed) {
        return Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN));
      }
      if (!Rooms.isMember(room, userId)) {
        return notFound();
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

  private Future<Object> join(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    return rooms.existing(roomId(request.body())).compose(room -> {
      if (!"channel".equals(room.getString("kind"))) {
        return Rooms.isMember(room, caller) ? Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN)) : notFound();
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
  private Future<Object> listChannels(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String prefix = JsonInput.optionalString(request.body(), "q", 0, Limits.ROOM_NAME_MAX);
    return rooms.channels(prefix).map(found -> new JsonArray(found.stream()
        .map(room -> Rooms.view(room).put("joined", Rooms.isMember(room, caller)))
        .toList()));
  }

  /** Internal, for the edges' bridge checks. */
  private Future<Object> roomMembers(Message<JsonObject> request) {
    return rooms.existing(roomId(request.body())).map(room -> new JsonObject().put("members", new JsonArray(Rooms.members(room))));
  }

  /** Internal, for translation and files: a message as its room's members see it, or 404 for anyone else. */
  private Future<Object> messageGet(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String id = JsonInput.string(request.body(), "id", 1, 64);
    return messages.byId(id).compose(stored -> stored == null ? notFound() : rooms.existing(stored.getString("room"))
        .compose(room -> Rooms.isMember(room, caller)
            ? Future.succeededFuture(new JsonObject().put("message", Messages.view(stored)).put("room", Rooms.view(room)))
            : notFound()));
  }

  // ---- messages ----------------------------------------------------------------------------------

  /** A write as any instance takes it: counted against the user's limit here, then written by the room's owner. */
  private Future<Object> routed(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    Function<Message<JsonObject>, Future<Object>> write = writes.get(request.address());
    writeLimit.count(caller);
    String owner = owners.owner(roomId);
    if (owner.equals(owners.self())) {
      return write.apply(request);
    }
    DeliveryOptions handed = new DeliveryOptions().setSendTimeout(FORWARD_TIMEOUT_MS).addHeader(WRITE, request.address());
    request.headers().forEach(header -> handed.addHeader(header.getKey(), header.getValue()));
    return vertx.eventBus().request(Owners.address(owner), request.body(), handed)
        .map(ChatVerticle::relayed)
        .recover(failure -> !unreachable(failure) ? Future.failedFuture(failure)
            : CHAT_SEND.equals(request.address()) ? send(request, true) : write.apply(request));
  }

  /** A write handed over by the instance that took it: this instance owns (or owned) its room. */
  private Future<Object> owned(Message<JsonObject> request) {
    Function<Message<JsonObject>, Future<Object>> write = writes.get(String.valueOf(request.headers().get(WRITE)));
    if (write == null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return write.apply(request);
  }

  /** The owner's answer as the taker gives it back, its status included. */
  private static Object relayed(Message<Object> reply) {
    String status = reply.headers().get(Headers.STATUS);
    return status == null ? reply.body() : new Replies.WithStatus(reply.body(), Integer.parseInt(status));
  }

  /** The owner is gone or did not answer in time (a move under way): the store fences whoever writes instead. */
  private static boolean unreachable(Throwable failure) {
    return failure instanceof ReplyException reply
        && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureType() == ReplyFailure.TIMEOUT);
  }

  private void ownersChanged() {
    messages.ownersChanged();
    LOG.atInfo().setMessage("chat.owners.changed").addKeyValue("node", owners.self()).log();
  }

  private Future<Object> send(Message<JsonObject> request) {
    return send(request, false);
  }

  /**
   * {@code ownerLost}: this instance writes because the room's owner did not answer; a repeat then
   * announces the message even if the room is past it, since the owner may have died between moving the
   * room and publishing (found by bench/kill-test: a message stored and acknowledged that no open socket
   * got). At worst it is delivered twice; clients merge by seq.
   */
  private Future<Object> send(Message<JsonObject> request, boolean ownerLost) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String text = JsonInput.string(body, "text", 1, Limits.TEXT_MAX_CODE_POINTS);
    String clientMsgId = JsonInput.string(body, "clientMsgId", 1, Limits.CLIENT_MSG_ID_MAX);
    List<String> fileIds = fileIds(body);
    return rooms.recentlySeen(roomId)
        .compose(room -> Rooms.isMember(room, caller) ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.NOT_MEMBER)))
        .compose(room -> attachments(caller, fileIds, roomId, clientMsgId).compose(attachments -> directory.user(caller)
            .map(user -> new JsonObject().put("id", caller).put("displayName", user == null ? "" : user.getString("displayName")))
            .compose(sender -> messages.append(room, new Messages.Draft(sender, text, clientMsgId, attachments)))
            .compose(appended -> {
              JsonObject message = Messages.view(appended.message());
              if (appended.isNew()) {
                // Published as its batch completes (stored, the room moved, the sender's read marker with it),
                // so a room's messages go out in seq order.
                events.toRoom(room, message.copy().put("type", "message"));
                return Future.succeededFuture(message);
              }
              // A repeat of a send whose writer died after storing it but before moving the room finishes the
              // job: the one request that moves the room past it announces it, however many repeat at once.
              return rooms.advanceIfBehind(roomId, message.getLong("seq"), message.getLong("rev")).compose(moved -> {
                if (!moved && !ownerLost) {
                  return Future.succeededFuture(new Replies.WithStatus(message, 200));
                }
                events.toRoom(room, message.copy().put("type", "message"));
                return stored(List.of(new Messages.Stored(room, appended.message()))).map(new Replies.WithStatus(message, 200));
              });
            })));
  }

  /**
   * What moves with each batch of new messages: the senders' read markers, and the missed-mail schedule of
   * the others (not waited for: a mail missed is no reason to refuse a send).
   */
  private Future<Void> stored(List<Messages.Stored> fresh) {
    missedMail.messagesStored(fresh).onFailure(failure -> LOG.atWarn().setMessage("chat.missed.schedule.failed")
        .addKeyValue("cause", String.valueOf(failure.getMessage())).log());
    return reads.advanceAll(fresh.stream().map(stored -> new Reads.Marker(stored.room().getString("_id"),
        stored.message().getJsonObject("sender").getString("id"), stored.message().getLong("seq"))).toList());
  }

  /** The sender's own uploads, as the files verticle describes them, shared in the room by this message; none asks nothing. */
  private Future<JsonArray> attachments(String owner, List<String> fileIds, String roomId, String clientMsgId) {
    if (fileIds.isEmpty()) {
      return Future.succeededFuture(new JsonArray());
    }
    return vertx.eventBus().<JsonObject>request(FILES_ATTACHMENTS_RESOLVE, new JsonObject().put("owner", owner)
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
    return vertx.eventBus().request(FILES_ATTACHMENTS_RELEASE, message).<Void>mapEmpty().recover(e -> {
      if (!(e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS)) {
        LOG.atWarn().setMessage("message.files.release.failed").addKeyValue("room", message.getString("room"))
            .addKeyValue("id", deleted.getString("_id")).addKeyValue("error", String.valueOf(e.getMessage())).log();
      }
      return Future.succeededFuture();
    });
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
    return memberRoom(roomId, caller).compose(room -> messages.history(roomId, after, before, limit)).map(page -> page);
  }

  private Future<Object> sync(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    Long since = JsonInput.optionalLong(body, "since", 0, Long.MAX_VALUE);
    int limit = limit(body, Limits.SYNC_LIMIT_DEFAULT);
    return memberRoom(roomId, caller).compose(room -> messages.changes(roomId, since == null ? 0 : since, limit)).map(page -> page);
  }

  private Future<Object> edit(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = JsonInput.string(body, "id", 1, 64);
    String text = JsonInput.string(body, "text", 1, Limits.TEXT_MAX_CODE_POINTS);
    return memberRoom(roomId, caller)
        .compose(room -> messages.change(roomId, id, stored -> {
          if (stored.getBoolean("deleted", false)) {
            throw ContractException.of(ErrorCode.NOT_FOUND);
          }
          if (!caller.equals(stored.getJsonObject("sender").getString("id"))) {
            throw ContractException.of(ErrorCode.FORBIDDEN);
          }
        }, new JsonObject().put("text", text).put("editedAt", System.currentTimeMillis()), null)
            .compose(changed -> published(room, Messages.view(changed), Messages.view(changed).put("type", "edit"))));
  }

  private Future<Object> delete(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    JsonObject body = request.body();
    String roomId = roomId(body);
    String id = JsonInput.string(body, "id", 1, 64);
    return memberRoom(roomId, caller)
        .compose(room -> messages.change(roomId, id, stored -> {
          if (stored.getBoolean("deleted", false)) {
            throw ContractException.of(ErrorCode.NOT_FOUND);
          }
          if (!caller.equals(stored.getJsonObject("sender").getString("id")) && !Rooms.isAdmin(room, caller)) {
            throw ContractException.of(ErrorCode.FORBIDDEN);
          }
        }, new JsonObject().put("deleted", true).put("attachments", new JsonArray()), new JsonObject().put("text", ""))
            .compose(changed -> released(changed).map(changed))
            .compose(changed -> published(room, new JsonObject(), new JsonObject().put("type", "delete").put("room", roomId)
                .put("id", changed.getString("_id")).put("seq", changed.getLong("seq")).put("rev", changed.getLong("rev")))));
  }

  /** After an edit or delete (stored, the room's rev moved): the event goes out, the caller gets {@code answer}. */
  private Future<Object> published(JsonObject room, JsonObject answer, JsonObject event) {
    events.toRoom(room, event);
    return Future.succeededFuture(answer);
  }

  private Future<Object> read(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    Long given = JsonInput.optionalLong(request.body(), "seq", 0, Long.MAX_VALUE);
    if (given == null) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    long seq = given;
    return memberRoom(roomId, caller).compose(room -> {
      long upTo = Math.min(seq, room.getLong("lastSeq", 0L));
      return reads.advance(roomId, caller, upTo).map(moved -> {
        if (moved) {
          events.toRoom(room, new JsonObject().put("type", "read").put("room", roomId).put("user", caller).put("seq", upTo));
        }
        return new JsonObject();
      });
    });
  }

  /** Ephemeral: never stored, at most one event per user and room every two seconds. */
  private Future<Object> typing(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    String roomId = roomId(request.body());
    return memberRoom(roomId, caller).compose(room -> redis.set(List.of("confab:chat:typing:" + roomId + ":" + caller, "1", "NX", "EX",
            String.valueOf(Limits.TYPING_INTERVAL_SECONDS)))
        .map(set -> {
          if (set != null && "OK".equals(set.toString())) {
            events.toRoom(room, new JsonObject().put("type", "typing").put("room", roomId).put("user", caller));
          }
          return new JsonObject();
        }));
  }

  /** What a missed-messages mail shows: the first unread messages of a room the user still belongs to. */
  private Future<JsonObject> unread(String roomId, String user, int limit) {
    return rooms.byId(roomId).compose(room -> room == null || !Rooms.isMember(room, user) ? Future.succeededFuture()
        : reads.seq(roomId, user).compose(readSeq -> messages.history(roomId, readSeq, null, limit).map(page -> {
          JsonArray shown = new JsonArray(page.getJsonArray("messages").stream().map(JsonObject.class::cast)
              .filter(message -> !message.getBoolean("deleted", false) && !user.equals(message.getJsonObject("sender").getString("id")))
              .toList());
          return shown.isEmpty() ? null : new JsonObject().put("room", Rooms.view(room)).put("messages", shown)
              .put("count", Math.max(shown.size(), room.getLong("lastSeq", 0L) - readSeq));
        })));
  }

  // ---- presence ----------------------------------------------------------------------------------

  /** {@code {users: [userId]}} → {@code {<userId>: "online" | "offline"}}, at most 200 users. */
  /**
   * Presence is told only of the caller and of people who share a room with them; anyone else is
   * answered "offline", so that a user id alone does not tell a stranger when someone is connected.
   */
  private Future<Object> presenceQuery(Message<JsonObject> request) {
    String caller = Requests.caller(request);
    List<String> users = userIds(request.body().getValue("users"));
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

  /** A user came online or went offline: every room they are in hears of it. */
  private void announcePresence(String user, String status) {
    if (user == null || !("online".equals(status) || "offline".equals(status))) {
      return;
    }
    rooms.ofMember(user).onSuccess(mine -> mine.forEach(room ->
        events.toRoom(room, new JsonObject().put("type", "presence").put("room", room.getString("_id")).put("user", user).put("status", status))));
  }

  // ---- helpers -----------------------------------------------------------------------------------



  private static String roomId(JsonObject body) {
    return JsonInput.string(body, "room", 1, 100);
  }

  /** The room, when the caller is a member: 404 when it does not exist, 403 {@code not_member} otherwise. */
  private Future<JsonObject> memberRoom(String roomId, String caller) {
    return rooms.existing(roomId).compose(room -> Rooms.isMember(room, caller)
        ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.NOT_MEMBER)));
  }

  /** Like {@link #memberRoom} for management: a room the caller cannot see is 404. */
  private Future<JsonObject> visibleRoom(String roomId, String caller) {
    return rooms.existing(roomId).compose(room -> Rooms.isMember(room, caller) || "channel".equals(room.getString("kind"))
        ? Future.succeededFuture(room) : notFound());
  }

  private static boolean isShared(JsonObject room) {
    return "group".equals(room.getString("kind")) || "channel".equals(room.getString("kind"));
  }

  private Future<Void> verified(java.util.Collection<String> userIds) {
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

  private static List<String> userIds(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > Limits.ROOM_MEMBERS_MAX
        || !array.stream().allMatch(item -> item instanceof String id && !id.isEmpty() && id.length() <= 64)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return array.stream().map(String.class::cast).distinct().toList();
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

  private static int limit(JsonObject body, int fallback) {
    Long limit = JsonInput.optionalLong(body, "limit", 1, Limits.HISTORY_LIMIT_MAX);
    return limit == null ? fallback : limit.intValue();
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
  }
}
