package io.confab.bridge;

import io.confab.base.AccessTokens;
import io.confab.base.StoreConfig;
import io.confab.contract.ConfigKeys;
import io.confab.edge.Authenticator;
import io.confab.edge.ClientAddress;
import io.confab.edge.HttpRoutes;
import io.confab.presence.Connections;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;

/**
 * The bridge role's routes: the HTTP API and the SockJS bridge, sharing one authenticator, and the JWK
 * Set of the keys it verifies tokens with.
 */
public final class BridgeRoutes implements HttpRoutes {

  /** Short: a new key signs as soon as it is stored, and a copy kept longer would miss it. */
  static final String JWKS_CACHE_CONTROL = "public, max-age=60";

  private final Clock clock;

  public BridgeRoutes() {
    this(Clock.systemUTC());
  }

  /** With the clock token expiry is checked against: tests set the time instead of waiting for a token to expire. */
  BridgeRoutes(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void mount(Vertx vertx, Router router, JsonObject config) {
    Authenticator authenticator = Authenticator.create(vertx, config, clock);
    router.get(AccessTokens.JWKS_PATH).handler(ctx -> authenticator.jwks()
        .onSuccess(set -> ctx.response()
            .putHeader("Content-Type", "application/jwk-set+json")
            .putHeader("Cache-Control", JWKS_CACHE_CONTROL)
            .end(set.encode()))
        .onFailure(ctx::fail));
    new ApiRoutes(config.getBoolean(ConfigKeys.DEV_MODE, false), authenticator,
        ClientAddress.trusting(config.getValue(ConfigKeys.TRUSTED_PROXIES))).mount(vertx, router);
    Redis redis = Redis.createClient(vertx, StoreConfig.redis(config));
    new EventBusBridge(authenticator, new Connections(vertx, RedisAPI.api(redis)), BridgeLimits.from(config)).mount(vertx, router);
  }
}
