package io.confab.chat;

import io.confab.base.Failures;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.bson.types.ObjectId;

/**
 * Messages in MongoDB, each one document carrying its room's {@code seq} and {@code rev}, written by the
 * room's owner ({@link Owners}).
 *
 * <p>The owner keeps each room's highest seq and rev in memory ({@link Counters}), loaded on first use from
 * the store: exact lookups upward from the room's {@code lastSeq} and {@code lastRev}/{@link Rooms#REV_COUNTER}.
 * All its writes go through one writer ({@link GroupCommit}): whatever arrived for any of its
 * rooms while the previous batch was written makes the next one, so a lone send goes at once and under load
 * one ordered insert of many documents and one unordered bulk update of the rooms (their senders'
 * positions with them, {@link Rooms#SENT_SEQ}) serve many rooms. One batch at a time keeps revs committed
 * in the order they were taken, so a syncing client never sees a rev above one not yet stored.
 *
 * <p>The store is the fence. Seqs have no gap: a room's new messages take its highest seq plus one, two, ...
 * in one ordered insert, so a failed insert leaves at most a stored prefix. Two writers of one room (two
 * owners during a move, a stale one after a partition, a node writing for an owner it could not reach)
 * collide on the unique indexes (room, seq), (room, rev), (room, sender, clientMsgId): the loser drops its
 * counters, reloads them from the store and writes above the winner, however the room's documents lag.
 * Revs may skip but never go back: an edit frees its message's old rev, so it first claims its new rev on
 * the room ({@link Rooms#claimRev}), which fails for a writer whose counters are stale; every freed rev is
 * thus at or below the room's rev counter, and looking upward from there finds the top.
 *
 * <p>A message's id is a MongoDB ObjectId's hex: opaque to clients, and rising with time, so new
 * messages go to the end of the {@code _id} index instead of all over it.
 *
 * <p>Every lookup on the write path is an exact match on a unique index (the room by id, (room, seq),
 * (room, rev), (room, sender, clientMsgId)), never a sort over a room's messages: a MongoDB server uses
 * any index, the embedded wire server only exact ones.
 */
final class Messages {

  static final String COLLECTION = "messages";
  /** Writes of one batch, at most (bounds the insert's size and the wait of what comes after it). */
  static final int BATCH_MAX = 256;
  /** Tries of one room's write against another writer of it before answering {@code unavailable} (the client repeats). */
  static final int FENCED_TRIES = 3;
  /**
   * Internal, never shown: the revs a message has had (room and rev) that still need holding, under a
   * unique index. An edit frees its message's old rev in (room, rev); kept here, the freed rev stays taken,
   * so a stale writer's new message cannot be stored at a rev below one the room's clients may already have
   * synced past (its insert is refused like any other fenced write, and it reloads its counters above the
   * room's). So a new message carries its rev here too, though (room, rev) holds it: a unique index
   * compares entries of its own only, and the freed rev is in this one alone; nor does its seq fence it
   * while no message came after, as edits take revs and no seqs (two edits after the stale writer's last
   * write free a rev right above its counters, at a free seq). Once a new message is stored at a rev above
   * a freed one, its seq fences it, and the entry goes ({@link #released}): a thread's root, moved by every
   * reply batch, holds a few entries, not one per batch. The cost is one more unique-index entry per new message.
   */
  static final String REVS_HELD = "revsHeld";
  /** {@link #REVS_HELD} entries a message keeps before those fenced otherwise are taken out (one command every few moves). */
  static final int HELD_KEPT = 8;
  /**
   * Internal, never shown: on a root, its replies' seqs in order, so that a thread's page is exact lookups
   * on (room, seq) rather than a query the embedded store would answer by scanning every message.
   */
  static final String THREAD_SEQS = "threadSeqs";
  /** A message's fields that search indexes, as stored (search reads the same ones when it asks the store). */
  private static final List<String> SEARCHED = List.of("_id", "room", "rev", "ts", "text", "deleted");

  /** {@code root}: for a new reply, its thread's root as the reply's batch left it (null otherwise). */
  record Appended(JsonObject message, boolean isNew, JsonObject root) {
  }

  /**
   * A message to send: its sender ({@code {id, displayName}}), text, the client's id for it, its attachments,
   * the members it mentions, whether it mentions the whole room, and the root of the thread it replies in
   * (null: none).
   */
  record Draft(JsonObject sender, String text, String clientMsgId, JsonArray attachments, JsonArray mentions, boolean mentionsRoom,
      String threadRoot) {
  }

  /** A new message stored, with its room as the send saw it (its members). */
  record Stored(JsonObject room, JsonObject message) {
  }

  /** What moves with each batch once its messages are stored, before its rooms: mentions, thread memberships, the missed-mail schedule. */
  interface AfterStore {
    Future<Void> stored(List<Stored> fresh);

