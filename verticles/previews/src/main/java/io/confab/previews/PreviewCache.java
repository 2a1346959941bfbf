package io.confab.previews;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Previews by URL in Redis: {@code confab:preview:<sha-256 of the URL>} → {@code {preview}} for a day, or
 * {@code {}} (no preview: refused, failed, nothing to show) for {@link #FAILED_TTL_SECONDS}, so a link
 * posted again is not fetched again. Redis being away only costs the saving.
 */
final class PreviewCache {

  private static final Logger LOG = LoggerFactory.getLogger(PreviewCache.class);

  static final String PREFIX = "confab:preview:";
  static final long TTL_SECONDS = 24 * 3600;
  static final long FAILED_TTL_SECONDS = 10 * 60;

  /** What the cache holds for a URL: {@code preview} null when the URL gave none. */
  record Entry(JsonObject preview) {
  }

  private final RedisAPI redis;

  PreviewCache(RedisAPI redis) {
    this.redis = redis;
  }

  /** The entry, or null when the URL is not cached (or Redis did not answer). */
  Future<Entry> get(String url) {
    return redis.get(key(url))
        .map(value -> value == null ? null : new Entry(new JsonObject(value.toString()).getJsonObject("preview")))
        .recover(e -> {
          LOG.atWarn().setMessage("preview.cache.unreadable").addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture(null);
        });
  }

  Future<Void> put(String url, JsonObject preview) {
    JsonObject entry = preview == null ? new JsonObject() : new JsonObject().put("preview", preview);
    long ttl = preview == null ? FAILED_TTL_SECONDS : TTL_SECONDS;
    return redis.set(List.of(key(url), entry.encode(), "EX", String.valueOf(ttl))).<Void>mapEmpty().recover(e -> {
      LOG.atWarn().setMessage("preview.cache.failed").addKeyValue("error", String.valueOf(e.getMessage())).log();
      return Future.succeededFuture();
    });
  }

  /** Hashed: a URL may be long and hold anything. */
  static String key(String url) {
    try {
      return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException(impossible);
    }
  }
}
