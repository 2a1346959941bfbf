package io.confab.workers.translation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on a free loopback port in front of the real APY, that counts the translations asked of
 * it and can answer late: the tests' way to see how often APY is really called, and a slow APY.
 */
public final class ApyProxy {

  private final Vertx vertx;
  private final HttpClient client;
  private final AtomicInteger translations = new AtomicInteger();
  private volatile long delayMs;
  private HttpServer server;

  public ApyProxy(Vertx vertx) {
    this.vertx = vertx;
    this.client = vertx.createHttpClient();
  }

  public Future<ApyProxy> start() {
    server = vertx.createHttpServer().requestHandler(this::forward);
    return server.listen(0, "127.0.0.1").map(this);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Requests to {@code /translate} forwarded so far. */
  public int translations() {
    return translations.get();
  }

  /** Holds every request this long before forwarding it. */
  public ApyProxy delay(long ms) {
    delayMs = ms;
    return this;
  }

  public Future<Void> close() {
    return server.close().eventually(client::close);
  }

  private void forward(HttpServerRequest request) {
    if (request.path().startsWith("/translate")) {
      translations.incrementAndGet();
    }
    request.body().compose(body -> later().compose(v -> client.request(new RequestOptions()
            .setMethod(request.method()).setHost(LocalApy.HOST).setPort(LocalApy.PORT).setURI(request.uri())
            .setHeaders(request.headers())))
        .compose(upstream -> upstream.send(body))
        .compose(response -> response.body().map(answer -> {
          request.response().setStatusCode(response.statusCode()).headers().addAll(response.headers());
          return answer;
        })))
        .onComplete(answer -> request.response().end(answer), failure -> request.response().setStatusCode(502).end());
  }

  private Future<Void> later() {
    if (delayMs <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(delayMs, id -> promise.complete());
    return promise.future();
  }
}
