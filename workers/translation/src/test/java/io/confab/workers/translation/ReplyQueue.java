package io.confab.workers.translation;

import com.rabbitmq.client.AMQP;
import io.confab.contract.Rabbit;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.Topology;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The asking side of the boundary, for tests: a client on the real broker that publishes requests to
 * {@code confab.translate} with its own exclusive reply queue as {@code reply_to}, and collects the
 * replies by {@code correlation_id}.
 */
final class ReplyQueue {

  private final Vertx vertx;
  private final RabbitMQClient client;
  private final String queue = "confab.test.replies." + UUID.randomUUID();
  private final Map<String, List<JsonObject>> replies = new ConcurrentHashMap<>();

  ReplyQueue(Vertx vertx) {
    LocalServices.requireRabbitMq();
    this.vertx = vertx;
    client = RabbitMQClient.create(vertx, AmqpConnection.options(LocalServices.AMQP_URI, "confab-test-asker"));
    client.start().await();
    Topology.declareTranslate(client).await();
    client.queueDeclare(queue, false, true, true).await();
    client.basicConsumer(queue, new QueueOptions().setAutoAck(true)).onSuccess(consumer -> consumer.handler(message ->
        replies.computeIfAbsent(String.valueOf(message.properties().getCorrelationId()), k -> new CopyOnWriteArrayList<>())
            .add(message.body().toJsonObject()))).await();
  }

  RabbitMQClient client() {
    return client;
  }

  /** Publishes {@code body} as a request (message id = its id, if any); returns the correlation id. */
  String ask(JsonObject body) {
    return ask(Buffer.buffer(body.encode()), body.getString("id"));
  }

  String ask(Buffer body, String messageId) {
    String correlationId = UUID.randomUUID().toString();
    client.basicPublish(Rabbit.TRANSLATE_EXCHANGE, Rabbit.TRANSLATE_ROUTING_KEY, new AMQP.BasicProperties.Builder()
        .messageId(messageId).replyTo(queue).correlationId(correlationId).contentType("application/json").deliveryMode(2).build(),
        body).await();
    return correlationId;
  }

  /** The first reply to {@code correlationId}; fails when none came within {@code timeoutMs}. */
  JsonObject await(String correlationId, long timeoutMs) {
    return Eventually.value(() -> {
      List<JsonObject> got = replies.get(correlationId);
      return got == null || got.isEmpty() ? null : got.get(0);
    }, Duration.ofMillis(timeoutMs), "a reply to " + correlationId);
  }

  /**
   * Returns once a marker sent now to the reply queue has come back: every reply the broker had taken
   * before (a worker's confirmed publish) has been collected by then.
   */
  void barrier() {
    String marker = UUID.randomUUID().toString();
    client.basicPublish("", queue, new AMQP.BasicProperties.Builder().correlationId(marker).build(),
        Buffer.buffer(new JsonObject().encode())).await();
    await(marker, 10_000);
  }

  /** Whether a request with this message id waits in confab.translate.requests; what it reads goes back. */
  boolean waiting(String messageId) {
    RabbitMQClient reader = RabbitMQClient.create(vertx, AmqpConnection.options(LocalServices.AMQP_URI, "confab-test-reader"));
    reader.start().await();
    try {
      for (RabbitMQMessage request = reader.basicGet(Rabbit.TRANSLATE_QUEUE, false).await(); request != null;
          request = reader.basicGet(Rabbit.TRANSLATE_QUEUE, false).await()) {
        if (messageId.equals(request.properties().getMessageId())) {
          return true;
        }
      }
      return false;
    } finally {
      reader.stop().await(); // unacked: every message read goes back to the queue
    }
  }

  List<JsonObject> all(String correlationId) {
    return List.copyOf(replies.getOrDefault(correlationId, List.of()));
  }

  /** Workers consuming confab.translate.requests now. */
  int consumers() {
    return client.queueDeclare(Rabbit.TRANSLATE_QUEUE, true, false, false, Topology.workQueueArguments()).await().getConsumerCount();
  }

  void close() {
    client.stop().await();
  }
}
