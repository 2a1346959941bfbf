package io.confab.edge;

import io.confab.contract.ConfigKeys;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.confab.edge.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one HTTP server. Every node answers /health/live, /health/ready and /metrics on
 * {@code http-port}; the roles deployed on the node add their routes ({@link HttpRoutes}).
 * Deploy one instance per event loop: they share the port.
 */
public final class EdgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EdgeVerticle.class);

  private final HealthChecks live;
  private final HealthChecks ready;
  private final List<HttpRoutes> routes;

  /** {@code live}: the process itself; {@code ready}: one check per dependency, DOWN while draining. */
  public EdgeVerticle(HealthChecks live, HealthChecks ready, List<HttpRoutes> routes) {
    this.live = live;
    this.ready = ready;
    this.routes = List.copyOf(routes);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    router.get("/metrics").handler(PrometheusScrapingHandler.create());
    routes.forEach(mount -> mount.mount(vertx, router, config()));
    router.route().last().handler(ctx -> HttpErrors.respond(ctx, ErrorCode.NOT_FOUND));
    router.route().failureHandler(HttpErrors::handle);
    router.errorHandler(404, ctx -> HttpErrors.respond(ctx, ErrorCode.NOT_FOUND));
    router.errorHandler(405, ctx -> HttpErrors.respond(ctx, ErrorCode.NOT_FOUND));

    HttpServerOptions options = new HttpServerOptions()
        .setHost(config().getString(ConfigKeys.HTTP_HOST, "0.0.0.0"))
        .setPort(config().getInteger(ConfigKeys.HTTP_PORT))
        .setMaxWebSocketFrameSize(Limits.BRIDGE_FRAME_MAX_BYTES)
        .setMaxWebSocketMessageSize(Limits.BRIDGE_FRAME_MAX_BYTES)
        .setCompressionSupported(true);
    return vertx.createHttpServer(options)
        // A WebSocket's frames written in one event-loop turn leave in one flush (WebSocketFlushes).
        .requestHandler(request -> router.handle(WebSocketFlushes.of(request)))
        .invalidRequestHandler(HttpErrors::invalidRequest)
        .listen()
        .onSuccess(server -> LOG.atDebug().setMessage("http.listening").addKeyValue("port", server.actualPort()).log());
  }

}
