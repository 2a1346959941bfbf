package io.confab.chat;

import io.confab.base.Failures;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.SharedData;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bson.types.ObjectId;

/**
 * Messages in MongoDB, each one document carrying its room's {@code seq} and {@code rev}.
 *
 * <p>Seqs have no gap: new messages take the room's highest seq plus one, two, ... and are stored in one
 * ordered insert, so a failed insert or a dead node leaves at most a stored prefix. Revs may skip but
 * never go back: edits and deletes give the message a new rev, which frees its old one, so the highest
 * rev taken is kept on the room ({@link Rooms#REV_COUNTER}) and moved before the write. So that no rev
 * can be committed below one already visible (a syncing client would miss it), every write that takes a
 * rev holds the room's cluster-wide lock. Sends to one room are written in batches ({@link GroupCommit}):
 * one lock and one insert for all that arrived while the previous batch was written.
 *
 * <p>A message's id is a MongoDB ObjectId's hex: opaque to clients, and rising with time, so new
 * messages go to the end of the {@code _id} index instead of all over it.
 *
 * <p>Every lookup on the write path is an exact match on a unique index (the room by id, (room, seq),
 * (room, rev), (room, sender, clientMsgId)), never a sort over a room's messages: a MongoDB server uses
 * any index, the embedded wire server only exact ones. The unique indexes are also the last line of defence.
 */
final class Messages {

  static final String COLLECTION = "messages";
  static final long LOCK_TIMEOUT_MS = 5_000;
  /** New messages of one room stored under one lock and one bulk insert, at most (bounds the lock's hold and the insert's size). */
  static final int BATCH_MAX = 64;
  /** Sends of one room waiting for their batch on one instance, at most; more are 503 {@code unavailable} at once. */
  static final int WAITING_MAX = 1_024;

  record Appended(JsonObject message, boolean isNew) {
  }

  /** A message to send: its sender ({@code {id, displayName}}), text, the client's id for it, its attachments. */
  record Draft(JsonObject sender, String text, String clientMsgId, JsonArray attachments) {
  }

  private final MongoClient mongo;
  private final SharedData shared;
  private final RecentMessages recent;
  private final Rooms rooms;
  private final GroupCommit<Draft, Appended> appends;

  Messages(MongoClient mongo, SharedData shared, RecentMessages recent, Rooms rooms) {
    this.mongo = mongo;
    this.shared = shared;
    this.recent = recent;
    this.rooms = rooms;
    this.appends = new GroupCommit<>(BATCH_MAX, WAITING_MAX, () -> ContractException.of(ErrorCode.UNAVAILABLE),
        (room, drafts) -> locked(room, () -> store(room, drafts)));
  }

