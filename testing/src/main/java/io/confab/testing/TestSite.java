package io.confab.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A web site on loopback for the link-preview tests: each path answers as its test says, and the
 * requests each path got are counted (a cache that answered, an address never connected to).
 */
public final class TestSite implements AutoCloseable {

  private final Map<String, Handler<HttpServerRequest>> pages = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final HttpServer server;

  private TestSite(HttpServer server) {
    this.server = server;
  }

  /** Listening on 127.0.0.1 on a free port; an unknown path answers 404. */
  public static TestSite start(Vertx vertx) {
    return start(vertx, FreePorts.next());
  }

  /** Listening on 127.0.0.1 on {@code port} (one a platform under test was told to allow). */
  public static TestSite start(Vertx vertx, int port) {
    TestSite site = new TestSite(vertx.createHttpServer());
    site.server.requestHandler(request -> {
      site.hits.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
      site.pages.getOrDefault(request.path(), unknown -> unknown.response().setStatusCode(404).end()).handle(request);
    }).listen(port, "127.0.0.1").await();
    return site;
  }

  /** {@code path} answers with {@code handler}. */
  public TestSite page(String path, Handler<HttpServerRequest> handler) {
    pages.put(path, handler);
    return this;
  }

  /** {@code path} answers 200 with {@code html} as {@code text/html; charset=utf-8}. */
  public TestSite html(String path, String html) {
    return page(path, request -> request.response().putHeader("Content-Type", "text/html; charset=utf-8").end(html));
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** How many requests {@code path} got. */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  @Override
  public void close() {
    server.close().await();
  }
}
