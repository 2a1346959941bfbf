package io.confab.previews;

import io.confab.contract.Limits;
import io.netty.handler.codec.http.HttpUtil;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;

/**
 * Fetches a page for its preview without letting a link reach inside: the worker resolves the host
 * itself, refuses it unless every address it resolves to passes {@link AddressPolicy}, and connects to
 * the address it checked ({@link RequestOptions#setServer}, the URL's host kept as Host header and TLS
 * server name), so no second lookup can answer differently. Redirects are followed by hand, each one
 * checked the same way, at most {@link Limits#PREVIEW_REDIRECTS_MAX}. Only {@code text/html}, at most
 * {@link Limits#PREVIEW_BODY_MAX_BYTES} read, a time limit for all of it; the client
 * has no proxy and keeps no cookies.
 */
final class PageFetcher {

  /** A page as fetched: where it ended up (after redirects), its bytes, the charset its Content-Type named (or null). */
  record Page(URI uri, Buffer body, String charset) {
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final Set<String> allowHosts;
  private final Duration timeout;

  /**
   * The client's options: no proxy, no pooled connection (each one goes to an address checked for it),
   * no decompression (no zip bombs), and the TLS server name always sent (Vert.x leaves it out by default;
   * most HTTPS sites need it). Certificates are checked against the JDK's trusted CAs and the link's host.
   */
  static HttpClientOptions clientOptions() {
    return new HttpClientOptions().setKeepAlive(false).setDecompressionSupported(false).setForceSni(true);
  }

  /**
   * {@code client}: made with {@link #clientOptions()}; {@code allowHosts}: {@code preview-allow-hosts};
   * {@code timeout}: the whole fetch's, {@link Limits#PREVIEW_FETCH_TIMEOUT} (tests on busy machines wait longer).
   */
  PageFetcher(Vertx vertx, HttpClient client, Set<String> allowHosts, Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.allowHosts = allowHosts;
    this.timeout = timeout;
  }

  /** The page, or a failure: {@link Target.Refused} when the policy refused it, anything else when it could not be had. */
  Future<Page> fetch(String link) {
    Fetch fetch = new Fetch(System.nanoTime() + timeout.toNanos());
    long timer = vertx.setTimer(timeout.toMillis(), expired -> fetch.expire());
    Future.succeededFuture(link)
        .map(url -> Target.of(url, allowHosts))
        .compose(target -> hop(fetch, target, 0))
        .onComplete(fetch.result::tryComplete, fetch.result::tryFail);
    return fetch.result.future().andThen(done -> vertx.cancelTimer(timer));
  }

  /** One fetch's state: the request under way, reset when the time is up. */
  private static final class Fetch {
    final Promise<Page> result = Promise.promise();
    final long deadline;
    HttpClientRequest current;

    Fetch(long deadline) {
      this.deadline = deadline;
    }

    void expire() {
      if (result.tryFail(new Target.Refused("timeout")) && current != null) {
        current.reset();
      }
    }

    long remainingMs() {
      return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
  }

  private Future<Page> hop(Fetch fetch, Target target, int redirects) {
    return checkedAddress(target).compose(address -> client.request(new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setServer(SocketAddress.inetSocketAddress(target.port(), address.getHostAddress()))
            .setHost(target.host())
            .setPort(target.port())
            .setSsl(target.https())
            .setURI(target.pathAndQuery())
            .setFollowRedirects(false)
            .setConnectTimeout(fetch.remainingMs())
            .putHeader(HttpHeaders.ACCEPT, "text/html")
            .putHeader(HttpHeaders.USER_AGENT, "ConfabPreview/1.0")))
        .compose(request -> {
          if (fetch.result.future().isComplete()) {
            request.reset();
            return Future.failedFuture(new Target.Refused("timeout"));
          }
          fetch.current = request;
          return request.send();
        })
        .compose(response -> {
          int status = response.statusCode();
          if (status >= 300 && status < 400 && response.getHeader(HttpHeaders.LOCATION) != null) {
            response.request().reset();
            if (redirects >= Limits.PREVIEW_REDIRECTS_MAX) {
              return Future.failedFuture(new Target.Refused("redirects"));
            }
            return Future.succeededFuture(redirected(target, response.getHeader(HttpHeaders.LOCATION)))
                .compose(next -> hop(fetch, next, redirects + 1));
          }
          String contentType = response.getHeader(HttpHeaders.CONTENT_TYPE);
          CharSequence mime = contentType == null ? null : HttpUtil.getMimeType(contentType);
          if (status != 200 || mime == null || !"text/html".equalsIgnoreCase(mime.toString())) {
            response.request().reset();
            return Future.failedFuture(new Target.Refused(status != 200 ? "status" : "content_type"));
          }
          CharSequence charset = HttpUtil.getCharsetAsSequence(contentType);
          return body(response).map(body -> new Page(target.uri(), body, charset == null ? null : charset.toString()));
        });
  }

  /** The page's bytes; past {@link Limits#PREVIEW_BODY_MAX_BYTES} the request is reset and nothing is kept. */
  private static Future<Buffer> body(HttpClientResponse response) {
    Promise<Buffer> read = Promise.promise();
    Buffer body = Buffer.buffer();
    response.handler(chunk -> {
      if (body.length() + chunk.length() > Limits.PREVIEW_BODY_MAX_BYTES) {
        if (read.tryFail(new Target.Refused("too_large"))) {
          response.request().reset();
        }
      } else {
        body.appendBuffer(chunk);
      }
    });
    response.exceptionHandler(read::tryFail);
    response.endHandler(end -> read.tryComplete(body));
    return read.future();
  }

  private Target redirected(Target from, String location) {
    try {
      return Target.of(from.uri().resolve(new URI(location)), allowHosts);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new Target.Refused("syntax");
    }
  }

  /**
   * The address to connect to: the host's, looked up here (on a worker thread: the lookup blocks), when
   * the policy allows every one it resolves to (a name answering one public and one internal address is
   * refused), or whatever it resolves to for an allowed host ({@code preview-allow-hosts}).
   */
  private Future<InetAddress> checkedAddress(Target target) {
    return vertx.executeBlocking(() -> InetAddress.getAllByName(target.host()), false).map(addresses -> {
      if (!target.allowListed() && !Arrays.stream(addresses).allMatch(AddressPolicy::allows)) {
        throw new Target.Refused("address");
      }
      return addresses[0];
    });
  }
}
