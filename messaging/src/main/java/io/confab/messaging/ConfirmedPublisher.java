package io.confab.messaging;

import com.rabbitmq.client.AMQP;
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

/**
 * Publishes persistent JSON messages with publisher confirms: {@link #publish} completes only when the
 * broker confirmed the message (it is then in every queue it was routed to), and fails when the broker
 * refused it, the connection is down or went down before the confirm, or no confirm came within the
 * timeout. A failure means "maybe not published": the caller keeps the message and tries again later,
 * and the consumer is idempotent on the message's id.
 *
 * <p>Confirms are matched to messages by delivery tag, which each channel counts from 1, so every
 * pending message remembers the connection epoch it was published in and only a confirm of that epoch
 * can complete it.
 */
public final class ConfirmedPublisher {

  public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(5);
  public static final String CONTENT_TYPE_JSON = "application/json";
  public static final int PERSISTENT = 2;
  private static final int MAX_CONFIRMS_QUEUED = 10_000;

  private final AmqpConnection connection;
  private final Vertx vertx;
  private final long timeoutMs;
  private final NavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private volatile long listeningEpoch = -1;

  private record Pending(long epoch, Promise<Void> promise) {
  }

  private ConfirmedPublisher(Vertx vertx, AmqpConnection connection, Duration confirmTimeout) {
    this.vertx = vertx;
    this.connection = connection;
    this.timeoutMs = confirmTimeout.toMillis();
  }

  /** A publisher on {@code connection}: registers its confirm listener as a step of every (re)connection. */
  public static ConfirmedPublisher attach(Vertx vertx, AmqpConnection connection, Duration confirmTimeout) {
    ConfirmedPublisher publisher = new ConfirmedPublisher(vertx, connection, confirmTimeout);
    connection.onConnect("publisher-confirms", publisher::listen);
    return publisher;
  }

  public static ConfirmedPublisher attach(Vertx vertx, AmqpConnection connection) {
    return attach(vertx, connection, DEFAULT_CONFIRM_TIMEOUT);
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
    return connection.onContext(() -> publishOnContext(exchange, routingKey, props, bytes));
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
