package io.confab.edge;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.confab.base.AccessTokens;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.RedisKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Who a request or a bridge frame comes from: the bearer access token's signature by the key its
 * {@code kid} names ({@link TokenKeys}), expiry, issuer, audience and use, then the revoked sessions.
 *
 * <p>Revocations are kept in memory, so that no frame costs a Redis round trip: auth publishes each one
 * to every node ({@link Addresses#AUTH_SESSION_REVOKED}) after listing it in Redis, and each is kept for
 * as long as Redis lists it ({@link AccessTokens#REVOCATION_SECONDS}, past its last token's expiry). Redis
 * stays the source of truth: the list is read from it once this edge hears the publications (nothing
 * falls between), and again every {@link #RESYNC_MS} (a publication lost with a dying node); a token seen
 * for the first time is asked of Redis too (once per token, as its signature is checked once), and until
 * the first read succeeds every token is. Redis unreachable then: {@code unavailable}, never a pass.
 */
public final class Authenticator {

  private static final String BEARER = "Bearer ";
  /** A token is a few hundred bytes; anything far larger is not one. */
  private static final int MAX_TOKEN_LENGTH = 4_096;
  /** Tokens remembered as verified, at most (an edge's sockets each carry one). */
  static final int VERIFIED_MAX = 20_000;
  /** Verifiers kept, at most: one per key in use, a few a day. */
  private static final int KEYS_MAX = 256;
  /** How often the revoked sessions are read again from Redis. */
  static final long RESYNC_MS = 30_000;
  private static final String REVOKED_PREFIX = RedisKeys.revokedSession("");

  public record Caller(String userId, String sessionId) {
  }

  private record Verified(Caller caller, long expiresAtMs) {
  }

  private final Vertx vertx;
  /** What expiry is checked against: tests set the time instead of waiting for a token to expire. */
  private final Clock clock;
  private final TokenKeys keys;
  private final RedisAPI redis;
  /** One verifier per key, made when a token first names it. */
  private final Cache<String, JWTAuth> verifiers = Caffeine.newBuilder().maximumSize(KEYS_MAX).build();
  /**
   * Tokens whose signature and claims passed, until their expiry: every frame of a socket carries the
   * same token, and an ES256 verification costs far more than a lookup. Revocation is checked every time.
   */
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(VERIFIED_MAX)
      .expireAfter(Expiry.<String, Verified>creating((token, known) -> untilExpiry(known)))
      .build();
  /** Revoked sessions, each for as long as Redis lists it. */
  private final Cache<String, Boolean> revoked = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(AccessTokens.REVOCATION_SECONDS))
      .build();
  private boolean revocationsRead;

  Authenticator(Vertx vertx, Clock clock, TokenKeys keys, RedisAPI redis) {
    this.vertx = vertx;
    this.clock = clock;
    this.keys = keys;
    this.redis = redis;
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_SESSION_REVOKED, told -> {
      if (told.body() != null && told.body().getValue("session") instanceof String session) {
        revoked.put(session, true);
      }
    }).completion().onSuccess(listening -> {
      readRevocations();
      vertx.setPeriodic(RESYNC_MS, timer -> readRevocations());
    });
  }

  /** Every session Redis lists as revoked, by SCAN (a few per minute of sign-outs). */
  private void readRevocations() {
    scanRevoked("0").onSuccess(done -> revocationsRead = true);
  }

  private Future<Void> scanRevoked(String cursor) {
    return redis.scan(List.of(cursor, "MATCH", REVOKED_PREFIX + "*", "COUNT", "1000")).compose(page -> {
      page.get(1).forEach(key -> revoked.put(key.toString().substring(REVOKED_PREFIX.length()), true));
      String next = page.get(0).toString();
      return "0".equals(next) ? Future.succeededFuture() : scanRevoked(next);
    });
  }

  /** From the edge's deployment config: the node's token keys and the Redis URI. */
  public static Authenticator create(Vertx vertx, JsonObject config) {
    return create(vertx, config, Clock.systemUTC());
  }

  /** With the clock expiry is checked against, for tests that set the time. */
  public static Authenticator create(Vertx vertx, JsonObject config, Clock clock) {
    // StoreConfig's pool queues a client's burst (a reconnect registers and syncs every room at once).
    Redis client = Redis.createClient(vertx, StoreConfig.redis(config));
    return new Authenticator(vertx, clock, TokenKeys.of(vertx, config), RedisAPI.api(client));
  }

  /** The JWK Set of the public keys in use, for the routes that publish it. */
  public Future<JsonObject> jwks() {
    return keys.jwks();
  }

  /**
   * For bridge frames: revocations from memory, as auth's publication keeps it. {@code authorization} is the
   * header's value, {@code Bearer <token>}, or null.
   */
  public Future<Caller> authenticate(String authorization) {
    return authenticate(authorization, false);
  }

  /**
   * For HTTP requests: the revocation is also asked of Redis, which auth writes before it answers a sign-out,
   * so the next request on any node is refused however late the publication arrives there (under load an
   * HTTP answer and a new request on another node can overtake it). Frames, the hot path, keep to memory.
   */
  public Future<Caller> authenticateWithStore(String authorization) {
    return authenticate(authorization, true);
  }

  private Future<Caller> authenticate(String authorization, boolean askStore) {
    if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() > MAX_TOKEN_LENGTH) {
      return unauthorized();
    }
    String token = authorization.substring(BEARER.length()).trim();
    Verified known = verified.getIfPresent(token);
    if (known != null && clock.millis() < known.expiresAtMs()) {
      return notRevoked(known.caller(), askStore);
    }
    String kid = keyId(token);
    if (kid == null) {
      return unauthorized();
    }
    return keys.find(kid)
        .compose(key -> key == null ? unauthorized() : verifier(key).authenticate(new TokenCredentials(token)).recover(invalid -> unauthorized()))
        .compose(user -> {
          JsonObject claims = user.principal();
          String userId = claims.getValue("sub") instanceof String sub ? sub : null;
          String sessionId = claims.getValue(AccessTokens.SESSION_CLAIM) instanceof String sid ? sid : null;
          if (userId == null || sessionId == null || !AccessTokens.USE_ACCESS.equals(claims.getValue(AccessTokens.USE_CLAIM))
              || !(user.attributes().getValue("exp") instanceof Number exp) || !current(exp.longValue(), user.attributes())) {
            return unauthorized();
          }
          Caller caller = new Caller(userId, sessionId);
          verified.put(token, new Verified(caller, exp.longValue() * 1000));
          return notRevoked(caller, true);
        });
  }

  private Duration untilExpiry(Verified known) {
    return Duration.ofMillis(Math.max(0, known.expiresAtMs() - clock.millis()));
  }

  /** Signature, issuer and audience; the times are checked by {@link #current}, against this edge's clock. */
  private JWTAuth verifier(TokenKeys.Key key) {
    return verifiers.get(key.kid(), kid -> {
      JWTAuthOptions options = AccessTokens.verifying(key.publicPem());
      options.getJWTOptions().setIgnoreExpiration(true);
      return JWTAuth.create(vertx, options);
    });
  }

  /**
   * The library's rules for exp, iat and nbf (which it keeps in the user's attributes), with the leeway for
   * clocks that differ between nodes.
   */
  private boolean current(long expSeconds, JsonObject times) {
    long now = clock.millis() / 1000;
    return now - AccessTokens.LEEWAY_SECONDS < expSeconds
        && notLaterThan(times.getValue("iat"), now + AccessTokens.LEEWAY_SECONDS)
        && notLaterThan(times.getValue("nbf"), now + AccessTokens.LEEWAY_SECONDS);
  }

  private static boolean notLaterThan(Object claim, long limitSeconds) {
    return claim == null || claim instanceof Number seconds && seconds.longValue() <= limitSeconds;
  }

  /** The {@code kid} of the token's header, or null when the token has no readable header or kid. */
  static String keyId(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      JsonObject header = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, dot))));
      return header.getValue("kid") instanceof String kid && !kid.isEmpty() ? kid : null;
    } catch (RuntimeException malformed) {
      return null;
    }
  }

  /**
   * From memory; a token seen for the first time is also asked of Redis (once per token, not per frame),
   * so that a token used right after its session's revocation, before the publication arrives, is refused
   * anyway; a token already in use is refused as soon as the publication arrives.
   */
  private Future<Caller> notRevoked(Caller caller, boolean askStore) {
    if (revoked.getIfPresent(caller.sessionId()) != null) {
      return unauthorized();
    }
    if (revocationsRead && !askStore) {
      return Future.succeededFuture(caller);
    }
    return redis.exists(List.of(RedisKeys.revokedSession(caller.sessionId())))
        .recover(down -> Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE)))
        .compose(found -> found != null && found.toInteger() > 0 ? unauthorized() : Future.succeededFuture(caller));
  }

  private static <T> Future<T> unauthorized() {
    return Future.failedFuture(ContractException.of(ErrorCode.UNAUTHORIZED));
  }
}
