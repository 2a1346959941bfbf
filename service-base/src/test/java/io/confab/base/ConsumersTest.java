package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Consumers on a Vert.x whose event bus tells each unregistration (through its metrics SPI), so that the
 * tests wait for the one they expect instead of polling for a request to find no handler.
 */
class ConsumersTest {

  private final Map<String, Promise<Void>> unregistrations = new ConcurrentHashMap<>();
  private Vertx vertx;

  @BeforeEach
  void aVertxThatTellsUnregistrations() {
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MetricsOptions().setEnabled(true)))
        .withMetrics(options -> new VertxMetrics() {
          @Override
          public EventBusMetrics<String> createEventBusMetrics() {
            return new EventBusMetrics<>() {
              @Override
              public String handlerRegistered(String address) {
                return address;
              }

              @Override
              public void handlerUnregistered(String address) {
                unregistration(address).tryComplete();
              }
            };
          }
        })
        .build();
  }

  @AfterEach
  void close() {
    vertx.close().await();
  }

  /** Completes once the (first) consumer of {@code address} is unregistered. */
  private Future<Void> unregistered(String address) {
    return unregistration(address).future();
  }

  private Promise<Void> unregistration(String address) {
    return unregistrations.computeIfAbsent(address, a -> Promise.promise());
  }

  @Test
  @DisplayName("draining stops new requests at once and waits for the one in flight, which is answered")
  void drainingFinishesWhatIsInFlight() {
    Consumers consumers = new Consumers(vertx);
    Promise<Void> taken = Promise.promise();
    Promise<Object> work = Promise.promise();
    consumers.serve("test.slow", request -> {
      taken.complete();
      return work.future();
    }).await();

    Future<Object> inFlight = vertx.eventBus().request("test.slow", new JsonObject()).map(reply -> reply.body());
    taken.future().await();
    Future<Void> drained = consumers.drain();
    assertThatThrownBy(() -> vertx.eventBus().request("test.slow", new JsonObject()).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureType()).isEqualTo(ReplyFailure.NO_HANDLERS));
    assertThat(drained.isComplete()).as("still waiting for the request in flight").isFalse();

    work.complete(new JsonObject().put("done", true));

    assertThat(inFlight.await()).isEqualTo(new JsonObject().put("done", true));
    drained.await();
  }

  @Test
  @DisplayName("a drain tells the others first, then unregisters the common consumers, and those served to the end only once what the others took is answered")
  void servedToTheEndAnswersUntilTheRestIsDrained() {
    Promise<Void> told = Promise.promise();
    Consumers consumers = new Consumers(vertx, told::future);
    Promise<Void> taken = Promise.promise();
    Promise<Object> work = Promise.promise();
    consumers.serve("test.common", request -> {
      if (request.body().containsKey("probe")) {
        return Future.succeededFuture(request.body());
      }
      taken.complete();
      return work.future();
    }).await();
    consumers.serveToTheEnd("test.owner", request -> Future.succeededFuture(request.body())).await();
    Future<Object> inFlight = vertx.eventBus().request("test.common", new JsonObject()).map(reply -> reply.body());
    taken.future().await();

    Future<Void> drained = consumers.drain();
    assertThat(registered("test.common")).as("common consumers while the others are being told").isTrue();
    told.complete();
    unregistered("test.common").await();
    assertThat(registered("test.owner")).as("served to the end while a request is in flight").isTrue();

    work.complete(new JsonObject());
    inFlight.await();
    drained.await();
    assertThat(registered("test.owner")).isFalse();
  }

  /** Whether {@code address} has a consumer: a probe sent to it finds a handler. */
  private boolean registered(String address) {
    Throwable failure = vertx.eventBus().request(address, new JsonObject().put("probe", true)).transform(Future::succeededFuture).await().cause();
    return !(failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS);
  }

  @Test
  @DisplayName("the node's draining signal unregisters the consumers at once, before their verticle is stopped, and a later drain is the same")
  void nodeDrainingUnregistersAtOnce() {
    Consumers consumers = new Consumers(vertx);
    consumers.serve("test.echo", request -> Future.succeededFuture(request.body())).await();
    assertThat(vertx.eventBus().request("test.echo", new JsonObject()).await().body()).isEqualTo(new JsonObject());

    vertx.eventBus().publish(Addresses.NODE_DRAINING, null);
    unregistered("test.echo").await();

    assertThat(registered("test.echo")).isFalse();
    assertThat(consumers.drain()).isSameAs(consumers.drain());
  }

  @Test
  @DisplayName("a handler that throws something unexpected before its work begins answers internal, not a silent timeout")
  void anUnexpectedThrowIsAnsweredInternal() {
    new Consumers(vertx).serve("test.broken", request -> {
      throw new IllegalStateException("a bug");
    }).await();

    assertThatThrownBy(() -> vertx.eventBus().request("test.broken", new JsonObject()).await())
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureType()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
          assertThat(e.failureCode()).isEqualTo(500);
          assertThat(e.getMessage()).isEqualTo("internal");
        });
  }

  @Test
  @DisplayName("a body that is not a JSON object is invalid_request, not a silent timeout")
  void aNonObjectBodyIsInvalid() {
    new Consumers(vertx).serve("test.echo", request -> Future.succeededFuture(request.body().getString("x"))).await();
    assertThatThrownBy(() -> vertx.eventBus().request("test.echo", "just text").await())
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).isEqualTo("invalid_request");
        });
  }
}
