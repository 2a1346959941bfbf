package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConsumersTest {

  @Test
  @DisplayName("draining stops new requests at once and waits for the one in flight, which is answered")
  void drainingFinishesWhatIsInFlight(Vertx vertx) {
    Consumers consumers = new Consumers(vertx);
    AtomicReference<Promise<Object>> working = new AtomicReference<>();
    consumers.serve("test.slow", request -> {
      Promise<Object> work = Promise.promise();
      working.set(work);
      return work.future();
    }).await();

    Future<Object> inFlight = vertx.eventBus().request("test.slow", new JsonObject()).map(reply -> reply.body());
    while (working.get() == null) {
      Thread.onSpinWait();
    }
    Future<Void> drained = consumers.drain();
    assertThatThrownBy(() -> vertx.eventBus().request("test.slow", new JsonObject()).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    assertThat(drained.isComplete()).as("still waiting for the request in flight").isFalse();

    working.get().complete(new JsonObject().put("done", true));

    assertThat(inFlight.await()).isEqualTo(new JsonObject().put("done", true));
    drained.await();
  }

  @Test
  @DisplayName("a drain tells the others first, then unregisters the common consumers, and those served to the end only once what the others took is answered")
  void servedToTheEndAnswersUntilTheRestIsDrained(Vertx vertx) {
    Promise<Void> told = Promise.promise();
    Consumers consumers = new Consumers(vertx, told::future);
    AtomicReference<Promise<Object>> working = new AtomicReference<>();
    consumers.serve("test.common", request -> {
      if (request.body().containsKey("probe")) {
        return Future.succeededFuture(request.body());
      }
      Promise<Object> work = Promise.promise();
      working.set(work);
      return work.future();
    }).await();
    consumers.serveToTheEnd("test.owner", request -> Future.succeededFuture(request.body())).await();
    Future<Object> inFlight = vertx.eventBus().request("test.common", new JsonObject()).map(reply -> reply.body());
    while (working.get() == null) {
      Thread.onSpinWait();
    }

    Future<Void> drained = consumers.drain();
    assertThat(registered(vertx, "test.common")).as("common consumers while the others are being told").isTrue();
    told.complete();
    while (registered(vertx, "test.common")) {
      Thread.onSpinWait();
    }
    assertThat(registered(vertx, "test.owner")).as("served to the end while a request is in flight").isTrue();

    working.get().complete(new JsonObject());
    inFlight.await();
    drained.await();
    assertThat(registered(vertx, "test.owner")).isFalse();
  }

  /** Whether {@code address} has a consumer: a probe sent to it finds a handler. */
  private static boolean registered(Vertx vertx, String address) {
    Throwable failure = vertx.eventBus().request(address, new JsonObject().put("probe", true)).transform(Future::succeededFuture).await().cause();
    return !(failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS);
  }

  @Test
  @DisplayName("the node's draining signal unregisters the consumers at once, before their verticle is stopped, and a later drain is the same")
  void nodeDrainingUnregistersAtOnce(Vertx vertx) throws InterruptedException {
    Consumers consumers = new Consumers(vertx);
    consumers.serve("test.echo", request -> Future.succeededFuture(request.body())).await();
    assertThat(vertx.eventBus().request("test.echo", new JsonObject()).await().body()).isEqualTo(new JsonObject());

    vertx.eventBus().publish(Addresses.NODE_DRAINING, null);
    // A request racing the unregistration may be discarded (a TIMEOUT failure); the ones after it find no handler.
    long deadline = System.currentTimeMillis() + 5_000;
    ReplyFailure failure = null;
    while (failure != ReplyFailure.NO_HANDLERS && System.currentTimeMillis() < deadline) {
      Throwable cause = vertx.eventBus().request("test.echo", new JsonObject()).transform(Future::succeededFuture).await().cause();
      failure = cause instanceof ReplyException e ? e.failureType() : null;
      Thread.sleep(20);
    }
    assertThat(failure).isEqualTo(ReplyFailure.NO_HANDLERS);
    assertThat(consumers.drain()).isSameAs(consumers.drain());
  }

  @Test
  @DisplayName("a body that is not a JSON object is invalid_request, not a silent timeout")
  void aNonObjectBodyIsInvalid(Vertx vertx) {
    new Consumers(vertx).serve("test.echo", request -> Future.succeededFuture(request.body().getString("x"))).await();
    assertThatThrownBy(() -> vertx.eventBus().request("test.echo", "just text").await())
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("invalid_request");
        });
  }
}
