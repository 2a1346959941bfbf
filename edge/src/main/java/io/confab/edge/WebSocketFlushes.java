package io.confab.edge;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.core.internal.http.WebSocketInternal;

/**
 * A WebSocket upgrade whose socket flushes once per event-loop task instead of once per frame.
 *
 * <p>Vert.x flushes every write at once unless its connection is in the middle of a read, and has no
 * public way to defer a flush: a room event written to 100 sockets was 100 frames and 100 flushes
 * (write syscalls), and several events written to one socket in one turn, one flush each. Netty's
 * {@link FlushConsolidationHandler}, put in front of Vert.x's handler, holds a flush asked for outside a
 * read until the next task of the channel's event loop (never on a timer, never later), so the frames a
 * socket is written in one turn leave in one flush; the frames are written as before, in order.
 *
 * <p>The socket is reached through Vert.x's internal API ({@code io.vertx.core.internal}, its API for its
 * own modules, which vertx-web builds on the same way): SockJS upgrades the request itself, so the request
 * the router sees is wrapped ({@link HttpServerRequestWrapper}) to see the WebSocket it upgrades to, and
 * {@link WebSocketInternal#channelHandlerContext()} is the context of Vert.x's handler in the channel's
 * pipeline. On an upgrade of Vert.x, {@code WebSocketFlushesTest} fails if either stops holding: the
 * sockets would then flush per frame again (correct, only slower).
 */
final class WebSocketFlushes extends HttpServerRequestWrapper {

  /** The consolidating handler's name in a WebSocket's pipeline. */
  static final String HANDLER = "confab-flushes";

  private WebSocketFlushes(HttpServerRequestInternal request) {
    super(request);
  }

  /** The request as the router should see it: a WebSocket upgrade wrapped, any other request itself. */
  static HttpServerRequest of(HttpServerRequest request) {
    return request.canUpgradeToWebSocket() && request instanceof HttpServerRequestInternal internal
        ? new WebSocketFlushes(internal) : request;
  }

  @Override
  public Future<ServerWebSocket> toWebSocket() {
    // Before the upgrader's own callbacks: nothing is written to the socket without the handler.
    return delegate.toWebSocket().map(webSocket -> {
      consolidate(webSocket);
      return webSocket;
    });
  }

  /** Puts the consolidating handler right before Vert.x's, so that every flush Vert.x asks for passes it. */
  static void consolidate(ServerWebSocket webSocket) {
    if (webSocket instanceof WebSocketInternal internal) {
      ChannelHandlerContext vertx = internal.channelHandlerContext();
      vertx.pipeline().addBefore(vertx.name(), HANDLER,
          new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }
  }
}
