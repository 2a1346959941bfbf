package io.confab.auth;

import io.confab.contract.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

/**
 * Owns users and their sessions. So far it prepares its store: one account per normalized email is
 * enforced by MongoDB itself, whichever node registers it. Registration, login and tokens land with
 * the accounts issue.
 */
public final class AuthVerticle extends VerticleBase {

  static final String USERS = "users";

  private MongoClient mongo;

  @Override
  public Future<?> start() {
    mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    return mongo.createIndexWithOptions(USERS, new JsonObject().put("emailNormalized", 1),
        new IndexOptions().name("users_email_unique").unique(true));
  }
}
