package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Rabbit;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import com.rabbitmq.client.AMQP;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TopologyTest {

  @Test
  @DisplayName("Declaring the mail and translation topology again, from either side, succeeds")
  void declaringTheTopologyAgainSucceeds(Vertx vertx) {
    RabbitMQClient client = TestQueues.client(vertx);
    try {
      Topology.declareMail(client).await();
      Topology.declareTranslate(client).await();
      Topology.declareMail(client).await();
      Topology.declareTranslate(client).await();

      // Declaring with the same arguments is the broker's own check that the queues are as specified.
      for (String queue : List.of(Rabbit.MAIL_QUEUE, Rabbit.TRANSLATE_QUEUE)) {
        assertThat(client.queueDeclare(queue, true, false, false, Topology.workQueueArguments()).await().getQueue())
            .isEqualTo(queue);
      }
    } finally {
      client.stop().await();
    }
  }

  @Test
  @DisplayName("A work queue dead-letters a message into confab.dead at its fifth failed delivery, not before or after")
  void aMessageIsDeadLetteredAtItsFifthFailedDelivery(Vertx vertx) throws Exception {
    RabbitMQClient client = TestQueues.client(vertx);
    String queue = TestQueues.workQueue(client);
    String id = UUID.randomUUID().toString();
    List<Object> deliveryCounts = new CopyOnWriteArrayList<>();
    try {
      client.basicQos(1).await();
      client.basicConsumer(queue, new QueueOptions().setAutoAck(false)).onSuccess(consumer -> consumer.handler(message -> {
        Map<String, Object> headers = message.properties().getHeaders();
        deliveryCounts.add(headers == null ? null : headers.get("x-delivery-count"));
        client.basicNack(message.envelope().getDeliveryTag(), false, true);
      })).await();
      client.basicPublish(TestQueues.TEST_EXCHANGE, queue, new AMQP.BasicProperties.Builder().messageId(id).build(),
          Buffer.buffer(new JsonObject().put("id", id).encode())).await();

      // Each delivery is counted before its nack, and the last nack is what dead-letters it: all are counted by now.
      Optional<RabbitMQMessage> dead = DeadLetters.take(vertx, m -> id.equals(m.properties().getMessageId()), Duration.ofSeconds(10));

      assertThat(dead).as("dead letter of %s", id).isPresent();
      assertThat(deliveryCounts).hasSize(Rabbit.MAX_DELIVERY_FAILURES);
      assertThat(dead.get().properties().getHeaders().get("x-first-death-reason")).hasToString("delivery_limit");
    } finally {
      client.queueDelete(queue).await();
      client.stop().await();
    }
  }
}
