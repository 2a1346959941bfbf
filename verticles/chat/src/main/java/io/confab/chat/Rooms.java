package io.confab.chat;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.base.Failures;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Rooms in MongoDB. A direct room's id is made of its two members and a notes-to-self room's of its
 * owner, so two creators racing for the same one collide on {@code _id} and both get the same room.
 */
final class Rooms {

  static final String COLLECTION = "rooms";
  static final int CHANNELS_LISTED = 50;
  /** Internal: at least every rev an edit freed (claimed before the change), moved with each batch too; never shown. */
  static final String REV_COUNTER = "revCounter";
  /**
   * Internal, never shown: by member, the seq of their latest top-level message in the room, moved with the
   * room instead of their read marker ({@link Reads#upTo}); a member who leaves loses theirs. Keyed by user
   * id, one field each: ids are auth's UUIDs (a member is always a user auth knows), never with a {@code .}
   * or a leading {@code $}.
   */
  static final String SENT_SEQ = "sentSeq";
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  enum Kind {
    GROUP, CHANNEL, DIRECT, SELF;

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** How long a send trusts a room read before: a membership change anywhere drops it at once ({@link #forget}). */
  static final long SEEN_TTL_MS = 5_000;
  private static final int SEEN_MAX = 10_000;

  private record Seen(JsonObject room, long at) {
  }

  /**
   * Rooms read for sends in one store question, at most ({@code $in} on their ids, which a unique index
   * serves): after a pause longer than {@link #SEEN_TTL_MS} every room's first send reads its room again,
   * and 400 rooms read one by one held a resuming load up for half a second (docs/BENCHMARKS.md).
   */
  private static final int SEEN_READ_MAX = 256;

  private final MongoClient mongo;
  /** Rooms as sends saw them: a send checks membership and fans out without reading its room each time. */
  private final Map<String, Seen> seen = Caffeine.newBuilder().maximumSize(SEEN_MAX).executor(Runnable::run)
      .<String, Seen>build().asMap();
  /** The reads behind {@link #recentlySeen}: while one is on its way, the rooms asked for meanwhile are read together next. */
  private final GroupCommit<String, JsonObject> seenReads;

  Rooms(MongoClient mongo) {
    this.mongo = mongo;
    this.seenReads = new GroupCommit<>(SEEN_READ_MAX, this::readAll);
  }

  /**
   * The room as read at most {@link #SEEN_TTL_MS} ago and not changed since, for sends; 404 when there is
   * none. Used from its verticle's event loop only.
   */
  Future<JsonObject> recentlySeen(String id) {
    Seen known = seen.get(id);
    long at = System.currentTimeMillis();
    if (known != null && known.room() != null && at - known.at() < SEEN_TTL_MS) {
      return Future.succeededFuture(known.room());
    }
    return seenReads.submit(id).compose(room -> room == null ? notFound() : Future.succeededFuture(room)).onSuccess(room -> {
      Seen now = seen.get(id);
      // A change forgotten while this read was on its way may not be in it: keep it only if nothing came since.
      if (now == null || now.at() < at) {
        seen.put(id, new Seen(room, at));
      }
    });
  }

  /** Each of {@code ids}' rooms in their order, null for one that does not exist (an id asked twice is read once). */
  private Future<List<JsonObject>> readAll(List<String> ids) {
    JsonObject anyOf = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids.stream().distinct().toList())));
    return mongo.find(COLLECTION, anyOf).map(found -> {
      Map<String, JsonObject> byId = found.stream().collect(Collectors.toMap(room -> room.getString("_id"), room -> room));
      return ids.stream().map(byId::get).toList();
    });
  }

