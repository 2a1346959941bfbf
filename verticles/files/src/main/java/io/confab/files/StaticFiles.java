package io.confab.files;

import io.confab.contract.HttpRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser page: {@code webroot/} of the repository, packaged in the jar with the npm packages it
 * loads (the official event-bus bridge client and SockJS) copied under {@code vendor/} by the build.
 */
public final class StaticFiles implements HttpRoutes {

  static final String WEBROOT = "webroot";

  @Override
  public void mount(Vertx vertx, Router router, JsonObject config) {
    router.route().method(io.vertx.core.http.HttpMethod.GET).method(io.vertx.core.http.HttpMethod.HEAD)
        .handler(StaticHandler.create(WEBROOT).setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));
  }
}