  Future<Void> prepare() {
    return Future.all(
        unique("messages_room_seq", new JsonObject().put("room", 1).put("seq", 1)),
        unique("messages_room_rev", new JsonObject().put("room", 1).put("rev", 1)),
        unique("messages_room_sender_client_id", new JsonObject().put("room", 1).put("sender.id", 1).put("clientMsgId", 1)),
        // The files verticle finds who may read a file through the messages that carry it.
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("attachments.fileId", 1), new IndexOptions().name("messages_attachments")))
        .mapEmpty();
  }

  /** Stores a new message, or answers the one this sender already sent with this clientMsgId. */
  Future<Appended> append(String room, Draft draft) {
    return appends.submit(room, draft);
  }

  /**
   * One batch of a room's new messages under the room's lock. First the quick way: the batch's revs are
   * reserved on the room in the same update that reads its {@code lastSeq}, and the messages take the
   * seqs above it, in one ordered insert. The unique indexes refuse it when a message is a repeat of one
   * already stored, or when {@code lastSeq} lags behind a message a dead node stored: then the careful
   * way looks at every (sender, clientMsgId) and at the seqs and revs above the room's numbers.
   * Either way the repeats answer the first message, and the room moves past the new ones before
   * anyone is told.
   */
  private Future<List<Appended>> store(String room, List<Draft> drafts) {
    return Future.all(rooms.reserveRevs(room, drafts.size()), recent.dirty(room))
        .map(both -> both.<JsonObject>resultAt(0))
        .compose(reserved -> reservedBase(reserved, drafts.size()).compose(revBase -> {
          Batch quick = Batch.plan(room, drafts, Map.of(), Set.of(), reserved.getLong("lastSeq", 0L), revBase);
          return write(room, quick).recover(refused -> Failures.duplicateKey(refused)
              ? carefully(room, drafts, quick.triedIds()) : Future.failedFuture(refused));
        }));
  }

  /** The careful way: what is stored already (the quick try's own prefix among it), then the rest above the room's real tops. */
  private Future<List<Appended>> carefully(String room, List<Draft> drafts, Set<String> triedIds) {
    return rooms.existing(room).compose(doc -> Future.all(earlier(room, drafts), seqTaken(room, doc.getLong("lastSeq", 0L)), revTaken(doc)))
        .compose(found -> {
          Batch batch = Batch.plan(room, drafts, found.resultAt(0), triedIds, found.<Long>resultAt(1), found.<Long>resultAt(2));
          return rooms.takeRevs(room, batch.topRev()).compose(taken -> write(room, batch));
        });
  }

  /**
   * What a batch stores and answers. {@code stored}: messages found by {@link #repeatKey}; those whose id
   * is one of {@code triedIds} were stored by this batch's quick try, so they are new, not repeats.
   */
  private record Batch(List<Appended> answers, List<JsonObject> toInsert, List<JsonObject> fresh, Set<String> triedIds,
      long topSeq, long topRev) {

    static Batch plan(String room, List<Draft> drafts, Map<String, JsonObject> stored, Set<String> triedIds, long seq, long rev) {
      Map<String, JsonObject> first = new HashMap<>();
      List<Appended> answers = new ArrayList<>();
      List<JsonObject> toInsert = new ArrayList<>();
      List<JsonObject> fresh = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      long now = System.currentTimeMillis();
      for (Draft draft : drafts) {
        String key = repeatKey(draft.sender().getString("id"), draft.clientMsgId());
        JsonObject earlier = first.containsKey(key) ? first.get(key) : stored.get(key);
        if (earlier != null && !first.containsKey(key) && triedIds.contains(earlier.getString("_id"))) {
          fresh.add(earlier);
          answers.add(new Appended(earlier, true));
        } else if (earlier != null) {
          answers.add(new Appended(earlier, false));
        } else {
          earlier = new JsonObject()
              .put("_id", new ObjectId().toHexString())
              .put("room", room)
              .put("seq", ++seq)
              .put("rev", ++rev)
              .put("sender", draft.sender())
              .put("text", draft.text())
              .put("ts", now)
              .put("clientMsgId", draft.clientMsgId())
              .put("attachments", draft.attachments());
          toInsert.add(earlier);
          fresh.add(earlier);
          ids.add(earlier.getString("_id"));
          answers.add(new Appended(earlier, true));
        }
        first.putIfAbsent(key, earlier);
      }
      long topSeq = fresh.stream().mapToLong(m -> m.getLong("seq")).max().orElse(0);
      long topRev = fresh.stream().mapToLong(m -> m.getLong("rev")).max().orElse(0);
      return new Batch(answers, toInsert, fresh, ids, topSeq, topRev);
    }
  }

  /**
   * Stores the batch's new messages in one ordered insert, caches them, and moves the room past them.
   * The recent-messages cache is already marked dirty ({@link #store}); caching them clears the mark.
   */
  private Future<List<Appended>> write(String room, Batch batch) {
    if (batch.fresh().isEmpty()) {
      return recent.clean(room).map(batch.answers());
    }
    List<JsonObject> fresh = batch.fresh().stream().sorted(Comparator.comparingLong(m -> m.getLong("seq"))).toList();
    Future<Void> inserted = batch.toInsert().isEmpty() ? Future.succeededFuture()
        : mongo.bulkWrite(COLLECTION, batch.toInsert().stream().map(BulkOperation::createInsert).toList()).mapEmpty();
    return inserted
        .compose(done -> recent.appended(room, fresh.stream().map(Messages::view).toList()))
        .compose(cached -> rooms.advance(room, batch.topSeq(), batch.topRev()))
        .map(advanced -> batch.answers());
  }

  /**
   * The first of the revs just reserved: the counter less the count, unless the room's {@code lastRev}
   * is above that (a room from before the counter, whose messages are asked once).
   */
  private Future<Long> reservedBase(JsonObject reserved, int count) {
    long base = reserved.getLong(Rooms.REV_COUNTER, (long) count) - count;
    long lastRev = reserved.getLong("lastRev", 0L);
    if (base >= lastRev) {
      return Future.succeededFuture(base);
    }
    return highest(reserved.getString("_id"), "rev").map(highest -> Math.max(highest, lastRev))
        .compose(floor -> rooms.takeRevs(reserved.getString("_id"), floor + count).map(floor));
  }

  private static String repeatKey(String senderId, String clientMsgId) {
    return senderId + "\n" + clientMsgId;
  }

  /** The messages already stored for the batch's (sender, clientMsgId) pairs, by {@link #repeatKey}: one exact lookup on the unique index each. */
  private Future<Map<String, JsonObject>> earlier(String room, List<Draft> drafts) {
    Map<String, Draft> distinct = new HashMap<>();
    drafts.forEach(draft -> distinct.putIfAbsent(repeatKey(draft.sender().getString("id"), draft.clientMsgId()), draft));
    List<Future<JsonObject>> lookups = distinct.values().stream().map(draft -> mongo.findOne(COLLECTION, new JsonObject()
        .put("room", room).put("sender.id", draft.sender().getString("id")).put("clientMsgId", draft.clientMsgId()), null)).toList();
    return Future.all(lookups).map(all -> {
      Map<String, JsonObject> found = new HashMap<>();
      all.<JsonObject>list().stream().filter(Objects::nonNull)
          .forEach(stored -> found.put(repeatKey(stored.getJsonObject("sender").getString("id"), stored.getString("clientMsgId")), stored));
      return found;
    });
  }

  /**
   * The room's highest seq: its {@code lastSeq}, moved after every write, or above it where a node died
   * between storing and moving it (seqs have no holes, so looking one above at a time finds the top).
   */
  private Future<Long> seqTaken(String room, long from) {
    return topFrom(room, "seq", from);
  }

  /**
   * The room's highest rev ever taken: its rev counter, moved under the lock before every write that takes
   * revs, or above it where a message was written without it (a node of an older version). Not the room's
   * {@code lastRev}: that moves after the write, and an edit frees its message's old rev, so looking upward
   * from a lagging {@code lastRev} could stop at a freed rev below one already visible. A room from before
   * the counter asks its messages once.
   */
  private Future<Long> revTaken(JsonObject room) {
    Long counter = room.getLong(Rooms.REV_COUNTER);
    long lastRev = room.getLong("lastRev", 0L);
    Future<Long> floor = counter != null ? Future.succeededFuture(Math.max(counter, lastRev))
        : highest(room.getString("_id"), "rev").map(highest -> Math.max(highest, lastRev));
    return floor.compose(from -> topFrom(room.getString("_id"), "rev", from));
  }

  /** {@code from}, or the last of an unbroken run of {@code field} values above it: exact lookups on the unique (room, field) index. */
  private Future<Long> topFrom(String room, String field, long from) {
    return mongo.findOne(COLLECTION, new JsonObject().put("room", room).put(field, from + 1), new JsonObject().put("_id", 1))
        .compose(above -> above == null ? Future.succeededFuture(from) : topFrom(room, field, from + 1));
  }

  /**
   * Applies a change to a message under the room's lock, giving it the next rev. {@code check} sees
   * the message as stored and throws a contract refusal when the caller may not change it.
   */
  Future<JsonObject> change(String room, String id, Consumer<JsonObject> check, JsonObject set, JsonObject unset) {
    return locked(room, () -> Future.all(byId(id), rooms.existing(room))
        .compose(both -> {
          JsonObject message = both.resultAt(0);
          if (message == null || !room.equals(message.getString("room"))) {
            return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
          }
          check.accept(message);
          return revTaken(both.resultAt(1)).compose(taken -> {
            long rev = taken + 1;
            JsonObject update = new JsonObject().put("$set", set.copy().put("rev", rev));
            if (unset != null) {
              update.put("$unset", unset);
            }
            return Future.all(rooms.takeRevs(room, rev), recent.dirty(room))
                .compose(marked -> mongo.updateCollection(COLLECTION, new JsonObject().put("_id", id), update))
                .compose(done -> byId(id))
                .compose(changed -> recent.replaced(room, view(changed)).map(changed));
          });
        }));
  }

  /** The message at {@code seq} of {@code room}, as members see it (one lookup on the (room, seq) index), or null. */
  Future<JsonObject> atSeq(String room, long seq) {
    return mongo.findOne(COLLECTION, new JsonObject().put("room", room).put("seq", seq), null)
        .map(found -> found == null ? null : view(found));
  }

  Future<JsonObject> byId(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /**
   * {@code after}: ascending from after+1; {@code before}: newest first below it; neither: the newest.
   * Pages the recent-messages cache holds exactly come from Redis; the rest from MongoDB, and a
   * resume-path miss (newest or after) rebuilds the cache under the room's lock.
   */
  Future<JsonObject> history(String room, Long after, Long before, int limit) {
    return recent.page(room, after, before, limit)
        .otherwise(unavailable -> null)
        .compose(cached -> {
          if (cached != null) {
            return Future.succeededFuture(new JsonObject().put("messages", cached.messages()).put("hasMore", cached.hasMore()));
          }
          if (before == null) {
            rebuildRecent(room);
          }
          return stored(room, after, before, limit);
        });
  }

  private void rebuildRecent(String room) {
    FindOptions newest = new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(RecentMessages.SIZE);
    locked(room, () -> mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room), newest)
        .compose(found -> recent.rebuild(room, found.stream().map(Messages::view).toList())));
  }

  private Future<JsonObject> stored(String room, Long after, Long before, int limit) {
    JsonObject query = new JsonObject().put("room", room);
    int order = after != null ? 1 : -1;
    if (after != null) {
      query.put("seq", new JsonObject().put("$gt", after));
    } else if (before != null) {
      query.put("seq", new JsonObject().put("$lt", before));
    }
    return page(query, "seq", order, limit).map(page -> new JsonObject()
        .put("messages", page.messages())
        .put("hasMore", page.hasMore()));
  }

  /** Every message changed after {@code since}, by rev, with the rev to ask from next time. */
  Future<JsonObject> changes(String room, long since, int limit) {
    JsonObject query = new JsonObject().put("room", room).put("rev", new JsonObject().put("$gt", since));
    return page(query, "rev", 1, limit).map(page -> {
      JsonArray messages = page.messages();
      long rev = messages.isEmpty() ? since : messages.getJsonObject(messages.size() - 1).getLong("rev");
      return new JsonObject().put("messages", messages).put("rev", rev).put("hasMore", page.hasMore());
    });
  }

  private record Page(JsonArray messages, boolean hasMore) {
  }

  private Future<Page> page(JsonObject query, String field, int order, int limit) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put(field, order)).setLimit(limit + 1);
    return mongo.findWithOptions(COLLECTION, query, options).map(found -> {
      boolean more = found.size() > limit;
      List<JsonObject> shown = more ? found.subList(0, limit) : found;
      return new Page(new JsonArray(shown.stream().map(Messages::view).toList()), more);
    });
  }

  private Future<Long> highest(String room, String field) {
    FindOptions top = new FindOptions().setSort(new JsonObject().put(field, -1)).setLimit(1).setFields(new JsonObject().put(field, 1));
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room), top)
        .map(found -> found.isEmpty() ? 0L : found.get(0).getLong(field, 0L));
  }

  /**
   * Runs {@code work} holding the room's lock; a lock not had in time is {@code unavailable}. The
   * node-local lock comes first: vertx-hazelcast's cluster lock is a Hazelcast map lock taken on a worker
   * thread, and those are reentrant per thread, so two holders on one node could otherwise both get it.
   */
  private <T> Future<T> locked(String room, Supplier<Future<T>> work) {
    String name = "confab.chat.room." + room;
    // Distinct names: without a cluster both kinds are the same local locks, and one name would wait on itself.
    return shared.getLocalLockWithTimeout(name + ".local", LOCK_TIMEOUT_MS)
        .compose(local -> shared.getLockWithTimeout(name, LOCK_TIMEOUT_MS)
            .compose(cluster -> run(work).andThen(done -> cluster.release()))
            .andThen(done -> local.release()))
        .recover(failure -> Future.failedFuture(Failures.duplicateKey(failure) ? ContractException.of(ErrorCode.CONFLICT)
            : failure instanceof ContractException ? failure : lockFailure(failure)));
  }

  private static <T> Future<T> run(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** A lock not had in time answers {@code unavailable}; anything else keeps its own meaning. */
  private static Throwable lockFailure(Throwable failure) {
    return String.valueOf(failure.getMessage()).contains("lock") ? ContractException.of(ErrorCode.UNAVAILABLE) : failure;
  }

  private Future<Void> unique(String name, JsonObject keys) {
    return mongo.createIndexWithOptions(COLLECTION, keys, new IndexOptions().name(name).unique(true));
  }

  /** The contract's message object: a deleted message keeps its place but not its text or files. */
  static JsonObject view(JsonObject stored) {
    JsonObject view = new JsonObject()
        .put("id", stored.getString("_id"))
        .put("room", stored.getString("room"))
        .put("seq", stored.getLong("seq"))
        .put("rev", stored.getLong("rev"))
        .put("sender", stored.getJsonObject("sender"))
        .put("ts", stored.getLong("ts"))
        .put("clientMsgId", stored.getString("clientMsgId"))
        .put("attachments", stored.getJsonArray("attachments", new JsonArray()));
    if (stored.getBoolean("deleted", false)) {
      view.put("deleted", true).put("attachments", new JsonArray());
    } else {
      view.put("text", stored.getString("text"));
    }
    if (stored.getLong("editedAt") != null) {
      view.put("editedAt", stored.getLong("editedAt"));
    }
    return view;
  }
}
