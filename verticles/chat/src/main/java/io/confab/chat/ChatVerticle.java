package io.confab.chat;

import io.confab.contract.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

/**
 * Owns rooms and messages. So far it prepares its store: the unique indexes that are the last line of
 * defence of the contract's ordering (no two messages share a room's seq or rev) and idempotency (one
 * message per sender and clientMsgId). Sending, history and live delivery land with the chat issue.
 */
public final class ChatVerticle extends VerticleBase {

  static final String MESSAGES = "messages";

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    return Future.all(
        unique("messages_room_seq", new JsonObject().put("room", 1).put("seq", 1)),
        unique("messages_room_rev", new JsonObject().put("room", 1).put("rev", 1)),
        unique("messages_room_sender_client_id", new JsonObject().put("room", 1).put("sender.id", 1).put("clientMsgId", 1)));
  }

  private Future<Void> unique(String name, JsonObject keys) {
    return mongo.createIndexWithOptions(MESSAGES, keys, new IndexOptions().name(name).unique(true));
  }
}
