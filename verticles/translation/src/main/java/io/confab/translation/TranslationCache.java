package io.confab.translation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translations already made, in Redis: {@code confab:translation:<messageId>:<rev>:<from>:<to>} →
 * {@code {text, engine}}, for a configurable time. The message's {@code rev} is in the key, so an edited
 * message is translated afresh; so is the source language, should its sender change it. Redis being away
 * only costs the saving: the message is then translated by the worker.
 */
final class TranslationCache {

  private static final Logger LOG = LoggerFactory.getLogger(TranslationCache.class);

  static final String PREFIX = "confab:translation:";

  private final RedisAPI redis;
  private final long ttlSeconds;

  TranslationCache(RedisAPI redis, long ttlSeconds) {
    this.redis = redis;
    this.ttlSeconds = ttlSeconds;
  }

  static String key(String messageId, long rev, String from, String to) {
    return PREFIX + messageId + ":" + rev + ":" + from + ":" + to;
  }

  /** {@code {text, engine}}, or null when not cached (or Redis did not answer). */
  Future<JsonObject> get(String key) {
    return redis.get(key)
        .map(value -> value == null ? null : new JsonObject(value.toString()))
        .recover(e -> {
          LOG.atWarn().setMessage("translation.cache.unreadable").addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture(null);
        });
  }

  Future<Void> put(String key, JsonObject translation) {
    return redis.set(List.of(key, translation.encode(), "EX", String.valueOf(ttlSeconds)))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.atWarn().setMessage("translation.cache.failed").addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture();
        });
  }
}
