package io.confab.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Read markers, one per member and room; {@code $max} makes them move forward only, whoever writes. Each
 * also holds the seqs of the room's messages that mention its member (by name or the room), pruned as the
 * marker passes them, so a room list counts unread mentions from the markers it reads anyway.
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

  /** Moves the marker up to {@code seq}; true when it moved (a lower seq leaves it where it is). */
  Future<Boolean> advance(String room, String user, long seq) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", room + "|" + user), advanced(room, user, seq),
            new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(false))
        .map(before -> before == null || before.getLong("seq", 0L) < seq);
  }

  /** A sender's marker moved to their own new message. */
  record Marker(String room, String user, long seq) {
  }

  /** Moves many markers forward in one unordered bulk write (each only up to its highest seq). */
  Future<Void> advanceAll(List<Marker> markers) {
    Map<String, Marker> highest = new LinkedHashMap<>();
    markers.forEach(marker -> highest.merge(marker.room() + "|" + marker.user(), marker, (a, b) -> a.seq() >= b.seq() ? a : b));
    if (highest.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> updates = highest.entrySet().stream().map(entry -> BulkOperation.createUpdate(new JsonObject().put("_id", entry.getKey()),
        advanced(entry.getValue().room(), entry.getValue().user(), entry.getValue().seq()), true, false)).toList();
    return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(false)).mapEmpty();
  }

  /** The marker moved forward to {@code seq}; the mentions it passed are read. */
  private static JsonObject advanced(String room, String user, long seq) {
    return new JsonObject().put("$max", new JsonObject().put("seq", seq))
        .put("$set", new JsonObject().put("room", room).put("user", user))
        .put("$pull", new JsonObject().put(MENTIONS, new JsonObject().put("$lte", seq)));
  }

  /** Each marker's mention: {@code user} is mentioned by the message at {@code seq} of {@code room}. */
  Future<Void> mentioned(List<Marker> mentions) {
    if (mentions.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> updates = mentions.stream().map(mention -> BulkOperation.createUpdate(
        new JsonObject().put("_id", mention.room() + "|" + mention.user()),
        new JsonObject().put("$addToSet", new JsonObject().put(MENTIONS, mention.seq()))
            .put("$set", new JsonObject().put("room", mention.room()).put("user", mention.user())), true, false)).toList();
    return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(false)).mapEmpty();
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

  /** The users whose read marker in {@code room} is at or past {@code seq}. */
  Future<List<String>> atOrPast(String room, long seq) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room).put("seq", new JsonObject().put("$gte", seq)),
            new FindOptions().setFields(new JsonObject().put("user", 1)))
        .map(found -> found.stream().map(read -> read.getString("user")).toList());
  }

  /** Where a member has read up to in a room, how many messages after that mention them, and whether they muted it. */
  record Read(long seq, long mentions, boolean muted) {
  }

  /** The user's read marker in each room where they have one. */
  Future<Map<String, Read>> of(String user) {
    return mongo.find(COLLECTION, new JsonObject().put("user", user)).map(found -> found.stream().collect(Collectors.toMap(
        read -> read.getString("room"), read -> {
          long seq = read.getLong("seq", 0L);
          // The marker's $pull prunes what it passes; one set before it moved is counted only if still unread.
          return new Read(seq, read.getJsonArray(MENTIONS, new JsonArray()).stream()
              .filter(mentioned -> ((Number) mentioned).longValue() > seq).count(), read.getBoolean(MUTED, false));
        })));
  }
}
