package io.confab.messaging;

import io.confab.contract.Rabbit;
import io.confab.testing.LocalServices;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Finds one dead letter in the shared {@code confab.dead} without disturbing the others: it holds what
 * it reads unacked, acks (removes) only the one it looks for, and closes its connection, which gives
 * every other message back to the queue.
 */
public final class DeadLetters {

  private static final int HOLD_AT_MOST = 2_000;

  /** The first dead letter matching {@code wanted} within {@code timeout}, removed from the queue; empty if none. */
  public static Optional<RabbitMQMessage> take(Vertx vertx, Predicate<RabbitMQMessage> wanted, Duration timeout) {
    RabbitMQClient client = RabbitMQClient.create(vertx, AmqpConnection.options(LocalServices.AMQP_URI, "confab-test-dead-letters"));
    client.start().await();
    try {
      Topology.declareDeadLetters(client).await();
      Promise<RabbitMQMessage> found = Promise.promise();
      client.basicQos(HOLD_AT_MOST).await();
      // The handler must be set in the same turn the consumer is handed over, or early messages are dropped.
      client.basicConsumer(Rabbit.DEAD_LETTER_QUEUE, new QueueOptions().setAutoAck(false))
          .onSuccess(consumer -> consumer.handler(message -> {
            if (!found.future().isComplete() && wanted.test(message)) {
              client.basicAck(message.envelope().getDeliveryTag(), false).onComplete(ack -> found.tryComplete(message));
            }
          }))
          .await();
      try {
        return Optional.of(found.future().await(timeout.toMillis(), TimeUnit.MILLISECONDS));
      } catch (TimeoutException none) {
        return Optional.empty();
      }
    } finally {
      client.stop().await();
    }
  }

  private DeadLetters() {
  }
}
