package io.confab.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
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

  Future<Long> seq(String room, String user) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", room + "|" + user), null)
        .map(read -> read == null ? 0L : read.getLong("seq", 0L));
  }

  /** The user's read marker in each room where they have one. */
  Future<Map<String, Long>> of(String user) {
    return mongo.find(COLLECTION, new JsonObject().put("user", user))
        .map(found -> found.stream().collect(Collectors.toMap(read -> read.getString("room"), read -> read.getLong("seq", 0L))));
  }
}
