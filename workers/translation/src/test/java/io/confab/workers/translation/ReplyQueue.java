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

  private final RabbitMQClient client;
  private final String queue = "confab.test.replies." + UUID.randomUUID();
  private final Map<String, List<JsonObject>> replies = new ConcurrentHashMap<>();

  ReplyQueue(Vertx vertx) {
    LocalServices.requireRabbitMq();
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
