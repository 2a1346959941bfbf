package io.confab.bridge;

import io.confab.contract.ConfigKeys;
import io.confab.contract.HttpRoutes;
import io.confab.contract.StoreConfig;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/** The bridge role's routes: the HTTP API and the SockJS bridge, sharing one authenticator. */
public final class BridgeRoutes implements HttpRoutes {

  @Override
  public void mount(Vertx vertx, Router router, JsonObject config) {
    Authenticator authenticator = Authenticator.create(vertx, config);
    new ApiRoutes(config.getBoolean(ConfigKeys.DEV_MODE, false), authenticator,
        ClientAddress.trusting(config.getValue(ConfigKeys.TRUSTED_PROXIES))).mount(vertx, router);
    Redis redis = Redis.createClient(vertx, StoreConfig.redis(config));
    new EventBusBridge(authenticator, new Connections(vertx, RedisAPI.api(redis)), BridgeLimits.from(config)).mount(vertx, router);
  }
}