  /** Its members or admins changed (here or on another node): the next send reads it again. */
  void forget(String id) {
    seen.put(id, new Seen(null, System.currentTimeMillis()));
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("members", 1), new IndexOptions().name("rooms_members"))
        .compose(done -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("kind", 1).put("nameLower", 1),
            new IndexOptions().name("rooms_kind_name")));
  }

  static String directId(String a, String b) {
    return a.compareTo(b) < 0 ? "d-" + a + "-" + b : "d-" + b + "-" + a;
  }

  static String selfId(String owner) {
    return "s-" + owner;
  }

  static JsonObject newRoom(String id, Kind kind, String name, List<String> members, List<String> admins) {
    return new JsonObject()
        .put("_id", id == null ? UUID.randomUUID().toString() : id)
        .put("kind", kind.wire())
        .put("name", name)
        .put("nameLower", name == null ? null : name.toLowerCase(Locale.ROOT))
        .put("members", new JsonArray(members))
        .put("admins", new JsonArray(admins))
        .put("createdAt", System.currentTimeMillis())
        .put("lastSeq", 0L)
        .put("lastRev", 0L);
  }

  /** Inserts the room; for the kinds whose id is fixed, a second creation answers the first room. */
  Future<Created> create(JsonObject room) {
    return mongo.insert(COLLECTION, room)
        .map(id -> new Created(room, true))
        .recover(failure -> Failures.duplicateKey(failure)
            ? existing(room.getString("_id")).map(found -> new Created(found, false))
            : Future.failedFuture(failure));
  }

  record Created(JsonObject room, boolean isNew) {
  }

  Future<JsonObject> byId(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  Future<JsonObject> existing(String id) {
    return byId(id).compose(room -> room == null ? notFound() : Future.succeededFuture(room));
  }

  /** The room, when {@code caller} is a member: 404 when it does not exist, 403 {@code not_member} otherwise. */
  Future<JsonObject> member(String id, String caller) {
    return existing(id).compose(room -> isMember(room, caller)
        ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.NOT_MEMBER)));
  }

  /** Like {@link #member} for management and reading: a room {@code caller} cannot see (not a member, not a channel) is 404. */
  Future<JsonObject> visible(String id, String caller) {
    return existing(id).compose(room -> isMember(room, caller) || Kind.CHANNEL.wire().equals(room.getString("kind"))
        ? Future.succeededFuture(room) : notFound());
  }

  Future<List<JsonObject>> ofMember(String userId) {
    return mongo.find(COLLECTION, new JsonObject().put("members", userId));
  }

  Future<JsonObject> addMember(String id, String userId) {
    return change(id, new JsonObject().put("$addToSet", new JsonObject().put("members", userId)));
  }

  Future<JsonObject> removeMember(String id, String userId) {
    return change(id, new JsonObject().put("$pull", new JsonObject().put("members", userId).put("admins", userId))
        .put("$unset", new JsonObject().put(SENT_SEQ + "." + userId, "")));
  }

  /**
   * Sets the room's pins to {@code pinned} if they still are {@code before} (null: none yet): the room as
   * changed, or null when someone changed them meanwhile.
   */
  Future<JsonObject> setPinned(String id, JsonArray before, JsonArray pinned) {
    JsonObject unchanged = new JsonObject().put("_id", id)
        .put("pinned", before == null ? new JsonObject().put("$exists", false) : before);
    return mongo.findOneAndUpdateWithOptions(COLLECTION, unchanged, new JsonObject().put("$set", new JsonObject().put("pinned", pinned)),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /** Takes {@code messageId} out of the room's pins: the room as changed, or null when it was not pinned. */
  Future<JsonObject> unpin(String id, String messageId) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id).put("pinned", messageId),
        new JsonObject().put("$pull", new JsonObject().put("pinned", messageId)), new FindOptions(), new UpdateOptions().setReturningNewDocument(true));
  }

  /**
   * The room's latest seq and rev only ever grow, whatever order concurrent writers report them in; so does
   * each of {@code sent}: by sender of a top-level message, their highest seq ({@link #sent}).
   */
  Future<Void> advance(String id, long seq, long rev, Map<String, Long> sent) {
    return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), new JsonObject().put("$max", moved(seq, rev, sent))).mapEmpty();
  }

  /** Where a batch moved a room: its top seq and rev, and its senders' highest seqs ({@link #sent}). */
  record Top(long seq, long rev, Map<String, Long> sent) {
  }

  /**
   * The rooms moved past their new messages, in one unordered bulk update: by room, its top seq and rev and
   * its senders' positions. The rev counter moves with them, so a later owner looks for the top above it.
   */
  Future<Void> advanceAll(Map<String, Top> tops) {
    if (tops.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> updates = tops.entrySet().stream().map(top -> BulkOperation.createUpdate(new JsonObject().put("_id", top.getKey()),
        new JsonObject().put("$max", moved(top.getValue().seq(), top.getValue().rev(), top.getValue().sent())
            .put(REV_COUNTER, top.getValue().rev())))).toList();
    return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(false)).mapEmpty();
  }

  private static JsonObject moved(long seq, long rev, Map<String, Long> sent) {
    JsonObject max = new JsonObject().put("lastSeq", seq).put("lastRev", rev);
    sent.forEach((user, at) -> max.put(SENT_SEQ + "." + user, at));
    return max;
  }

  /** By sender of the top-level ones among {@code messages} (as stored), their highest seq: a reply moves only its thread's marker. */
  static Map<String, Long> sent(Collection<JsonObject> messages) {
    return messages.stream().filter(message -> message.getString("threadRoot") == null)
        .collect(Collectors.toMap(message -> message.getJsonObject("sender").getString("id"), message -> message.getLong("seq"), Math::max));
  }

  /** The seq of {@code user}'s latest top-level message in {@code room}, 0 when none is recorded (a room stored before it). */
  static long sentSeq(JsonObject room, String user) {
    JsonObject sent = room.getJsonObject(SENT_SEQ);
    return sent == null ? 0L : sent.getLong(user, 0L);
  }

  /**
   * Claims {@code rev} for a change before it is written: true unless the room's rev counter is already
   * there or above (another writer took it: the caller's counters are stale).
   */
  Future<Boolean> claimRev(String id, long rev) {
    JsonObject below = new JsonObject().put("_id", id).put("$or", new JsonArray()
        .add(new JsonObject().put(REV_COUNTER, new JsonObject().put("$lt", rev)))
        .add(new JsonObject().put(REV_COUNTER, new JsonObject().put("$exists", false))));
    return mongo.updateCollection(COLLECTION, below, new JsonObject().put("$set", new JsonObject().put(REV_COUNTER, rev)))
        .map(result -> result != null && result.getDocMatched() > 0);
  }

  /** Public channels whose name starts with {@code prefix} (all when empty), by name. */
  Future<List<JsonObject>> channels(String prefix) {
    JsonObject query = new JsonObject().put("kind", Kind.CHANNEL.wire());
    if (prefix != null && !prefix.isEmpty()) {
      query.put("nameLower", new JsonObject().put("$regex", "^" + REGEX_SPECIAL.matcher(prefix.toLowerCase(Locale.ROOT)).replaceAll("\\\\$0")));
    }
    return mongo.findWithOptions(COLLECTION, query, new FindOptions().setLimit(CHANNELS_LISTED).setSort(new JsonObject().put("nameLower", 1)));
  }

  private Future<JsonObject> change(String id, JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(room -> room == null ? notFound() : Future.succeededFuture(room));
  }

  static boolean isMember(JsonObject room, String userId) {
    return room.getJsonArray("members", new JsonArray()).contains(userId);
  }

  static boolean isAdmin(JsonObject room, String userId) {
    return room.getJsonArray("admins", new JsonArray()).contains(userId);
  }

  static List<String> members(JsonObject room) {
    return room.getJsonArray("members", new JsonArray()).stream().map(String::valueOf).toList();
  }

  /** The contract's room object. */
  static JsonObject view(JsonObject room) {
    return new JsonObject()
        .put("id", room.getString("_id"))
        .put("kind", room.getString("kind"))
        .put("name", room.getString("name"))
        .put("members", room.getJsonArray("members", new JsonArray()))
        .put("admins", room.getJsonArray("admins", new JsonArray()))
        .put("createdAt", room.getLong("createdAt"))
        .put("lastSeq", room.getLong("lastSeq", 0L))
        .put("lastRev", room.getLong("lastRev", 0L))
        .put("pinned", room.getJsonArray("pinned", new JsonArray()));
  }

  /** 404, as for what does not exist: also what a caller who may not see something is answered. */
  static <T> Future<T> notFound() {
    return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
  }
}
