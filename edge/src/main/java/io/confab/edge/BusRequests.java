package io.confab.edge;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;

/**
 * The edge's event-bus requests to the verticles, timed: {@code confab.bus.request} by contract address
 * and outcome ({@code ok}, {@code refused} by the verticle, {@code no_handlers} when it is deployed
 * nowhere, {@code timeout}). Addresses are the contract's fixed set, so the series stay few.
 */
public final class BusRequests {

  static final String TIMER = "confab.bus.request";
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5),
      Duration.ofSeconds(10)};

  /**
   * {@code eventBus().request(...)}, with its time recorded once it is answered or has failed. A verticle
   * on this node answers when there is one, and only then the cluster's: fewer hops, and a request
   * never goes to another node as it leaves. The cluster picks among nodes by round robin, and a node
   * that stops drops what reaches it just as it unregisters (Vert.x discards such a message without a
   * reply, so its sender waited out the timeout; {@code bench/kill-test --graceful} found it).
   */
  public static <T> Future<Message<T>> request(Vertx vertx, String address, Object body, DeliveryOptions options) {
    Timer.Sample sample = Timer.start();
    return vertx.eventBus().<T>request(address, body, new DeliveryOptions(options).setLocalOnly(true))
        .recover(failure -> noHandlers(failure) ? vertx.eventBus().<T>request(address, body, options) : Future.failedFuture(failure))
        .andThen(done -> sample.stop(Timer.builder(TIMER)
            .description("Event-bus requests from the edge to the verticles, until answered")
            .tag("address", address)
            .tag("outcome", done.succeeded() ? "ok" : outcome(done.cause()))
            .serviceLevelObjectives(BUCKETS)
            .register(Metrics.globalRegistry)));
  }

  private static boolean noHandlers(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static String outcome(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return switch (reply.failureType()) {
        case TIMEOUT -> "timeout";
        case NO_HANDLERS -> "no_handlers";
        default -> "refused";
      };
    }
    return "error";
  }

  private BusRequests() {
  }
}
