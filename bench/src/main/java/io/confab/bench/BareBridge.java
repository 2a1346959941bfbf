package io.confab.bench;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import java.util.List;

/**
 * The ceiling of this stack: a minimal Vert.x SockJS bridge at /eventbus, no auth, no storage. A send
 * to {@code bench.send} {@code {room, text}} is published to {@code room.<room>} and answered with the
 * body; clients register {@code room.*}. One HTTP server instance per core, as Confab's edge deploys.
 *
 * <p>{@code java -cp confab-bench.jar io.confab.bench.BareBridge PORT}
 */
public final class BareBridge extends VerticleBase {

  static final String SEND = "bench.send";

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Vertx vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>localConsumer(SEND, message -> {
      vertx.eventBus().publish("room." + message.body().getString("room"), message.body());
      message.reply(message.body());
    });
    vertx.deployVerticle(BareBridge.class, new DeploymentOptions()
            .setConfig(new JsonObject().put("port", port))
            .setInstances(Runtime.getRuntime().availableProcessors()))
        .onSuccess(id -> System.out.println("bare bridge listening on 127.0.0.1:" + port))
        .onFailure(e -> {
          e.printStackTrace();
          System.exit(1);
        });
  }

  @Override
  public Future<?> start() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
        .setInboundPermitteds(List.of(new PermittedOptions().setAddress(SEND)))
        .setOutboundPermitteds(List.of(new PermittedOptions().setAddressRegex("room\\..+")));
    Router router = Router.router(vertx);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, new SockJSHandlerOptions().setInsertJSESSIONID(false))
        .bridge(options));
    router.get("/health/ready").handler(ctx -> ctx.response().end("{\"status\":\"UP\"}"));
    return vertx.createHttpServer().requestHandler(router).listen(config().getInteger("port"), "127.0.0.1");
  }
}
