package io.confab.edge;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * Routes a role adds to its node's one HTTP server. Every node serves /health and /metrics; the bridge
 * role adds /api/v1 and /eventbus, the files role the page and the files, so that in the one-JVM run the
 * user sees a single origin, while in Kubernetes an ingress can send each path to its own pods.
 */
@FunctionalInterface
public interface HttpRoutes {

  /** Called once per HTTP server instance, on that instance's event loop, with the edge's deployment config. */
  void mount(Vertx vertx, Router router, JsonObject config);
}
