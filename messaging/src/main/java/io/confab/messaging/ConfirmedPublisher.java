package io.confab.messaging;

import static io.confab.base.ConfigValues.number;

import com.rabbitmq.client.AMQP;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConfirmation;
import java.time.Duration;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes persistent JSON messages with publisher confirms: {@link #publish} completes only when the
 * broker confirmed the message (it is then in every queue it was routed to), and fails when the broker
 * refused it, the connection is down or went down before the confirm, or no confirm came within the
 * timeout. A failure means "maybe not published": the caller keeps the message and tries again later,
 * and the consumer is idempotent on the message's id.
 *
 * <p>Every publish goes through one circuit breaker per publisher: a broker that keeps failing to
 * confirm (blocked by a resource alarm, a stalled network) costs each caller the confirm timeout, so after
 * {@link #BREAKER_MAX_FAILURES} failures the breaker opens and publishes fail at once, for
 * {@code breakerReset}; then one publish tries the broker again, and its confirm closes the breaker.
 *
 * <p>Confirms are matched to messages by delivery tag, which each channel counts from 1, so every
 * pending message remembers the connection epoch it was published in and only a confirm of that epoch
 * can complete it.
 */
public final class ConfirmedPublisher {

  private static final Logger LOG = LoggerFactory.getLogger(ConfirmedPublisher.class);

  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_BREAKER_RESET = Duration.ofSeconds(5);
  /** Config key: how long a publish waits for the broker's confirm, in ms. */
  public static final String CONFIRM_TIMEOUT_MS = "amqp-confirm-timeout-ms";
  /** Config key: how long the publisher's breaker stays open before one publish tries again, in ms. */
  public static final String BREAKER_RESET_MS = "amqp-breaker-reset-ms";
  /** Failures (within the breaker's 10 s rolling window) that open it. */
  public static final int BREAKER_MAX_FAILURES = 5;
  public static final String CONTENT_TYPE_JSON = "application/json";
  public static final int PERSISTENT = 2;
  private static final int MAX_CONFIRMS_QUEUED = 10_000;

  private final AmqpConnection connection;
  private final Vertx vertx;
  private final long timeoutMs;
  private final CircuitBreaker breaker;
  private final NavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private volatile long listeningEpoch = -1;

  private record Pending(long epoch, Promise<Void> promise) {
  }

  private ConfirmedPublisher(Vertx vertx, AmqpConnection connection, Duration confirmTimeout, Duration breakerReset) {
    this.vertx = vertx;
    this.connection = connection;
    this.timeoutMs = confirmTimeout.toMillis();
    String name = "confab-amqp-" + connection.name();
    this.breaker = CircuitBreaker.create(name, vertx, new CircuitBreakerOptions()
            .setMaxFailures(BREAKER_MAX_FAILURES)
            .setTimeout(-1) // the confirm timeout bounds each publish
            .setResetTimeout(Math.max(1, breakerReset.toMillis()))
            .setNotificationAddress(null))
        .openHandler(v -> LOG.atWarn().setMessage("amqp.breaker.open").addKeyValue("breaker", name)
            .addKeyValue("broker", connection.broker()).log())
        .closeHandler(v -> LOG.atInfo().setMessage("amqp.breaker.closed").addKeyValue("breaker", name)
            .addKeyValue("broker", connection.broker()).log());
  }

  /**
   * A publisher on {@code connection}: registers its confirm listener as a step of every (re)connection.
   * A publish fails when no confirm came within {@code confirmTimeout}; the breaker stays open {@code breakerReset}.
   */
  public static ConfirmedPublisher attach(Vertx vertx, AmqpConnection connection, Duration confirmTimeout, Duration breakerReset) {
    ConfirmedPublisher publisher = new ConfirmedPublisher(vertx, connection, confirmTimeout, breakerReset);
    connection.onConnect("publisher-confirms", publisher::listen);
    return publisher;
  }

  public static ConfirmedPublisher attach(Vertx vertx, AmqpConnection connection) {
    return attach(vertx, connection, DEFAULT_CONFIRM_TIMEOUT, DEFAULT_BREAKER_RESET);
  }

  /** A publisher with the timings of a verticle's config ({@link #CONFIRM_TIMEOUT_MS}, {@link #BREAKER_RESET_MS}). */
  public static ConfirmedPublisher attach(Vertx vertx, AmqpConnection connection, JsonObject config) {
    return attach(vertx, connection, Duration.ofMillis(number(config, CONFIRM_TIMEOUT_MS, DEFAULT_CONFIRM_TIMEOUT.toMillis())),
        Duration.ofMillis(number(config, BREAKER_RESET_MS, DEFAULT_BREAKER_RESET.toMillis())));
  }

  /** Whether a publish can go out now: connected, and the breaker not open. */
  public boolean available() {
    return connection.isUp() && breaker.state() != CircuitBreakerState.OPEN;
  }

  /** The breaker's state: CLOSED (publishing), OPEN (failing at once) or HALF_OPEN (one publish tries). */
  public CircuitBreakerState breakerState() {
    return breaker.state();
  }

  /** Publishes {@code body} as a persistent JSON message whose AMQP message id is {@code messageId}. */
  public Future<Void> publish(String exchange, String routingKey, String messageId, JsonObject body) {
    return publish(exchange, routingKey, new AMQP.BasicProperties.Builder().messageId(messageId), body);
  }

  /**
   * Publishes {@code body} with the caller's properties (reply-to, correlation id...), made persistent JSON.
   */
  public Future<Void> publish(String exchange, String routingKey, AMQP.BasicProperties.Builder properties, JsonObject body) {
    AMQP.BasicProperties props = properties
        .contentType(CONTENT_TYPE_JSON)
        .contentEncoding("UTF-8")
        .deliveryMode(PERSISTENT)
        .timestamp(new java.util.Date())
        .build();
    Buffer bytes = body.toBuffer();
    if (connection.context() == null) {
      return Future.failedFuture(new IllegalStateException("amqp connection not started"));
    }
    return breaker.execute(() -> connection.onContext(() -> publishOnContext(exchange, routingKey, props, bytes)));
  }

  /** On the connection's context, so that channel operations (and so delivery tags) stay in order. */
  private Future<Void> publishOnContext(String exchange, String routingKey, AMQP.BasicProperties props, Buffer body) {
    long epoch = connection.epoch();
    if (!connection.isUp() || listeningEpoch != epoch) {
      return Future.failedFuture(new IllegalStateException("amqp unavailable"));
    }
    Promise<Void> promise = Promise.promise();
    AtomicLong tag = new AtomicLong(-1);
    long timer = vertx.setTimer(timeoutMs, id -> {
      forget(tag.get(), promise);
      promise.tryFail(new TimeoutException("no publisher confirm within " + timeoutMs + " ms"));
    });
    AmqpConnection.guard(() -> connection.client().basicPublishWithDeliveryTag(exchange, routingKey, props, body, deliveryTag -> {
      // Called on a worker thread just before the message leaves: register it before its confirm can come.
      tag.set(deliveryTag);
      pending.put(deliveryTag, new Pending(epoch, promise));
    })).onFailure(e -> {
      forget(tag.get(), promise);
      promise.tryFail(e);
    });
    return promise.future().andThen(ar -> vertx.cancelTimer(timer));
  }

  private Future<Void> listen(RabbitMQClient client) {
    long epoch = connection.epoch();
    failAll("amqp connection lost before the confirm");
    return client.addConfirmListener(MAX_CONFIRMS_QUEUED).map(confirms -> {
      Context context = connection.context();
      confirms.handler(confirmation -> {
        // Settle on the connection's context, so that what the caller chains runs where it published.
        if (Vertx.currentContext() == context) {
          confirmed(epoch, confirmation);
        } else {
          context.runOnContext(v -> confirmed(epoch, confirmation));
        }
      });
      listeningEpoch = epoch;
      return null;
    });
  }

  private void confirmed(long epoch, RabbitMQConfirmation confirmation) {
    long tag = confirmation.getDeliveryTag();
    Map<Long, Pending> settled = confirmation.isMultiple() ? pending.headMap(tag, true) : pending.subMap(tag, true, tag, true);
    for (Map.Entry<Long, Pending> entry : settled.entrySet()) {
      Pending waiting = entry.getValue();
      if (waiting.epoch() != epoch || !pending.remove(entry.getKey(), waiting)) {
        continue;
      }
      if (confirmation.isSucceeded()) {
        waiting.promise().tryComplete();
      } else {
        waiting.promise().tryFail(new IllegalStateException("broker refused the message (nack)"));
      }
    }
  }

  private void forget(long deliveryTag, Promise<Void> promise) {
    if (deliveryTag >= 0) {
      pending.computeIfPresent(deliveryTag, (key, waiting) -> waiting.promise() == promise ? null : waiting);
    }
  }

  private void failAll(String reason) {
    for (Map.Entry<Long, Pending> entry : pending.entrySet()) {
      if (pending.remove(entry.getKey(), entry.getValue())) {
        entry.getValue().promise().tryFail(new IllegalStateException(reason));
      }
    }
  }
}
