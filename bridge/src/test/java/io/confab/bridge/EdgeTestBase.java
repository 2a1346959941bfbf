package io.confab.bridge;

import io.confab.contract.ConfigKeys;
import io.confab.contract.HttpRoutes;
import io.confab.testing.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** Starts one edge on a free port with the given routes; tests talk to it over real HTTP. */
@ExtendWith(VertxExtension.class)
abstract class EdgeTestBase {

  protected Vertx vertx;
  protected WebClient client;
  protected int port;

  protected abstract List<HttpRoutes> routes();

  @BeforeEach
  void startEdge() {
    vertx = Vertx.vertx();
    port = FreePorts.next();
    JsonObject config = new JsonObject().put(ConfigKeys.HTTP_HOST, "127.0.0.1").put(ConfigKeys.HTTP_PORT, port);
    vertx.deployVerticle(() -> new EdgeVerticle(HealthChecks.create(vertx), HealthChecks.create(vertx), routes()),
        new DeploymentOptions().setConfig(config).setInstances(2)).await();
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  }

  @AfterEach
  void stopEdge() {
    vertx.close().await();
  }
}
