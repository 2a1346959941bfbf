package io.confab.chat;

import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Read markers, one per member and room; {@code $max} makes them move forward only, whoever writes. Each
 * also holds the seqs of the room's messages that mention its member (by name or the room), pruned as the
 * marker passes them and at most {@link Limits#UNREAD_COUNTED_MAX} ({@link UnreadSeqs}), so a room list
 * counts unread mentions from the markers it reads anyway. A member's
 * own messages move no marker: the room records each member's latest ({@link Rooms#SENT_SEQ}), and where
 * they have read up to is the higher of the two ({@link #upTo}), for every reader of the markers.
 */
final class Reads {

  static final String COLLECTION = "reads";
  private static final String MENTIONS = "mentionSeqs";
  private static final String MUTED = "muted";

  private final MongoClient mongo;

  Reads(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("user", 1), new IndexOptions().name("reads_user"));
  }

  /** Moves the marker up to {@code seq} (a lower seq leaves it where it is): its seq before, 0 when there was none. */
  Future<Long> advance(String room, String user, long seq) {
    JsonObject advanced = new JsonObject().put("$max", new JsonObject().put("seq", seq))
        .put("$set", new JsonObject().put("room", room).put("user", user))
        .put("$pull", new JsonObject().put(MENTIONS, new JsonObject().put("$lte", seq)));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", room + "|" + user), advanced,
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(false))
        .map(before -> before == null ? 0L : before.getLong("seq", 0L));
  }

  /**
   * Where {@code user} has read up to in {@code room} (the room as stored): their marker at {@code marker},
   * or past it their own latest message. A room stored before {@link Rooms#SENT_SEQ} has none: the marker.
   */
  static long upTo(JsonObject room, String user, long marker) {
    return Math.max(marker, Rooms.sentSeq(room, user));
  }

  /** {@code user} is mentioned by the message at {@code seq} of {@code room}. */
  record Mention(String room, String user, long seq) {
  }

  /** Each mention, on its member's marker. */
  Future<Void> mentioned(List<Mention> mentions) {
    if (mentions.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> updates = mentions.stream().map(mention -> BulkOperation.createUpdate(
        new JsonObject().put("_id", mention.room() + "|" + mention.user()),
        new JsonObject().put("$addToSet", new JsonObject().put(MENTIONS, mention.seq()))
            .put("$set", new JsonObject().put("room", mention.room()).put("user", mention.user())), true, false)).toList();
    Set<String> markers = mentions.stream().map(mention -> mention.room() + "|" + mention.user()).collect(Collectors.toSet());
    return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(false))
        .compose(done -> UnreadSeqs.trimmed(mongo, COLLECTION, markers, MENTIONS));
  }

  /** A deleted message mentions {@code users} no more. */
  Future<Void> unmentioned(String room, List<String> users, long seq) {
    if (users.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonObject ids = new JsonObject().put("$in", new JsonArray(users.stream().map(user -> room + "|" + user).toList()));
    return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("_id", ids),
        new JsonObject().put("$pull", new JsonObject().put(MENTIONS, seq)), new UpdateOptions().setMulti(true)).mapEmpty();
  }

  Future<Long> seq(String room, String user) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", room + "|" + user), null)
        .map(read -> read == null ? 0L : read.getLong("seq", 0L));
  }

  /**
   * The member's mute of the room, kept on their read marker (made at seq 0 when they have none yet): a
   * setting of one person in one room, read with the markers when their rooms are listed.
   */
  Future<Void> mute(String room, String user, boolean muted) {
    return mongo.updateCollectionWithOptions(COLLECTION, new JsonObject().put("_id", room + "|" + user),
        new JsonObject().put("$set", new JsonObject().put("room", room).put("user", user).put(MUTED, muted))
            .put("$setOnInsert", new JsonObject().put("seq", 0L)),
        new UpdateOptions().setUpsert(true)).mapEmpty();
  }

  /** The members of {@code room} (as stored) who have read up to {@code seq} ({@link #upTo}). */
  Future<List<String>> readers(JsonObject room, long seq) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room.getString("_id")).put("seq", new JsonObject().put("$gte", seq)),
            new FindOptions().setFields(new JsonObject().put("user", 1).put("seq", 1)))
        .map(found -> {
          Map<String, Long> markers = found.stream().collect(Collectors.toMap(read -> read.getString("user"), read -> read.getLong("seq")));
          // A member with no marker there is below seq, where 0 stands for it.
          return Rooms.members(room).stream().filter(member -> upTo(room, member, markers.getOrDefault(member, 0L)) >= seq).toList();
        });
  }

  /**
   * A member's read marker in a room: its seq, the seqs of the messages that mention them (those the marker
   * passed are pruned, those below their own later messages not: {@link #mentionsAfter}), whether they muted it.
   */
  record Read(long seq, List<Long> mentionSeqs, boolean muted) {
    static final Read NONE = new Read(0, List.of(), false);

    /** The mentions unread by a member who has read up to {@code upTo}, up to {@link Limits#UNREAD_COUNTED_MAX}. */
    long mentionsAfter(long upTo) {
      return Math.min(Limits.UNREAD_COUNTED_MAX, mentionSeqs.stream().filter(mentioned -> mentioned > upTo).count());
    }
  }

  /** The user's read marker in each room where they have one. */
  Future<Map<String, Read>> of(String user) {
    return mongo.find(COLLECTION, new JsonObject().put("user", user)).map(found -> found.stream().collect(Collectors.toMap(
        read -> read.getString("room"), read -> new Read(read.getLong("seq", 0L),
            read.getJsonArray(MENTIONS, new JsonArray()).stream().map(mentioned -> ((Number) mentioned).longValue()).toList(),
            read.getBoolean(MUTED, false)))));
  }
}
