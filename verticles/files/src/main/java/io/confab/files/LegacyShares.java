package io.confab.files;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the uploads stored before files recorded their {@code shares} the shares chat's {@code messages}
 * show (messages of the owner carrying the file, not deleted), once, at the files role's start; a file
 * with {@code shares} is never looked at again. The only place files reads chat's messages: remove it
 * once every deployment has started a files role with it.
 */
final class LegacyShares {

  private static final Logger LOG = LoggerFactory.getLogger(LegacyShares.class);
  private static final String MESSAGES = "messages";
  private static final int BATCH = 100;

  private final MongoClient mongo;

  LegacyShares(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Every upload without {@code shares} gets them; several instances doing it at once agree. */
  Future<Integer> migrate() {
    return migrated(0);
  }

  private Future<Integer> migrated(int before) {
    JsonObject legacy = new JsonObject().put("shares", new JsonObject().put("$exists", false));
    FindOptions batch = new FindOptions().setFields(new JsonObject().put("owner", 1)).setLimit(BATCH);
    return mongo.findWithOptions(FileStore.COLLECTION, legacy, batch).compose(files -> {
      if (files.isEmpty()) {
        if (before > 0) {
          LOG.atInfo().setMessage("files.shares.migrated").addKeyValue("files", before).log();
        }
        return Future.succeededFuture(before);
      }
      Future<Void> done = Future.succeededFuture();
      for (JsonObject file : files) {
        done = done.compose(v -> migrate(file));
      }
      return done.compose(v -> migrated(before + files.size()));
    });
  }

  private Future<Void> migrate(JsonObject file) {
    String fileId = file.getString("_id");
    JsonObject carrying = new JsonObject()
        .put("attachments.fileId", fileId)
        .put("sender.id", file.getString("owner"))
        .put("deleted", new JsonObject().put("$ne", true));
    FindOptions fields = new FindOptions().setFields(new JsonObject().put("room", 1).put("clientMsgId", 1));
    return mongo.findWithOptions(MESSAGES, carrying, fields).compose(messages -> {
      List<JsonObject> shares = messages.stream()
          .map(message -> FileStore.share(message.getString("room"), message.getString("clientMsgId"))).toList();
      // Added to, not set: chat may have shared the file again meanwhile.
      JsonObject update = shares.isEmpty()
          ? new JsonObject().put("$set", new JsonObject().put("shares", new JsonArray()))
          : new JsonObject().put("$addToSet", new JsonObject().put("shares", new JsonObject().put("$each", new JsonArray(shares))));
      JsonObject target = new JsonObject().put("_id", fileId);
      if (shares.isEmpty()) {
        target.put("shares", new JsonObject().put("$exists", false));
      }
      return mongo.updateCollection(FileStore.COLLECTION, target, update).mapEmpty();
    });
  }
}
