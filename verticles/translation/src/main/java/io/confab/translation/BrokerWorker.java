package io.confab.translation;

import com.rabbitmq.client.AMQP;
import io.confab.contract.Rabbit;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.ConfirmedPublisher;
import io.confab.messaging.Topology;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers behind RabbitMQ: a request is published to {@code confab.translate}/{@code request} with
 * publisher confirms, {@code reply_to} this instance's own reply queue and a fresh {@code correlation_id};
 * the reply with that correlation id completes it. The reply queue ({@code confab.translate.replies.<uuid>})
 * is exclusive to this connection and deleted with it, and declared again after every reconnection.
 *
 * <p>Before publishing, the queue's consumer count (asked at most every {@link #WORKERS_CHECK_MS}) tells
 * whether any worker is there at all: with none, or with the broker down, the answer is at once
 * {@link Worker.Unavailable}, never a wait for a reply that cannot come.
 */
final class BrokerWorker implements Worker {

  private static final Logger LOG = LoggerFactory.getLogger(BrokerWorker.class);

  static final long WORKERS_CHECK_MS = 2_000;
  private static final long FIRST_CONNECTION_WAIT_MS = 3_000;

  private final Vertx vertx;
  private final AmqpConnection broker;
  private final ConfirmedPublisher publisher;
  private final String replyQueue = "confab.translate.replies." + UUID.randomUUID();
  private final Map<String, Promise<JsonObject>> pending = new ConcurrentHashMap<>();
  private Context context;
  private int consumers;
  private long consumersAt;

  BrokerWorker(Vertx vertx, String amqpUri, Duration reconnectInterval, JsonObject config) {
    this.vertx = vertx;
    this.broker = AmqpConnection.create(vertx, amqpUri, "confab-translation", reconnectInterval)
        .onConnect("topology", Topology::declareTranslate)
        .onConnect("replies", this::consumeReplies);
    this.publisher = ConfirmedPublisher.attach(vertx, broker, config);
  }

  /** Connects in the background; waits a little for the first connection so that a normal start serves at once. */
  @Override
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return broker.start()
        .compose(v -> broker.firstConnection().timeout(FIRST_CONNECTION_WAIT_MS, TimeUnit.MILLISECONDS))
        .recover(e -> {
          LOG.atWarn().setMessage("translation.broker.unavailable").addKeyValue("broker", broker.broker()).log();
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<JsonObject> ask(JsonObject job, long timeoutMs) {
    if (!broker.isUp()) {
      return Future.failedFuture(new Unavailable("amqp unavailable (" + broker.broker() + ")"));
    }
    return workersPresent().compose(present -> present ? publishAndWait(job, timeoutMs)
        : Future.failedFuture(new Unavailable("no translation worker consumes " + Rabbit.TRANSLATE_QUEUE)));
  }

  private Future<JsonObject> publishAndWait(JsonObject job, long timeoutMs) {
    String correlationId = UUID.randomUUID().toString();
    Promise<JsonObject> reply = Promise.promise();
    pending.put(correlationId, reply);
    long timer = vertx.setTimer(timeoutMs, id -> {
      if (pending.remove(correlationId) != null) {
        reply.tryFail(new TimedOut(timeoutMs));
      }
    });
    AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
        .messageId(job.getString("id"))
        .replyTo(replyQueue)
        .correlationId(correlationId);
    publisher.publish(Rabbit.TRANSLATE_EXCHANGE, Rabbit.TRANSLATE_ROUTING_KEY, properties, job).onFailure(e -> {
      if (pending.remove(correlationId) != null) {
        reply.tryFail(new Unavailable("publish failed: " + e.getMessage()));
      }
    });
    return reply.future().andThen(done -> vertx.cancelTimer(timer));
  }

  /** Whether any worker consumes the request queue, as the broker said at most {@link #WORKERS_CHECK_MS} ago. */
  private Future<Boolean> workersPresent() {
    long now = System.currentTimeMillis();
    if (consumersAt > 0 && now - consumersAt < WORKERS_CHECK_MS) {
      return Future.succeededFuture(consumers > 0);
    }
    Future<AMQP.Queue.DeclareOk> declared;
    try {
      // Declaring with the same arguments is idempotent, and answers the consumer count.
      declared = broker.client().queueDeclare(Rabbit.TRANSLATE_QUEUE, true, false, false, Topology.workQueueArguments());
    } catch (RuntimeException gone) {
      declared = Future.failedFuture(gone);
    }
    return declared.map(ok -> {
      consumers = ok.getConsumerCount();
      consumersAt = System.currentTimeMillis();
      return consumers > 0;
    }).recover(e -> Future.failedFuture(new Unavailable("amqp: " + e.getMessage())));
  }

  private Future<Void> consumeReplies(RabbitMQClient client) {
    consumersAt = 0;
    return client.queueDeclare(replyQueue, false, true, true)
        // Set the handler in the turn the consumer is handed over: replies buffered before it would be dropped.
        .compose(ok -> client.basicConsumer(replyQueue, new QueueOptions().setAutoAck(true))
            .onSuccess(consumer -> consumer.handler(message -> context.runOnContext(v -> onReply(message)))))
        .mapEmpty();
  }

  private void onReply(RabbitMQMessage message) {
    String correlationId = message.properties().getCorrelationId();
    Promise<JsonObject> waiting = correlationId == null ? null : pending.remove(correlationId);
    if (waiting == null) {
      // Answered after its asker gave up (a retry after APY came back, a second "unavailable"): nothing waits.
      LOG.atDebug().setMessage("translation.reply.unclaimed").addKeyValue("correlationId", correlationId).log();
      return;
    }
    try {
      waiting.tryComplete(message.body().toJsonObject());
    } catch (RuntimeException notJson) {
      waiting.tryFail(new Unavailable("reply is not JSON"));
    }
  }

  @Override
  public Future<Void> close() {
    pending.forEach((id, waiting) -> waiting.tryFail(new Unavailable("closing")));
    pending.clear();
    return broker.close();
  }
}
