package io.confab.chat;

import io.vertx.core.Future;
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

/** Read markers, one per member and room; {@code $max} makes them move forward only, whoever writes. */
final class Reads {

  static final String COLLECTION = "reads";

  private final MongoClient mongo;

  Reads(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("user", 1), new IndexOptions().name("reads_user"));
  }

  /** Moves the marker up to {@code seq}; true when it moved (a lower seq leaves it where it is). */
  Future<Boolean> advance(String room, String user, long seq) {
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", room + "|" + user),
            new JsonObject().put("$max", new JsonObject().put("seq", seq)).put("$set", new JsonObject().put("room", room).put("user", user)),
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
        new JsonObject().put("$max", new JsonObject().put("seq", entry.getValue().seq()))
            .put("$set", new JsonObject().put("room", entry.getValue().room()).put("user", entry.getValue().user())), true, false)).toList();
    return mongo.bulkWriteWithOptions(COLLECTION, updates, new BulkWriteOptions(false)).mapEmpty();
  }

  Future<Long> seq(String room, String user) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", room + "|" + user), null)
        .map(read -> read == null ? 0L : read.getLong("seq", 0L));
  }

  /** The users whose read marker in {@code room} is at or past {@code seq}. */
  Future<List<String>> atOrPast(String room, long seq) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", room).put("seq", new JsonObject().put("$gte", seq)),
            new FindOptions().setFields(new JsonObject().put("user", 1)))
        .map(found -> found.stream().map(read -> read.getString("user")).toList());
  }

  /** The user's read marker in each room where they have one. */
  Future<Map<String, Long>> of(String user) {
    return mongo.find(COLLECTION, new JsonObject().put("user", user))
        .map(found -> found.stream().collect(Collectors.toMap(read -> read.getString("room"), read -> read.getLong("seq", 0L))));
  }
}
