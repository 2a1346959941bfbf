package io.confab.workers.translation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idempotency of translation requests on their id, in Redis: once a request is translated its reply is
 * kept under {@code confab:translate:job:<id>} for {@link #TTL}, and every later copy of the request is
 * answered with it, without asking APY again. Translating is a pure function, so two copies handled at the
 * same instant by two workers may both ask APY (and give the same answer); no lease is worth that.
 * Redis being away only costs the saving: the request is then translated as if new.
 */
final class TranslationRecords {

  private static final Logger LOG = LoggerFactory.getLogger(TranslationRecords.class);

  static final String PREFIX = "confab:translate:job:";
  static final Duration TTL = Duration.ofDays(1);

  private final RedisAPI redis;

  TranslationRecords(RedisAPI redis) {
    this.redis = redis;
  }

  /** The reply already given to request {@code id}, or null (also when Redis does not answer). */
  Future<JsonObject> answered(String id) {
    return redis.get(PREFIX + id)
        .map(value -> value == null ? null : new JsonObject(value.toString()))
        .recover(e -> {
          LOG.atWarn().setMessage("translate.record.unreadable").addKeyValue("id", id)
              .addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture(null);
        });
  }

  /** Keeps {@code reply} as the answer to request {@code id}; a failure is logged, never the request's. */
  Future<Void> record(String id, JsonObject reply) {
    return redis.set(List.of(PREFIX + id, reply.encode(), "PX", String.valueOf(TTL.toMillis())))
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.atWarn().setMessage("translate.record.failed").addKeyValue("id", id)
              .addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture();
        });
  }
}
