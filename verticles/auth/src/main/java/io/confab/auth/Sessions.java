package io.confab.auth;

import io.confab.base.AccessTokens;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.redis.client.RedisAPI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed-in sessions. A session is a family of refresh tokens: opaque, 256-bit, stored only as their
 * SHA-256, each usable once. Refreshing rotates; a used token presented again revokes its family. A
 * revoked session is also listed in Redis for as long as its access tokens live, so every edge
 * refuses them at once.
 */
final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
  static final String SESSIONS = "sessions";
  static final String REFRESH_TOKENS = "refresh_tokens";
  static final long LIFETIME_MS = 30L * 24 * 60 * 60 * 1000;
  /** Default of {@code session-idle-days}: a session not refreshed for this long is refused and revoked. */
  static final double IDLE_DAYS = 14;
  static final int USER_AGENT_MAX = 256;
  /** Longer than any access token of the session can live. */

  record Opened(String userId, String sessionId, String refreshToken) {
  }

  private final MongoClient mongo;
  private final RedisAPI redis;
  private final EventBus bus;
  private final long idleMs;
  private final SecureRandom random = new SecureRandom();

  Sessions(MongoClient mongo, RedisAPI redis, EventBus bus, long idleMs) {
    this.mongo = mongo;
    this.redis = redis;
    this.bus = bus;
    this.idleMs = idleMs;
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(SESSIONS, new JsonObject().put("user", 1), new IndexOptions().name("sessions_user"));
  }

  Future<Opened> open(String userId, String userAgent) {
    long now = System.currentTimeMillis();
    String sessionId = UUID.randomUUID().toString();
    JsonObject session = new JsonObject()
        .put("_id", sessionId)
        .put("user", userId)
        .put("createdAt", now)
        .put("lastUsedAt", now)
        .put("userAgent", userAgent == null ? "" : userAgent.substring(0, Math.min(USER_AGENT_MAX, userAgent.length())))
        .put("revoked", false)
        .put("expiresAt", now + LIFETIME_MS);
    return mongo.insert(SESSIONS, session).compose(done -> newRefreshToken(userId, sessionId));
  }

  /**
   * The next token of the family; {@code invalid_token} when unknown, expired, revoked, used before, or
   * idle (not refreshed for the idle timeout: then it is revoked too).
   */
  Future<Opened> rotate(String refreshToken) {
    String hash = digest(refreshToken);
    long now = System.currentTimeMillis();
    return mongo.findOneAndUpdate(REFRESH_TOKENS,
            new JsonObject().put("_id", hash).put("used", false),
            new JsonObject().put("$set", new JsonObject().put("used", true).put("usedAt", now)))
        .compose(token -> token == null ? reused(hash) : Future.succeededFuture(token))
        .compose(token -> live(token.getString("session"), token.getString("user"), now))
        .compose(session -> mongo.updateCollection(SESSIONS, new JsonObject().put("_id", session.getString("_id")),
                new JsonObject().put("$set", new JsonObject().put("lastUsedAt", now)))
            .compose(done -> newRefreshToken(session.getString("user"), session.getString("_id"))));
  }

  /** The session a refresh token belongs to, or null. */
  Future<String> sessionOf(String refreshToken) {
    return mongo.findOne(REFRESH_TOKENS, new JsonObject().put("_id", digest(refreshToken)), null)
        .map(token -> token == null ? null : token.getString("session"));
  }

  /**
   * Refused everywhere at once (Redis first, which every edge checks), open sockets closed by every
   * edge, then marked in MongoDB so it cannot refresh.
   */
  Future<Void> revoke(String sessionId) {
    return redis.setex(RedisKeys.revokedSession(sessionId), String.valueOf(AccessTokens.REVOCATION_SECONDS), "1")
        .andThen(done -> bus.publish(Addresses.AUTH_SESSION_REVOKED, new JsonObject().put("session", sessionId)))
        .compose(done -> mongo.updateCollection(SESSIONS, new JsonObject().put("_id", sessionId),
            new JsonObject().put("$set", new JsonObject().put("revoked", true))))
        .mapEmpty();
  }

  /** Every live session of the user but {@code keep} (null: all of them). */
  Future<Void> revokeAll(String userId, String keep) {
    return mongo.find(SESSIONS, new JsonObject().put("user", userId).put("revoked", false))
        .compose(sessions -> Future.all(sessions.stream()
            .map(session -> session.getString("_id"))
            .filter(id -> !id.equals(keep))
            .map(this::revoke)
            .toList()))
        .mapEmpty();
  }

  /** The user's signed-in sessions, most recently used first. */
  Future<JsonArray> list(String userId, String current) {
    long now = System.currentTimeMillis();
    JsonObject query = new JsonObject().put("user", userId).put("revoked", false)
        .put("expiresAt", new JsonObject().put("$gt", now))
        .put("lastUsedAt", new JsonObject().put("$gt", now - idleMs));
    return mongo.findWithOptions(SESSIONS, query, new FindOptions().setSort(new JsonObject().put("lastUsedAt", -1)))
        .map(sessions -> new JsonArray(sessions.stream().map(session -> new JsonObject()
            .put("id", session.getString("_id"))
            .put("createdAt", session.getLong("createdAt"))
            .put("lastUsedAt", session.getLong("lastUsedAt"))
            .put("userAgent", session.getString("userAgent"))
            .put("current", session.getString("_id").equals(current))).toList()));
  }

  /** Whether the session exists, is the user's and is still signed in. */
  Future<Boolean> owns(String userId, String sessionId) {
    return mongo.findOne(SESSIONS, new JsonObject().put("_id", sessionId).put("user", userId).put("revoked", false), null)
        .map(session -> session != null);
  }

  private Future<JsonObject> reused(String hash) {
    return mongo.findOne(REFRESH_TOKENS, new JsonObject().put("_id", hash), null)
        .compose(token -> token == null ? Future.succeededFuture() : revoke(token.getString("session")))
        .compose(done -> invalidToken());
  }

  private Future<JsonObject> live(String sessionId, String userId, long now) {
    return mongo.findOne(SESSIONS, new JsonObject().put("_id", sessionId).put("user", userId), null)
        .compose(session -> {
          if (session == null || session.getBoolean("revoked", true) || session.getLong("expiresAt", 0L) < now) {
            return invalidToken();
          }
          if (session.getLong("lastUsedAt", 0L) < now - idleMs) {
            LOG.atInfo().setMessage("auth.session.idle").addKeyValue("session", sessionId).log();
            return revoke(sessionId).compose(revoked -> invalidToken());
          }
          return Future.succeededFuture(session);
        });
  }

  private Future<Opened> newRefreshToken(String userId, String sessionId) {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    long now = System.currentTimeMillis();
    JsonObject stored = new JsonObject()
        .put("_id", digest(token))
        .put("session", sessionId)
        .put("user", userId)
        .put("used", false)
        .put("createdAt", now)
        .put("expiresAt", now + LIFETIME_MS);
    return mongo.insert(REFRESH_TOKENS, stored).map(new Opened(userId, sessionId, token));
  }

  private static <T> Future<T> invalidToken() {
    return Future.failedFuture(ContractException.of(ErrorCode.INVALID_TOKEN));
  }

  static String digest(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
