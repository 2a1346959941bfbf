package io.confab.base;

import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisOptions;

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

  /**
   * Connections to Redis per client, and requests that may wait for one. The client's defaults (6 and 24)
   * answered bursts with "max wait queue size" failures, which callers turn into 503 {@code unavailable}:
   * a few hundred sends a second did it. Waiting requests stay bounded.
   */
  private static final int REDIS_POOL_SIZE = 8;
  private static final int REDIS_POOL_WAITING = 2_048;

  /** The contract's default where none is given: a Redis on this machine. */
  public static String redisUri(JsonObject config) {
    String uri = config.getString(ConfigKeys.REDIS_URI);
    return uri == null || uri.isBlank() ? "redis://127.0.0.1:6379" : uri;
  }

  /** The options of every verticle's Redis client. */
  public static RedisOptions redis(JsonObject config) {
    return new RedisOptions().setConnectionString(redisUri(config))
        .setMaxPoolSize(REDIS_POOL_SIZE).setMaxPoolWaiting(REDIS_POOL_WAITING);
  }

  private StoreConfig() {
  }
}
