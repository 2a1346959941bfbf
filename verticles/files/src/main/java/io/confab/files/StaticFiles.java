package io.confab.files;

import io.confab.edge.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The browser page, as {@code webroot/build.mjs} leaves it in the jar's {@code confab-page/}: scripts, styles
 * and icons under {@code assets/} with their content hash in their names, cached for a year and never
 * asked again ({@code immutable}); {@code index.html}, which names them, revalidated on every load
 * ({@code no-cache}, with an ETag of its content, so an unchanged page costs a 304); and {@code /favicon.ico}.
 * After an upgrade the next load gets the new page, and with it the new names.
 */
public final class StaticFiles implements HttpRoutes {

  /**
   * Vert.x resolves a relative path in the working directory before the class path, and {@code bin/run}
   * starts the node in the repository, whose {@code webroot/} holds the page's unbuilt sources: so the
   * built page lives under a name no working directory is expected to hold.
   */
  static final String WEBROOT = "confab-page";
  static final String INDEX = WEBROOT + "/index.html";
  static final String ASSETS_CACHE_CONTROL = "public, immutable, max-age=" + Duration.ofDays(365).toSeconds();
  static final String PAGE_CACHE_CONTROL = "no-cache";

  @Override
  public void mount(Vertx vertx, Router router, JsonObject config) {
    Future<Page> page = vertx.fileSystem().readFile(INDEX).map(Page::of);
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> send(ctx, page));
    router.route("/index.html").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> send(ctx, page));
    router.route("/assets/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> cacheControl(ctx, ASSETS_CACHE_CONTROL))
        .handler(StaticHandler.create(WEBROOT + "/assets"));
    // The rest of the build's output (favicon.ico): revalidated. StaticHandler keeps the Cache-Control
    // set before it, and answers If-Modified-Since with 304.
    router.route().method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(ctx -> cacheControl(ctx, PAGE_CACHE_CONTROL))
        .handler(StaticHandler.create(WEBROOT).setIndexPage("index.html"));
  }

  private static void cacheControl(RoutingContext ctx, String value) {
    ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, value);
    ctx.next();
  }

  private static void send(RoutingContext ctx, Future<Page> page) {
    page.onFailure(ctx::fail).onSuccess(loaded -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, PAGE_CACHE_CONTROL)
          .putHeader(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
      ctx.etag(loaded.etag());
      if (ctx.isFresh()) {
        ctx.response().setStatusCode(304).end();
      } else {
        ctx.response().end(loaded.body()); // a HEAD gets its headers only
      }
    });
  }

  /** index.html, read once per HTTP server instance, and its ETag (a hash of its bytes: the same on every node). */
  record Page(Buffer body, String etag) {

    static Page of(Buffer body) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes());
        return new Page(body, "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every Java has SHA-256", e);
      }
    }
  }
}