    /**
     * Once per batch, written or not: each room it wrote to (new messages, changes) and the highest rev taken
     * there, and the states it wrote ({@link #statesWritten}).
     */
    default void written(Map<String, Long> revs, List<JsonObject> states) {
    }
  }

  private sealed interface Write permits Append, Change, Rebuild {
  }

  private record Append(JsonObject room, Draft draft) implements Write {
    String roomId() {
      return room.getString("_id");
    }
  }

  /** {@code update}: from the message as stored, its MongoDB update (without the rev), or null when nothing changes. */
  private record Change(String room, String id, Function<JsonObject, JsonObject> update) implements Write {
  }

  private record Rebuild(String room) implements Write {
  }

  /**
   * The highest seq and rev this instance knows taken in a room it writes, and the rev of the newest
   * message it stored there itself (0: none since they were loaded), below which no rev needs holding.
   */
  private static final class Counters {
    long seq;
    long rev;
    long newest;

    Counters(long seq, long rev, long newest) {
      this.seq = seq;
      this.rev = rev;
      this.newest = newest;
    }
  }

  private final MongoClient mongo;
  private final RecentMessages recent;
  private final Rooms rooms;
  private final AfterStore afterStore;
  private final Predicate<String> owned;
  private final Map<String, Counters> counters = new HashMap<>();
  /** Ownership moves seen so far ({@link #ownersChanged}). */
  private long ownersChanges;
  private final GroupCommit<Write, Future<Object>> writes;

  /** {@code owned}: whether this instance owns a room now; counters are kept only for those. */
  Messages(MongoClient mongo, RecentMessages recent, Rooms rooms, AfterStore afterStore, Predicate<String> owned) {
    this.mongo = mongo;
    this.recent = recent;
    this.rooms = rooms;
    this.afterStore = afterStore;
    this.owned = owned;
    this.writes = new GroupCommit<>(BATCH_MAX, this::write);
  }

