package io.confab.chat;

import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.Collection;
import java.util.List;

/**
 * The lists of unread seqs a member's document keeps ({@link Reads}' mentions, {@link ThreadMembers}'
 * replies and mentions), each at most {@link Limits#UNREAD_COUNTED_MAX}: a member who never reads holds a
 * document of bounded size, whose count past the bound is the bound.
 */
final class UnreadSeqs {

  private UnreadSeqs() {
  }

  /**
   * Takes each of {@code fields} in the documents {@code ids} of {@code collection} that outgrew the bound
   * back to its newest seqs (those added last): one multi-document update, which matches none of them
   * until a list is past it. Added to by {@code $addToSet} (a repeat adds nothing), a list is trimmed
   * apart from it, as one update cannot do both to one array.
   */
  static Future<Void> trimmed(MongoClient mongo, String collection, Collection<String> ids, String... fields) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray outgrown = new JsonArray();
    JsonObject trim = new JsonObject();
    for (String field : fields) {
      outgrown.add(new JsonObject().put(field + "." + Limits.UNREAD_COUNTED_MAX, new JsonObject().put("$exists", true)));
      trim.put(field, new JsonObject().put("$each", new JsonArray()).put("$slice", -Limits.UNREAD_COUNTED_MAX));
    }
    JsonObject query = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(List.copyOf(ids)))).put("$or", outgrown);
    return mongo.updateCollectionWithOptions(collection, query, new JsonObject().put("$push", trim),
        new UpdateOptions().setMulti(true)).mapEmpty();
  }
}
