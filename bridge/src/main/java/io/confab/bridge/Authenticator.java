package io.confab.bridge;

import io.confab.contract.AccessTokens;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.RedisKeys;
import io.confab.contract.StoreConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a request or a bridge frame comes from: the bearer access token's signature, expiry, issuer,
 * audience and use, then the revocation list in Redis, so that a logout on any node is refused on
 * every node at once. Redis unreachable: {@code unavailable}, never a pass.
 */
public final class Authenticator {

  private static final String BEARER = "Bearer ";
  /** A token is a few hundred bytes; anything far larger is not one. */
  private static final int MAX_TOKEN_LENGTH = 4_096;
  /** Tokens remembered as verified, at most (an edge's sockets each carry one). */
  static final int VERIFIED_MAX = 20_000;

  public record Caller(String userId, String sessionId) {
  }

  private record Verified(Caller caller, long expiresAtMs) {
  }

  private final JWTAuth jwt;
  private final RedisAPI redis;
  /**
   * Tokens whose signature and claims passed, until their expiry: every frame of a socket carries the
   * same token, and an ES256 verification costs far more than a lookup. Revocation is asked every time.
   */
  private final Map<String, Verified> verified = Collections.synchronizedMap(new LinkedHashMap<>(1_024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
      return size() > VERIFIED_MAX;
    }
  });

  Authenticator(JWTAuth jwt, RedisAPI redis) {
    this.jwt = jwt;
    this.redis = redis;
  }

  /** From the edge's deployment config: the public key's PEM and the Redis URI. */
  public static Authenticator create(Vertx vertx, JsonObject config) {
    JWTAuth jwt = JWTAuth.create(vertx, AccessTokens.verifying(config.getString(ConfigKeys.JWT_PUBLIC_PEM)));
    // StoreConfig's pool queues a client's burst (a reconnect registers and syncs every room at once).
    Redis client = Redis.createClient(vertx, StoreConfig.redis(config));
    return new Authenticator(jwt, RedisAPI.api(client));
  }

  /** {@code authorization} is the header's value, {@code Bearer <token>}, or null. */
  public Future<Caller> authenticate(String authorization) {
    if (authorization == null || !authorization.startsWith(BEARER) || authorization.length() > MAX_TOKEN_LENGTH) {
      return unauthorized();
    }
    String token = authorization.substring(BEARER.length()).trim();
    Verified known = verified.get(token);
    if (known != null && System.currentTimeMillis() < known.expiresAtMs()) {
      return notRevoked(known.caller());
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(invalid -> unauthorized())
        .compose(user -> {
          JsonObject claims = user.principal();
          String userId = claims.getValue("sub") instanceof String sub ? sub : null;
          String sessionId = claims.getValue(AccessTokens.SESSION_CLAIM) instanceof String sid ? sid : null;
          if (userId == null || sessionId == null || !AccessTokens.USE_ACCESS.equals(claims.getValue(AccessTokens.USE_CLAIM))
              || !(user.attributes().getValue("exp") instanceof Number exp)) {
            return unauthorized();
          }
          Caller caller = new Caller(userId, sessionId);
          verified.put(token, new Verified(caller, exp.longValue() * 1000));
          return notRevoked(caller);
        });
  }

  private Future<Caller> notRevoked(Caller caller) {
    return redis.exists(List.of(RedisKeys.revokedSession(caller.sessionId())))
        .recover(down -> Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE)))
        .compose(found -> found != null && found.toInteger() > 0 ? unauthorized() : Future.succeededFuture(caller));
  }

  private static <T> Future<T> unauthorized() {
    return Future.failedFuture(ContractException.of(ErrorCode.UNAUTHORIZED));
  }
}