  Future<Void> prepare() {
    return Future.all(
        unique("messages_room_seq", new JsonObject().put("room", 1).put("seq", 1)),
        unique("messages_room_rev", new JsonObject().put("room", 1).put("rev", 1)),
        // Sparse: messages stored before it have no REVS_HELD and are left out (their freed revs lie below any counter loaded since).
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put(REVS_HELD, 1),
            new IndexOptions().name("messages_revs_held").unique(true).sparse(true)),
        unique("messages_room_sender_client_id", new JsonObject().put("room", 1).put("sender.id", 1).put("clientMsgId", 1)),
        // The files verticle finds who may read a file through the messages that carry it.
        mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("attachments.fileId", 1), new IndexOptions().name("messages_attachments")))
        .mapEmpty();
  }

  /** Stores a new message in {@code room} (as the send saw it), or answers the one this sender already sent with this clientMsgId. */
  Future<Appended> append(JsonObject room, Draft draft) {
    return writes.submit(new Append(room, draft)).compose(outcome -> outcome).map(Appended.class::cast);
  }

  /**
   * Applies a change to a message, giving it the room's next rev. {@code check} sees the message as
   * stored and throws a contract refusal when the caller may not change it. Answers the message as changed,
   * the room's {@code lastRev} moved past it.
   */
  Future<JsonObject> change(String room, String id, Consumer<JsonObject> check, JsonObject set, JsonObject unset) {
    return change(room, id, stored -> {
      check.accept(stored);
      JsonObject update = new JsonObject().put("$set", set.copy());
      return unset == null ? update : update.put("$unset", unset);
    }).map(changed -> changed.orElseThrow());
  }

  /**
   * A change computed from the message as stored (a reaction): {@code update} answers its MongoDB update,
   * the rev left out, or null when the message already is as asked (then no rev is taken: empty), or
   * throws a contract refusal.
   */
  Future<Optional<JsonObject>> change(String room, String id, Function<JsonObject, JsonObject> update) {
    return writes.submit(new Change(room, id, update)).compose(outcome -> outcome)
        .map(changed -> Optional.ofNullable((JsonObject) changed));
  }

  /** Ownership moved: the counters and memory of rooms this instance no longer owns are dropped (a later owner loads its own). */
  void ownersChanged() {
    ownersChanges++;
    counters.keySet().removeIf(owned.negate());
    recent.keepOnly(owned);
  }

  /** One batch: the new messages of every room together, then the changes and rebuilds one by one, each answered on its own. */
  private Future<List<Future<Object>>> write(List<Write> batch) {
    long changesBefore = ownersChanges;
    List<Append> appends = batch.stream().filter(Append.class::isInstance).map(Append.class::cast).toList();
    return appendAll(appends).compose(appended -> {
      List<Future<Object>> outcomes = new ArrayList<>();
      Future<Void> chain = Future.succeededFuture();
      int next = 0;
      for (Write write : batch) {
        if (write instanceof Append) {
          outcomes.add(appended.get(next++));
        } else {
          int at = outcomes.size();
          outcomes.add(null);
          chain = chain.compose(done -> applied(write).transform(outcome -> {
            outcomes.set(at, outcome.succeeded() ? Future.succeededFuture(outcome.result()) : Future.failedFuture(outcome.cause()));
            return Future.<Void>succeededFuture();
          }));
        }
      }
      return chain.map(done -> outcomes);
    }).andThen(done -> {
      afterStore.written(revsTaken(batch), done.succeeded() ? statesWritten(done.result()) : List.of());
      forgetNotOwned(batch, changesBefore);
    });
  }

  /** The rooms of a batch's sends and changes, each with the highest rev this instance knows taken there. */
  private Map<String, Long> revsTaken(List<Write> batch) {
    Map<String, Long> revs = new HashMap<>();
    batch.stream().filter(write -> !(write instanceof Rebuild)).map(Messages::roomOf).distinct().forEach(room -> {
      Counters known = counters.get(room);
      if (known != null) {
        revs.put(room, known.rev);
      }
    });
    return revs;
  }

  /**
   * Each message state the batch stored, at the rev it took (a new message, a change, a root moved past its
   * thread's new replies), as stored in the fields search indexes ({@link #SEARCHED}); a repeat wrote nothing.
   */
  private static List<JsonObject> statesWritten(List<Future<Object>> outcomes) {
    // A root is in the answer of each of its new replies: once.
    Set<JsonObject> states = new LinkedHashSet<>();
    Consumer<JsonObject> add = stored -> states.add(searched(stored));
    outcomes.stream().filter(Future::succeeded).map(Future::result).forEach(outcome -> {
      if (outcome instanceof Appended appended && appended.isNew()) {
        add.accept(appended.message());
        if (appended.root() != null) {
          add.accept(appended.root());
        }
      } else if (outcome instanceof JsonObject changed) {
        add.accept(changed);
      }
    });
    return List.copyOf(states);
  }

  private static JsonObject searched(JsonObject stored) {
    JsonObject fields = new JsonObject();
    SEARCHED.stream().filter(stored::containsKey).forEach(field -> fields.put(field, stored.getValue(field)));
    return fields;
  }

  /**
   * After a batch, the counters it loaded for rooms this instance does not own (a write for an owner that
   * did not answer), or all of those no more owned if ownership moved meanwhile: asking only the batch's
   * rooms keeps a batch's cost independent of how many rooms this instance writes.
   */
  private void forgetNotOwned(List<Write> batch, long changesBefore) {
    if (ownersChanges != changesBefore) {
      counters.keySet().removeIf(owned.negate());
      return;
    }
    batch.stream().map(Messages::roomOf).distinct().filter(owned.negate()).forEach(counters::remove);
  }

  private static String roomOf(Write write) {
    if (write instanceof Append append) {
      return append.roomId();
    }
    return write instanceof Change change ? change.room() : ((Rebuild) write).room();
  }

  private Future<Object> applied(Write write) {
    try {
      return write instanceof Change change ? changed(change, FENCED_TRIES).map(Object.class::cast) : rebuilt(((Rebuild) write).room()).mapEmpty();
    } catch (RuntimeException refused) {
      return Future.failedFuture(refused);
    }
  }

  /**
   * The new messages of every room in one ordered insert, from the owner's counters. The unique indexes
   * refuse it when a message repeats one already stored or another writer took a seq or rev: then each
   * room of the batch goes the careful way. Answers one outcome per append, in order; fails whole only
   * when the store could not be written at all.
   */
  private Future<List<Future<Object>>> appendAll(List<Append> appends) {
    if (appends.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Map<String, List<Append>> byRoom = new LinkedHashMap<>();
    appends.forEach(append -> byRoom.computeIfAbsent(append.roomId(), room -> new ArrayList<>()).add(append));
    Map<String, Future<Counters>> loads = new LinkedHashMap<>();
    byRoom.keySet().forEach(room -> loads.put(room, counters(room)));
    return Future.join(new ArrayList<>(loads.values())).transform(loaded -> {
      Map<String, Batch> plans = new LinkedHashMap<>();
      List<JsonObject> documents = new ArrayList<>();
      loads.forEach((room, load) -> {
        if (load.succeeded()) {
          Batch plan = Batch.plan(room, drafts(byRoom.get(room)), Map.of(), Set.of(), load.result().seq, load.result().rev);
          plans.put(room, plan);
          documents.addAll(plan.toInsert());
        }
      });
      Set<String> tried = new HashSet<>();
      documents.forEach(document -> tried.add(document.getString("_id")));
      return inserted(documents).transform(insert -> {
        Map<String, Future<Batch>> written = new LinkedHashMap<>();
        if (insert.failed() && !Failures.duplicateKey(insert.cause())) {
          // A prefix may be stored that the memory does not hold.
          plans.keySet().forEach(recent::dropped);
          return Future.failedFuture(insert.cause());
        }
        byRoom.forEach((room, mine) -> {
          Future<Counters> load = loads.get(room);
          if (load.failed()) {
            written.put(room, Future.failedFuture(load.cause()));
          } else if (insert.succeeded()) {
            Batch plan = plans.get(room);
            load.result().seq = Math.max(load.result().seq, plan.topSeq());
            load.result().rev = Math.max(load.result().rev, plan.topRev());
            load.result().newest = Math.max(load.result().newest, plan.newestRev());
            written.put(room, Future.succeededFuture(plan));
          } else {
            written.put(room, carefully(room, drafts(mine), tried, FENCED_TRIES));
          }
        });
        return Future.join(new ArrayList<>(written.values())).transform(all -> afterInsert(byRoom, written))
            .map(done -> answers(appends, written));
      });
    });
  }

  private static List<Draft> drafts(List<Append> appends) {
    return appends.stream().map(Append::draft).toList();
  }

  private Future<Void> inserted(List<JsonObject> documents) {
    return documents.isEmpty() ? Future.succeededFuture()
        : mongo.bulkWrite(COLLECTION, documents.stream().map(BulkOperation::createInsert).toList()).mapEmpty();
  }

  /**
   * Once stored, before anyone is answered or told: the owner's memory of its rooms ({@link RecentMessages}),
   * the roots of the new replies, what moves with the batch ({@link AfterStore}), then the rooms moved past
   * their new messages in one unordered bulk update, each with its senders' positions (which stand for their
   * read markers, {@link Reads#upTo}: no store command of their own). The rooms move last: a batch that
   * fails before leaves them behind its messages, so the client's repeat announces them.
   */
  private Future<Void> afterInsert(Map<String, List<Append>> byRoom, Map<String, Future<Batch>> written) {
    Map<String, Rooms.Top> tops = new LinkedHashMap<>();
    List<Stored> stored = new ArrayList<>();
    List<Future<Void>> rootsMoved = new ArrayList<>();
    written.forEach((room, result) -> {
      if (result.failed()) {
        return;
      }
      Batch batch = result.result();
      List<JsonObject> fresh = batch.fresh().stream().sorted(Comparator.comparingLong(m -> m.getLong("seq"))).toList();
      if (fresh.isEmpty()) {
        return;
      }
      recent.appended(room, fresh.stream().map(Messages::view).toList());
      rootsMoved.add(rootsMoved(room, batch));
      tops.put(room, new Rooms.Top(batch.topSeq(), batch.topRev(), Rooms.sent(fresh)));
      JsonObject roomSeen = byRoom.get(room).get(0).room();
      fresh.forEach(message -> stored.add(new Stored(roomSeen, message)));
    });
    return Future.all(rootsMoved)
        .compose(done -> stored.isEmpty() ? Future.<Void>succeededFuture() : afterStore.stored(stored))
        .compose(done -> rooms.advanceAll(tops));
  }

  /**
   * Each root the batch's new replies went to takes its rev from the plan and its {@code thread} summary
   * moves past them: the count by {@code $inc} and the last reply's time by {@code $max}, exact even
   * against a second writer during a move (which {@link #REVS_HELD} fences on the rev); the participants
   * from the root as read here, as the room's writer alone changes a root, one batch at a time.
   */
  private Future<Void> rootsMoved(String room, Batch batch) {
    List<Future<Void>> moves = batch.rootRevs().entrySet().stream().map(root -> byId(root.getKey()).compose(before -> {
      if (before == null) {
        return Future.<Void>succeededFuture();
      }
      List<JsonObject> replies = batch.fresh().stream().filter(reply -> root.getKey().equals(reply.getString("threadRoot")))
          .sorted(Comparator.comparingLong(reply -> reply.getLong("seq"))).toList();
      long rev = root.getValue();
      JsonObject update = new JsonObject()
          .put("$set", new JsonObject().put("rev", rev).put("thread.participants", participants(before.getJsonObject("thread"), replies)))
          .put("$inc", new JsonObject().put("thread.replies", replies.size()))
          .put("$max", new JsonObject().put("thread.lastReplyAt", replies.stream().mapToLong(reply -> reply.getLong("ts")).max().orElse(0)))
          .put("$push", new JsonObject().put(THREAD_SEQS, new JsonObject().put("$each",
              new JsonArray(replies.stream().map(reply -> reply.getLong("seq")).toList()))))
          .put("$addToSet", new JsonObject().put(REVS_HELD, new JsonObject().put("$each",
              new JsonArray().add(revHeld(room, before.getLong("rev"))).add(revHeld(room, rev)))));
      return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", root.getKey()), update, new FindOptions(),
          new UpdateOptions().setReturningNewDocument(true)).compose(moved -> {
            batch.roots().put(root.getKey(), moved);
            recent.replaced(room, view(moved));
            return released(room, moved, batch.newestRev());
          });
    })).toList();
    return Future.all(moves).<Void>mapEmpty().onFailure(failure -> recent.dropped(room));
  }

  /**
   * A root's {@code participants} past {@code replies} (in seq order): the last
   * {@link Limits#THREAD_PARTICIPANTS_MAX} distinct repliers, the most recent last.
   */
  private static JsonArray participants(JsonObject thread, List<JsonObject> replies) {
    LinkedHashSet<String> participants = new LinkedHashSet<>();
    (thread == null ? new JsonArray() : thread.getJsonArray("participants")).forEach(user -> participants.add(String.valueOf(user)));
    for (JsonObject reply : replies) {
      String sender = reply.getJsonObject("sender").getString("id");
      participants.remove(sender);
      participants.add(sender);
    }
    List<String> kept = new ArrayList<>(participants);
    return new JsonArray(kept.subList(Math.max(0, kept.size() - Limits.THREAD_PARTICIPANTS_MAX), kept.size()));
  }

  /** Each append's answer: its room's batch answers them in order. */
  private static List<Future<Object>> answers(List<Append> appends, Map<String, Future<Batch>> written) {
    Map<String, Integer> next = new HashMap<>();
    return appends.stream().map(append -> {
      Future<Batch> batch = written.get(append.roomId());
      int at = next.merge(append.roomId(), 1, Integer::sum) - 1;
      if (batch.failed()) {
        return Future.<Object>failedFuture(batch.cause());
      }
      Appended answer = batch.result().answers().get(at);
      String root = answer.message().getString("threadRoot");
      return Future.<Object>succeededFuture(answer.isNew() && root != null
          ? new Appended(answer.message(), true, batch.result().roots().get(root)) : answer);
    }).toList();
  }

  /** The room's counters, loaded from the store on first use. */
  private Future<Counters> counters(String room) {
    Counters known = counters.get(room);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return rooms.existing(room).compose(doc -> Future.all(seqTaken(room, doc.getLong("lastSeq", 0L)), revTaken(doc)))
        .map(tops -> {
          Counters loaded = counters.computeIfAbsent(room, r -> new Counters(tops.<Long>resultAt(0), tops.<Long>resultAt(1), 0));
          return loaded;
        });
  }

  /**
   * The careful way, after the insert was refused: the counters are dropped and read again from the store,
   * the (sender, clientMsgId) pairs already stored are found (the refused insert's own prefix among them),
   * and the rest is written above the room's real tops. Another writer winning again is tried again, a
   * few times.
   */
  private Future<Batch> carefully(String room, List<Draft> drafts, Set<String> triedIds, int tries) {
    counters.remove(room);
    recent.dropped(room);
    return rooms.existing(room).compose(doc -> Future.all(earlier(room, drafts), seqTaken(room, doc.getLong("lastSeq", 0L)), revTaken(doc)))
        .compose(found -> {
          long seq = found.<Long>resultAt(1);
          long rev = found.<Long>resultAt(2);
          Batch batch = Batch.plan(room, drafts, found.resultAt(0), triedIds, seq, rev);
          return inserted(batch.toInsert()).map(done -> {
            counters.put(room, new Counters(Math.max(seq, batch.topSeq()), Math.max(rev, batch.topRev()), batch.newestRev()));
            return batch;
          }).recover(refused -> {
            if (!Failures.duplicateKey(refused)) {
              return Future.failedFuture(refused);
            }
            if (tries <= 1) {
              return Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
            }
            Set<String> allTried = new HashSet<>(triedIds);
            allTried.addAll(batch.insertedIds());
            return carefully(room, drafts, allTried, tries - 1);
          });
        });
  }

  /**
   * What a batch stores and answers. {@code stored}: messages found by {@link #repeatKey}; those whose id
   * is one of {@code triedIds} were stored by this batch's earlier try, so they are new, not repeats.
   * {@code rootRevs}: by root, the rev its thread's new replies give it, after theirs; {@code roots}: those
   * roots as moved, once stored.
   */
  private record Batch(List<Appended> answers, List<JsonObject> toInsert, List<JsonObject> fresh, Set<String> insertedIds,
      long topSeq, long topRev, Map<String, Long> rootRevs, Map<String, JsonObject> roots) {

    /** The highest rev of the batch's new messages, stored once it is (its roots' revs come after it). */
    long newestRev() {
      return fresh.stream().mapToLong(message -> message.getLong("rev")).max().orElse(0);
    }

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
          answers.add(new Appended(earlier, true, null));
        } else if (earlier != null) {
          answers.add(new Appended(earlier, false, null));
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
              .put("attachments", draft.attachments())
              .put("mentions", draft.mentions())
              .put(REVS_HELD, new JsonArray().add(revHeld(room, rev)));
          if (draft.mentionsRoom()) {
            earlier.put("mentionsRoom", true);
          }
          if (draft.threadRoot() != null) {
            earlier.put("threadRoot", draft.threadRoot());
          }
          toInsert.add(earlier);
          fresh.add(earlier);
          ids.add(earlier.getString("_id"));
          answers.add(new Appended(earlier, true, null));
        }
        first.putIfAbsent(key, earlier);
      }
      long topSeq = fresh.stream().mapToLong(m -> m.getLong("seq")).max().orElse(0);
      long topRev = fresh.stream().mapToLong(m -> m.getLong("rev")).max().orElse(0);
      // The roots' revs come after the messages' unbroken run (the room's rev counter moves past them with it).
      Map<String, Long> rootRevs = new LinkedHashMap<>();
      for (JsonObject message : fresh) {
        String root = message.getString("threadRoot");
        if (root != null && !rootRevs.containsKey(root)) {
          rootRevs.put(root, ++rev);
          topRev = rev;
        }
      }
      return new Batch(answers, toInsert, fresh, ids, topSeq, topRev, rootRevs, new HashMap<>());
    }
  }

  /**
   * A change: the message must be in the room and pass {@code check}; the room's next rev is claimed on the
   * room first (refused when another writer took it: the counters are read again and the change tried
   * again), then the message takes it, the owner's memory follows and the room's {@code lastRev} moves.
   */
  private Future<JsonObject> changed(Change change, int tries) {
    String room = change.room();
    return Future.all(byId(change.id()), counters(room)).compose(both -> {
      JsonObject message = both.resultAt(0);
      if (message == null || !room.equals(message.getString("room"))) {
        return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
      }
      JsonObject update = change.update().apply(message);
      if (update == null) {
        return Future.succeededFuture(null);
      }
      Counters known = both.resultAt(1);
      long rev = known.rev + 1;
      update.put("$set", update.getJsonObject("$set", new JsonObject()).put("rev", rev))
          .put("$addToSet", new JsonObject().put(REVS_HELD, new JsonObject().put("$each",
              new JsonArray().add(revHeld(room, message.getLong("rev"))).add(revHeld(room, rev)))));
      return rooms.claimRev(room, rev).compose(claimed -> {
        if (!claimed) {
          return Future.failedFuture(ContractException.of(ErrorCode.CONFLICT));
        }
        known.rev = rev;
        // Failing past this point, the store may hold the change and the memory not: it is built again.
        return mongo.updateCollection(COLLECTION, new JsonObject().put("_id", change.id()), update)
            .compose(done -> byId(change.id()))
            .compose(changed -> {
              recent.replaced(room, view(changed));
              return released(room, changed, known.newest).compose(done -> rooms.advance(room, 0, rev, Map.of())).map(changed);
            })
            .onFailure(failure -> recent.dropped(room));
      });
    }).recover(refused -> {
      boolean fenced = Failures.duplicateKey(refused)
          || (refused instanceof ContractException conflict && conflict.error() == ErrorCode.CONFLICT);
      if (!fenced) {
        return Future.failedFuture(refused);
      }
      counters.remove(room);
      return tries > 1 ? changed(change, tries - 1) : Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
    });
  }

  /** The owner's memory of a room it owns, built from the store: its newest messages, and the highest rev of the others. */
  private Future<Void> rebuilt(String room) {
    if (recent.holds(room) || !owned.test(room)) {
      return Future.succeededFuture();
    }
    FindOptions newest = new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(RecentMessages.SIZE);
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room), newest).compose(found -> {
      long bottom = found.isEmpty() ? 1 : found.get(found.size() - 1).getLong("seq");
      Future<Long> floorRev = bottom <= 1 ? Future.succeededFuture(0L)
          : highest(new JsonObject().put("room", room).put("seq", new JsonObject().put("$lt", bottom)), "rev");
      return floorRev.map(floor -> {
        recent.built(room, found.stream().map(Messages::view).toList(), floor);
        return null;
      });
    });
  }

  /**
   * Takes out of {@code message}'s {@link #REVS_HELD} (as stored, past {@link #HELD_KEPT} entries) the revs
   * at or below {@code newest}, the rev of a new message stored in its room, which no longer need holding:
   * a writer whose counters are below such a rev loaded them before that message was stored, so its
   * counters' seq is below that message's, and every seq up to it is stored (seqs have no gap): its next
   * insert is refused on (room, seq) whatever rev it takes. A command of its own, after the move, so that
   * what another writer added meanwhile stays (one update cannot add to and take from one array).
   */
  private Future<Void> released(String room, JsonObject message, long newest) {
    JsonArray held = message.getJsonArray(REVS_HELD, new JsonArray());
    if (held.size() <= HELD_KEPT) {
      return Future.succeededFuture();
    }
    JsonArray fenced = new JsonArray(held.stream().map(String.class::cast)
        .filter(entry -> Long.parseLong(entry.substring(room.length() + 1)) <= newest).toList());
    // Left in place when the store fails here: they are taken out at a later move, the message's change stands.
    return fenced.isEmpty() ? Future.succeededFuture() : mongo.updateCollection(COLLECTION, new JsonObject().put("_id", message.getString("_id")),
        new JsonObject().put("$pull", new JsonObject().put(REVS_HELD, new JsonObject().put("$in", fenced)))).<Void>mapEmpty().otherwiseEmpty();
  }

  /** An entry of {@link #REVS_HELD}: one index over every room, so the room is in the value. */
  private static String revHeld(String room, long rev) {
    return room + "\n" + rev;
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
   * The room's highest rev ever taken: above its rev counter (claimed before every change, moved after
   * every batch) and its {@code lastRev}, the unbroken run of revs new messages took. Every rev an edit
   * freed is at or below the counter, so the run cannot stop at a freed one. A room from before the
   * counter asks its messages once; a room that never had a message has no rev below the run to ask for
   * (on the embedded store that question is a scan of every room's messages, which stalled each new
   * room's first send behind the collection's lock).
   */
  private Future<Long> revTaken(JsonObject room) {
    Long counter = room.getLong(Rooms.REV_COUNTER);
    long lastRev = room.getLong("lastRev", 0L);
    boolean neverWritten = counter == null && lastRev == 0 && room.getLong("lastSeq", 0L) == 0;
    Future<Long> floor = counter != null || neverWritten ? Future.succeededFuture(Math.max(counter == null ? 0L : counter, lastRev))
        : highest(new JsonObject().put("room", room.getString("_id")), "rev").map(highest -> Math.max(highest, lastRev));
    return floor.compose(from -> topFrom(room.getString("_id"), "rev", from));
  }

  /** {@code from}, or the last of an unbroken run of {@code field} values above it: exact lookups on the unique (room, field) index. */
  private Future<Long> topFrom(String room, String field, long from) {
    return mongo.findOne(COLLECTION, new JsonObject().put("room", room).put(field, from + 1), new JsonObject().put("_id", 1))
        .compose(above -> above == null ? Future.succeededFuture(from) : topFrom(room, field, from + 1));
  }

  /** The message at {@code seq} of {@code room}, as members see it (one lookup on the (room, seq) index), or null. */
  Future<JsonObject> atSeq(String room, long seq) {
    return mongo.findOne(COLLECTION, new JsonObject().put("room", room).put("seq", seq), null)
        .map(found -> found == null ? null : view(found));
  }

  Future<JsonObject> byId(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /** The messages of {@code ids} that exist, as stored, by id. */
  Future<Map<String, JsonObject>> byIds(Collection<String> ids) {
    return mongo.find(COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))))
        .map(found -> found.stream().collect(Collectors.toMap(message -> message.getString("_id"), message -> message)));
  }

  /**
   * {@code after}: ascending from after+1; {@code before}: newest first below it; neither: the newest.
   * {@code room}: the room's document as just read. In a room owned here, a page the owner's memory holds
   * comes from it ({@link RecentMessages}, built on the first read); any other from the store.
   */
  Future<JsonObject> history(JsonObject room, Long after, Long before, int limit) {
    String id = room.getString("_id");
    return remembered(room).compose(held -> {
      RecentMessages.Page page = held ? recent.page(id, after, before, limit) : null;
      return page != null ? Future.succeededFuture(page) : stored(id, after, before, limit);
    }).map(page -> new JsonObject().put("messages", page.messages()).put("hasMore", page.hasMore()));
  }

  /** Every message changed after {@code since}, by rev, with the rev to ask from next time: from the owner's memory as {@link #history}. */
  Future<JsonObject> changes(JsonObject room, long since, int limit) {
    String id = room.getString("_id");
    return remembered(room).compose(held -> {
      RecentMessages.Page page = held ? recent.changes(id, since, limit) : null;
      return page != null ? Future.succeededFuture(page)
          : page(new JsonObject().put("room", id).put("rev", new JsonObject().put("$gt", since)), "rev", 1, limit);
    }).map(page -> {
      JsonArray messages = page.messages();
      long rev = messages.isEmpty() ? since : messages.getJsonObject(messages.size() - 1).getLong("rev");
      return new JsonObject().put("messages", messages).put("rev", rev).put("hasMore", page.hasMore());
    });
  }

  /**
   * Whether the owner's memory may answer for the room: owned here, and held as far as the room is; built
   * first when not, through the writer (no write of the room runs meanwhile). False: read the store.
   */
  private Future<Boolean> remembered(JsonObject room) {
    String id = room.getString("_id");
    if (!owned.test(id)) {
      return Future.succeededFuture(false);
    }
    if (recent.holds(room)) {
      return Future.succeededFuture(true);
    }
    return writes.submit(new Rebuild(id)).compose(outcome -> outcome).map(built -> recent.holds(room)).otherwise(false);
  }

  /** The replies of {@code root} (as stored) after {@code after}, ascending by seq: one exact lookup on (room, seq) each. */
  Future<RecentMessages.Page> replies(JsonObject root, long after, int limit) {
    List<Long> seqs = root.getJsonArray(THREAD_SEQS, new JsonArray()).stream().map(seq -> ((Number) seq).longValue())
        .filter(seq -> seq > after).limit(limit + 1L).toList();
    List<Future<JsonObject>> lookups = seqs.stream().limit(limit).map(seq -> atSeq(root.getString("room"), seq)).toList();
    return Future.all(lookups).map(found -> new RecentMessages.Page(
        new JsonArray(found.<JsonObject>list().stream().filter(Objects::nonNull).toList()), seqs.size() > limit));
  }

  private Future<RecentMessages.Page> stored(String room, Long after, Long before, int limit) {
    JsonObject query = new JsonObject().put("room", room);
    int order = after != null ? 1 : -1;
    if (after != null) {
      query.put("seq", new JsonObject().put("$gt", after));
    } else if (before != null) {
      query.put("seq", new JsonObject().put("$lt", before));
    }
    return page(query, "seq", order, limit);
  }

  private Future<RecentMessages.Page> page(JsonObject query, String field, int order, int limit) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put(field, order)).setLimit(limit + 1);
    return mongo.findWithOptions(COLLECTION, query, options).map(found -> {
      boolean more = found.size() > limit;
      List<JsonObject> shown = more ? found.subList(0, limit) : found;
      return new RecentMessages.Page(new JsonArray(shown.stream().map(Messages::view).toList()), more);
    });
  }

  /** The highest {@code field} of the messages {@code query} finds, or 0. */
  private Future<Long> highest(JsonObject query, String field) {
    FindOptions top = new FindOptions().setSort(new JsonObject().put(field, -1)).setLimit(1).setFields(new JsonObject().put(field, 1));
    return mongo.findWithOptions(COLLECTION, query, top)
        .map(found -> found.isEmpty() ? 0L : found.get(0).getLong(field, 0L));
  }

  private Future<Void> unique(String name, JsonObject keys) {
    return mongo.createIndexWithOptions(COLLECTION, keys, new IndexOptions().name(name).unique(true));
  }

  /** Who a stored message mentions, its sender left out: the ids it names, or with mentionsRoom every member of {@code room}. */
  static List<String> mentioned(JsonObject room, JsonObject message) {
    String sender = message.getJsonObject("sender").getString("id");
    List<String> named = message.getJsonArray("mentions", new JsonArray()).stream().map(String::valueOf).toList();
    return (message.getBoolean("mentionsRoom", false) ? Rooms.members(room) : named).stream().filter(user -> !user.equals(sender)).toList();
  }

  /** The contract's message object: a deleted message keeps its place but not its text, files or previews. */
  static JsonObject view(JsonObject stored) {
    JsonObject view = new JsonObject()
        .put("id", stored.getString("_id"))
        .put("room", stored.getString("room"))
        .put("seq", stored.getLong("seq"))
        .put("rev", stored.getLong("rev"))
        .put("sender", stored.getJsonObject("sender"))
        .put("ts", stored.getLong("ts"))
        .put("clientMsgId", stored.getString("clientMsgId"))
        .put("attachments", stored.getJsonArray("attachments", new JsonArray()))
        .put("reactions", stored.getJsonArray("reactions", new JsonArray()))
        .put("mentions", stored.getJsonArray("mentions", new JsonArray()));
    if (stored.getBoolean("deleted", false)) {
      view.put("deleted", true).put("attachments", new JsonArray()).put("reactions", new JsonArray()).put("mentions", new JsonArray());
    } else {
      view.put("text", stored.getString("text"));
      if (stored.getBoolean("mentionsRoom", false)) {
        view.put("mentionsRoom", true);
      }
      if (stored.getJsonArray("previews") != null) {
        view.put("previews", stored.getJsonArray("previews"));
      }
    }
    if (stored.getLong("editedAt") != null) {
      view.put("editedAt", stored.getLong("editedAt"));
    }
    // A deleted message keeps its place in a thread and its thread's summary.
    if (stored.getString("threadRoot") != null) {
      view.put("threadRoot", stored.getString("threadRoot"));
    }
    JsonObject thread = stored.getJsonObject("thread");
    if (thread != null) {
      // In the contract's order, whatever order the store's update operators left the fields in.
      view.put("thread", new JsonObject().put("replies", thread.getLong("replies")).put("lastReplyAt", thread.getLong("lastReplyAt"))
          .put("participants", thread.getJsonArray("participants")));
    }
    return view;
  }
}
