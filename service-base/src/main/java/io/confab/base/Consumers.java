package io.confab.base;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A verticle's request consumers, so that stopping it loses nothing: {@link #drain} unregisters them
 * first (the cluster sends new requests to other nodes) and then waits, bounded, for the requests
 * already being served, which would otherwise fail on clients closed under them.
 *
 * <p>Draining starts as soon as the node does ({@link Addresses#NODE_DRAINING}), not when the verticle is
 * undeployed after the node's pause: a request another node routed here while this node's event bus
 * was closing was lost and waited out its timeout (found by {@code bench/kill-test --graceful}). The
 * pause now gives every node time to drop these consumers from its view while this one still answers.
 *
 * <p>Some work is handed to one instance by name (a chat instance's owner address): the others must stop
 * handing it there before it stops answering. A drain therefore first runs what tells them
 * ({@code leaving}), then unregisters the common consumers and answers what is in flight, and only then
 * unregisters those served {@link #serveToTheEnd to the end}.
 */
public final class Consumers {

  /** How long a stopping verticle waits for its requests in flight. */
  public static final Duration DRAIN = Duration.ofSeconds(8);
  private static final long POLL_MS = 50;

  private final Vertx vertx;
  private final List<MessageConsumer<JsonObject>> registered = new ArrayList<>();
  private final List<MessageConsumer<JsonObject>> last = new ArrayList<>();
  private final Supplier<Future<?>> leaving;
  private final MessageConsumer<Object> nodeDraining;
  private Future<Void> drained;
  private int inFlight;

  public Consumers(Vertx vertx) {
    this(vertx, Future::succeededFuture);
  }

  /** {@code leaving}: what a drain does before unregistering anything; its failure does not stop the drain. */
  public Consumers(Vertx vertx, Supplier<Future<?>> leaving) {
    this.vertx = vertx;
    this.leaving = leaving;
    this.nodeDraining = vertx.eventBus().localConsumer(Addresses.NODE_DRAINING, stopping -> drain());
  }

  /** As {@link Requests#serve}, counted while in flight. */
  public Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> handler) {
    return serve(address, handler, registered);
  }

  /** As {@link #serve}, but unregistered only once the requests the other consumers took are answered. */
  public Future<Void> serveToTheEnd(String address, Function<Message<JsonObject>, Future<?>> handler) {
    return serve(address, handler, last);
  }

  private Future<Void> serve(String address, Function<Message<JsonObject>, Future<?>> handler, List<MessageConsumer<JsonObject>> group) {
    Handler<Message<JsonObject>> counted = request -> {
      inFlight++;
      Requests.answer(request, handler).onComplete(done -> inFlight--);
    };
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(address, counted);
    group.add(consumer);
    return consumer.completion();
  }

  /**
   * Tells the others ({@code leaving}), unregisters every consumer, the ones served to the end last, then
   * completes once nothing is in flight, or after {@link #DRAIN}; the same drain however often asked.
   */
  public Future<Void> drain() {
    if (drained == null) {
      nodeDraining.unregister();
      long deadline = System.currentTimeMillis() + DRAIN.toMillis();
      drained = leaving.get().transform(told -> unregisteredThenIdle(registered, deadline))
          .compose(idle -> unregisteredThenIdle(last, deadline));
    }
    return drained;
  }

  private Future<Void> unregisteredThenIdle(List<MessageConsumer<JsonObject>> group, long deadline) {
    return Future.join(group.stream().map(MessageConsumer::unregister).toList()).transform(done -> {
      Promise<Void> drained = Promise.promise();
      vertx.setPeriodic(0, POLL_MS, timer -> {
        if (inFlight == 0 || System.currentTimeMillis() > deadline) {
          vertx.cancelTimer(timer);
          drained.complete();
        }
      });
      return drained.future();
    });
  }
}
