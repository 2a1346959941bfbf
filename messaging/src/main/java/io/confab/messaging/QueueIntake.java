package io.confab.messaging;

import static io.confab.base.ConfigValues.number;

import io.confab.contract.Rabbit;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The intake every {@link QueueWorker} shares, whatever its work: the broker connection and its queue
 * consumer (manual acks, bounded prefetch, set up again after every reconnection), the settling of each
 * delivery (ack, dead-letter, or requeue after a growing delay, the queue counting the failures and
 * dead-lettering at {@link Rabbit#MAX_DELIVERY_FAILURES}), the count of work in flight, and the graceful
 * stop. Without a broker (in-process) only the retry delays, the in-flight count and {@link #stopping()}
 * apply; the worker serves its bus address itself.
 */
public final class QueueIntake {

  /** How often a lost broker connection is tried again. */
  public static final String AMQP_RECONNECT_MS = "amqp-reconnect-ms";

  private static final int DEFAULT_PREFETCH = 10;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final String queue;
  private final long retryBaseMs;
  private final long retryMaxMs;
  private final int prefetch;
  private final Map<Long, Runnable> delayedNacks = new HashMap<>();
  private AmqpConnection broker;
  private RabbitMQConsumer consumer;
  private boolean stopping;
  private int inFlight;

  /**
   * Retries start at {@code retryBaseKey} (default {@code defaultRetryBaseMs}) and double up to
   * {@code retryMaxKey}; {@code prefetchKey} bounds the unacked deliveries held at once (basic.qos).
   */
  public QueueIntake(Vertx vertx, String queue, JsonObject config, String retryBaseKey, long defaultRetryBaseMs,
      String retryMaxKey, long defaultRetryMaxMs, String prefetchKey) {
    this.vertx = vertx;
    this.queue = queue;
    this.retryBaseMs = Math.max(1, number(config, retryBaseKey, defaultRetryBaseMs));
    this.retryMaxMs = Math.max(retryBaseMs, number(config, retryMaxKey, defaultRetryMaxMs));
    this.prefetch = (int) Math.max(1, Math.min(1_000, number(config, prefetchKey, DEFAULT_PREFETCH)));
  }

  /**
   * The broker connection, not started: the worker adds its topology (and anything else to set up before
   * consuming), then {@link #consumeWith} and starts it.
   */
  public AmqpConnection connect(String amqpUri, String connectionName, JsonObject config) {
    Duration reconnect = Duration.ofMillis(number(config, AMQP_RECONNECT_MS, AmqpConnection.DEFAULT_RECONNECT_INTERVAL.toMillis()));
    broker = AmqpConnection.create(vertx, amqpUri, connectionName, reconnect);
    return broker;
  }

  /** Consumes the queue on every connection, each delivery handed to {@code worker}, which settles it once. */
  public AmqpConnection consumeWith(Consumer<Delivery> worker) {
    return broker.onConnect("consume", client -> consume(client, worker));
  }

  private Future<Void> consume(RabbitMQClient client, Consumer<Delivery> worker) {
    long epoch = broker.epoch();
    return client.basicQos(prefetch)
        // Set the handler in the turn the consumer is handed over: messages buffered before it would be dropped.
        .compose(v -> client.basicConsumer(queue, new QueueOptions().setAutoAck(false))
            .onSuccess(started -> {
              consumer = started;
              started.handler(message -> worker.accept(new Delivery(epoch, message)));
            }))
        .mapEmpty();
  }

  /** For the standalone worker's readiness: connected, its consumer set up again after every reconnection. */
  public boolean consuming() {
    return broker != null && broker.isUp();
  }

  /** Once stopping, a failed job is not retried later: it goes back to the queue at once. */
  public boolean stopping() {
    return stopping;
  }

  /** Counts {@code work} in flight until it completes: the graceful stop waits for it. */
  public <T> Future<T> track(Future<T> work) {
    inFlight++;
    return work.andThen(done -> inFlight--);
  }

  /** The delay after the {@code failedAttempt}th failure: the base, doubled each time, up to the maximum. */
  public long retryDelay(int failedAttempt) {
    long delay = retryBaseMs << Math.min(failedAttempt - 1, 20);
    return Math.min(delay, retryMaxMs);
  }

  /** One message from the queue, to be settled once: acked, dead-lettered or requeued. */
  public final class Delivery {

    private final long epoch;
    private final RabbitMQMessage message;

    private Delivery(long epoch, RabbitMQMessage message) {
      this.epoch = epoch;
      this.message = message;
    }

    public RabbitMQMessage message() {
      return message;
    }

    /** This delivery's attempt, 1 for the first: the queue's count of earlier failures (x-delivery-count), plus one. */
    public int attempt() {
      Map<String, Object> headers = message.properties().getHeaders();
      Object count = headers == null ? null : headers.get("x-delivery-count");
      return (count instanceof Number number ? number.intValue() : 0) + 1;
    }

    /** The queue dead-letters this delivery if it fails now. */
    public boolean last() {
      return attempt() >= Rabbit.MAX_DELIVERY_FAILURES;
    }

    public Future<Void> ack() {
      return broker.ack(epoch, message.envelope().getDeliveryTag());
    }

    /** Straight to {@code confab.dead}, for what no retry can fix (nack without requeue). */
    public void deadLetter() {
      broker.nack(epoch, message.envelope().getDeliveryTag(), false);
    }

    /** Back to the queue at once, which counts the failure. */
    public void requeue() {
      broker.nack(epoch, message.envelope().getDeliveryTag(), true);
    }

    /**
     * Back to the queue after the retry delay (at once if last or stopping), which counts the failure and
     * at the last dead-letters it; the delay is returned for the worker's log.
     */
    public long requeueLater() {
      long delay = last() || stopping ? 0 : retryDelay(attempt());
      if (delay == 0) {
        requeue();
        return 0;
      }
      long[] timer = new long[1];
      timer[0] = vertx.setTimer(delay, id -> {
        delayedNacks.remove(timer[0]);
        requeue();
      });
      delayedNacks.put(timer[0], this::requeue);
      return delay;
    }
  }

  /**
   * Graceful: stop taking deliveries, give delayed retries back to the queue now, let work in progress
   * finish (up to {@link #STOP_GRACE}), then close the connection; anything still unacked goes back to the
   * queue. In-process, only marks the intake stopping.
   */
  public Future<Void> stop() {
    stopping = true;
    if (broker == null) {
      return Future.succeededFuture();
    }
    Future<Void> cancelled = cancelConsumer();
    new ArrayList<>(delayedNacks.keySet()).forEach(timer -> {
      if (vertx.cancelTimer(timer)) {
        delayedNacks.remove(timer).run();
      }
    });
    return cancelled.compose(v -> waitForInFlight(System.currentTimeMillis() + STOP_GRACE.toMillis()))
        .compose(v -> broker.close());
  }

  /** Stops deliveries; on a connection already gone the client throws instead of failing the Future. */
  private Future<Void> cancelConsumer() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    try {
      return consumer.cancel().recover(e -> Future.succeededFuture());
    } catch (RuntimeException gone) {
      return Future.succeededFuture();
    }
  }

  private Future<Void> waitForInFlight(long deadline) {
    if (inFlight == 0 || System.currentTimeMillis() > deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(50, id -> waitForInFlight(deadline).onComplete(later));
    return later.future();
  }
}
