package io.confab.contract;

import io.vertx.core.json.JsonObject;

/** Client settings derived from a deployment config, the same for every verticle that uses a store. */
public final class StoreConfig {

  /** Fail fast when MongoDB is unreachable, so callers answer {@code unavailable} instead of hanging. */
  private static final int MONGO_SELECTION_TIMEOUT_MS = 3_000;

  /** The config of {@code MongoClient.createShared}. */
  public static JsonObject mongo(JsonObject config) {
    return new JsonObject()
        .put("connection_string", config.getString(ConfigKeys.MONGO_URI))
        .put("db_name", config.getString(ConfigKeys.MONGO_DATABASE, "confab"))
        .put("serverSelectionTimeoutMS", MONGO_SELECTION_TIMEOUT_MS)
        .put("connectTimeoutMS", MONGO_SELECTION_TIMEOUT_MS);
  }

  public static String redisUri(JsonObject config) {
    return config.getString(ConfigKeys.REDIS_URI);
  }

  private StoreConfig() {
  }
}
