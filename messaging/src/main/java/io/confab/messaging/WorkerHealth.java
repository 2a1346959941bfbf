package io.confab.messaging;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;

/**
 * A standalone worker's probes, in the node's format ({@code {status, checks: [{id, status}]}}):
 * {@code GET /health/live} is 200 while the process serves HTTP at all; {@code GET /health/ready} is 200
 * while the worker consumes its queue (check {@code amqp}), 503 otherwise. Served on {@code health-port},
 * on every interface (the probes come from the kubelet, to the pod's address).
 */
public final class WorkerHealth {

  public static final String AMQP_CHECK = "amqp";
  /** The one check of liveness: the process answers. */
  public static final String WORKER_CHECK = "worker";

  /** Listens on {@code port} (0: any free one) until Vert.x closes. */
  public static Future<HttpServer> start(Vertx vertx, int port, QueueWorker worker) {
    HealthChecks ready = HealthChecks.create(vertx)
        .register(AMQP_CHECK, probe -> probe.complete(worker.consuming() ? Status.OK() : Status.KO()));
    Router router = Router.router(vertx);
    HealthChecks live = HealthChecks.create(vertx).register(WORKER_CHECK, probe -> probe.complete(Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
    return vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0");
  }

  private WorkerHealth() {
  }
}
