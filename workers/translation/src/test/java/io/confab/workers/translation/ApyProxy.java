package io.confab.workers.translation;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP proxy on a free loopback port in front of the real APY, that counts the translations asked of
 * it and can answer late: the tests' way to see how often APY is really called, and a slow APY.
 */
public final class ApyProxy {

  private final Vertx vertx;
  private final HttpClient client;
  private final List<String> translated = new CopyOnWriteArrayList<>();
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

  /** Requests to {@code /translate} of {@code text} forwarded so far (other tests' leftovers in the queue aside). */
  public long translations(String text) {
    return translated.stream().filter(text::equals).count();
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
    request.body().onSuccess(body -> count(request, body)).compose(body -> later().compose(v -> client.request(new RequestOptions()
            .setMethod(request.method()).setHost(LocalApy.HOST).setPort(LocalApy.PORT).setURI(request.uri())
            .setHeaders(request.headers())))
        .compose(upstream -> upstream.send(body))
        .compose(response -> response.body().map(answer -> {
          request.response().setStatusCode(response.statusCode()).headers().addAll(response.headers());
          return answer;
        })))
        .onComplete(answer -> request.response().end(answer), failure -> request.response().setStatusCode(502).end());
  }

  /** The {@code q} of a form-encoded {@code /translate}. */
  private void count(HttpServerRequest request, io.vertx.core.buffer.Buffer body) {
    if (!request.path().startsWith("/translate")) {
      return;
    }
    for (String field : body.toString().split("&")) {
      if (field.startsWith("q=")) {
        translated.add(URLDecoder.decode(field.substring(2), StandardCharsets.UTF_8));
      }
    }
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
