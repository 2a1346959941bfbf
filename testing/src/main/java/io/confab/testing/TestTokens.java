package io.confab.testing;

import io.confab.base.AccessTokens;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.UUID;

/** One key pair for a test run, and access tokens signed with it, as the auth verticle signs them. */
public final class TestTokens {

  public static final AccessTokens.KeyPairPem KEYS = AccessTokens.generate();

  public static String access(Vertx vertx, String userId, String sessionId) {
    return signer(vertx).generateToken(new JsonObject()
        .put(AccessTokens.SESSION_CLAIM, sessionId)
        .put(AccessTokens.USE_CLAIM, AccessTokens.USE_ACCESS)
        .put("jti", UUID.randomUUID().toString()), AccessTokens.options(userId));
  }

  public static JWTAuth signer(Vertx vertx) {
    return JWTAuth.create(vertx, AccessTokens.signing(KEYS.publicPem(), KEYS.privatePem()));
  }

  /** What an edge needs to verify these tokens: the public key and the local Redis. */
  public static JsonObject edgeConfig() {
    return new JsonObject()
        .put(ConfigKeys.JWT_PUBLIC_PEM, KEYS.publicPem())
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI);
  }

  private TestTokens() {
  }
}
