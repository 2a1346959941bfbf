package io.confab.messaging;

import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQClient;
import java.util.UUID;

/** A plain started client on the shared broker, and throwaway work queues declared like the contract's. */
final class TestQueues {

  static final String TEST_EXCHANGE = "confab.test";

  static RabbitMQClient client(Vertx vertx) {
    LocalServices.requireRabbitMq();
    RabbitMQClient client = RabbitMQClient.create(vertx, AmqpConnection.options(LocalServices.AMQP_URI, "confab-test"));
    client.start().await();
    return client;
  }

  /** A fresh work queue with the contract's arguments, bound to {@code confab.test} with its own name as key. */
  static String workQueue(RabbitMQClient client) {
    String queue = "confab.test." + UUID.randomUUID();
    Topology.declareDeadLetters(client).await();
    Topology.declareWorkQueue(client, TEST_EXCHANGE, queue, queue).await();
    return queue;
  }

  private TestQueues() {
  }
}
