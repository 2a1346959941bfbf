package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.LocalServices;
import io.confab.testing.Eventually;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class AmqpConnectionTest {

  private static final int PREFETCH = 2;

  @Test
  @DisplayName("A connection the broker closes comes back by itself with its setup done again: topology declared, confirms and prefetch in force")
  void aConnectionTheBrokerClosesComesBackWithItsSetup(Vertx vertx) throws Exception {
    try (Consuming broker = Consuming.start(vertx, Duration.ofMillis(200))) {
      long firstEpoch = broker.connection.epoch();
      // Gone from the broker: only the connection's own steps can bring them back.
      broker.reader.queueDelete(broker.queue).await();
      broker.reader.exchangeDelete(broker.exchange).await();

      RabbitCtl.closeConnection(broker.name);

      eventually(() -> broker.connection.isUp() && broker.connection.epoch() > firstEpoch);
      for (int i = 0; i <= PREFETCH; i++) {
        broker.publisher.publish(broker.exchange, broker.queue, "m" + i, new JsonObject().put("i", i)).await(10, TimeUnit.SECONDS);
      }
      eventually(() -> broker.received.size() == PREFETCH);
      assertThat(RabbitCtl.prefetchOfConsumers(broker.queue)).containsExactly(PREFETCH);
      assertThat(broker.reader.messageCount(broker.queue).await()).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("A channel the broker closes under a live connection, then re-opened by the client unasked, makes the connection start over with its consumer")
  void aChannelReopenedBehindItsBackMakesTheConnectionStartOver(Vertx vertx) throws Exception {
    // A slow check, so that the channel is re-opened before the connection looks at it.
    try (Consuming broker = Consuming.start(vertx, Duration.ofSeconds(2))) {
      long firstEpoch = broker.connection.epoch();
      RabbitMQClient client = broker.connection.client();

      // An ack of a delivery the channel never made: the broker closes the channel, not the connection.
      client.basicAck(999_999, false).await();
      eventually(() -> !client.isOpenChannel());
      // The client's next operation opens a new channel silently: no consumer, prefetch or confirms on it.
      client.messageCount(broker.queue).await();
      assertThat(client.isOpenChannel()).isTrue();

      eventually(() -> broker.connection.isUp() && broker.connection.epoch() > firstEpoch);
      broker.publisher.publish(broker.exchange, broker.queue, "after", new JsonObject().put("i", 0)).await(10, TimeUnit.SECONDS);
      eventually(() -> broker.received.size() == 1);
      assertThat(RabbitCtl.prefetchOfConsumers(broker.queue)).containsExactly(PREFETCH);
    }
  }

  private static void eventually(BooleanSupplier condition) {
    Eventually.until(condition::getAsBoolean, Duration.ofSeconds(20), "the broker's side");
  }

  /**
   * A connection set up as the workers set theirs up, on names of its own: its exchange and work queue
   * declared, publisher confirms, and a consumer with a prefetch of {@value #PREFETCH} that never acks.
   */
  private record Consuming(RabbitMQClient reader, AmqpConnection connection, ConfirmedPublisher publisher, String name,
      String exchange, String queue, List<RabbitMQMessage> received) implements AutoCloseable {

    static Consuming start(Vertx vertx, Duration reconnectInterval) throws Exception {
      LocalServices.requireRabbitMq();
      String id = UUID.randomUUID().toString();
      String name = "confab-test-" + id;
      String exchange = "confab.test.exchange." + id;
      String queue = "confab.test." + id;
      List<RabbitMQMessage> received = new CopyOnWriteArrayList<>();
      AmqpConnection connection = AmqpConnection.create(vertx, LocalServices.AMQP_URI, name, reconnectInterval)
          .onConnect("topology", client -> Topology.declareDeadLetters(client)
              .compose(v -> Topology.declareWorkQueue(client, exchange, queue, queue)));
      ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection);
      connection.onConnect("consume", client -> client.basicQos(PREFETCH)
          .compose(v -> client.basicConsumer(queue, new QueueOptions().setAutoAck(false)))
          .onSuccess(consumer -> consumer.handler(received::add))
          .mapEmpty());
      connection.start().await();
      connection.firstConnection().await(20, TimeUnit.SECONDS);
      return new Consuming(TestQueues.client(vertx), connection, publisher, name, exchange, queue, received);
    }

    @Override
    public void close() {
      connection.close().await();
      Future.join(reader.queueDelete(queue), reader.exchangeDelete(exchange)).await();
      reader.stop().await();
    }
  }
}
