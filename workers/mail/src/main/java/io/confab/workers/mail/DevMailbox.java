package io.confab.workers.mail;

import io.confab.base.JsonInput;
import io.confab.base.Replies;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;

/**
 * Dev mode only (no broker configured): the mailbox the in-process mail worker delivers into, kept in
 * MongoDB so that every local node's {@code GET /dev/mail} sees the same mails.
 */
public final class DevMailbox extends VerticleBase {

  static final String COLLECTION = "dev_mail";
  static final int MAX_LISTED = 50;
  private static final int EMAIL_MAX = 254;

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    return vertx.eventBus().<JsonObject>consumer(Addresses.DEV_MAIL_LIST, this::list).completion();
  }

  /** {@code {to}}: the mails sent to that address, newest first. */
  private void list(Message<JsonObject> request) {
    String to;
    try {
      to = JsonInput.string(request.body(), "to", 3, EMAIL_MAX).toLowerCase(java.util.Locale.ROOT);
    } catch (ContractException e) {
      Replies.fail(request, e.error());
      return;
    }
    FindOptions newestFirst = new FindOptions().setSort(new JsonObject().put("ts", -1)).setLimit(MAX_LISTED)
        .setFields(new JsonObject().put("_id", 0).put("to", 1).put("subject", 1).put("text", 1).put("html", 1).put("ts", 1));
    mongo.findWithOptions(COLLECTION, new JsonObject().put("to", to), newestFirst)
        .onSuccess(mails -> request.reply(new JsonArray(mails)))
        .onFailure(e -> Replies.fail(request, ErrorCode.UNAVAILABLE));
  }
}
