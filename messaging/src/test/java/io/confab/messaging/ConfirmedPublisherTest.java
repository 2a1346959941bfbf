package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ConfirmedPublisherTest {

  private static final Duration FAST_RECONNECT = Duration.ofMillis(200);

  @Test
  @DisplayName("A confirmed publish is in its queue as a persistent JSON message with its id")
  void aConfirmedPublishIsAPersistentJsonMessageInItsQueue(Vertx vertx) throws Exception {
    RabbitMQClient reader = TestQueues.client(vertx);
    String queue = TestQueues.workQueue(reader);
    AmqpConnection connection = AmqpConnection.create(vertx, LocalServices.AMQP_URI, "confab-test", FAST_RECONNECT);
    ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection);
    try {
      connection.start().await();
      connection.firstConnection().await(10, TimeUnit.SECONDS);
      String id = UUID.randomUUID().toString();
      JsonObject body = new JsonObject().put("id", id).put("text", "hola");

      publisher.publish(TestQueues.TEST_EXCHANGE, queue, id, body).await(10, TimeUnit.SECONDS);

      RabbitMQMessage message = reader.basicGet(queue, true).await();
      assertThat(message).isNotNull();
      assertThat(message.body().toJsonObject()).isEqualTo(body);
      assertThat(message.properties().getDeliveryMode()).isEqualTo(2);
      assertThat(message.properties().getContentType()).isEqualTo("application/json");
      assertThat(message.properties().getMessageId()).isEqualTo(id);
    } finally {
      connection.close().await();
      reader.queueDelete(queue).await();
      reader.stop().await();
    }
  }

  @Test
  @DisplayName("Publishing while the broker is unreachable fails at once instead of waiting")
  void publishingWhileTheBrokerIsUnreachableFails(Vertx vertx) {
    AmqpConnection connection = AmqpConnection.create(vertx, "amqp://guest:guest@127.0.0.1:" + FreePorts.next(), "confab-test", FAST_RECONNECT);
    ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection);
    try {
      connection.start().await();
      long started = System.nanoTime();

      assertThatThrownBy(() -> publisher.publish(TestQueues.TEST_EXCHANGE, "nowhere", "x", new JsonObject()).await())
          .hasMessageContaining("amqp unavailable");
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
      assertThat(connection.isUp()).isFalse();
    } finally {
      connection.close().await();
    }
  }

  @Test
  @DisplayName("The connection comes back by itself after the broker went away, and publishing works again")
  void theConnectionComesBackAfterTheBrokerWentAway(Vertx vertx) throws Exception {
    RabbitMQClient reader = TestQueues.client(vertx);
    String queue = TestQueues.workQueue(reader);
    TcpProxy proxy = new TcpProxy(vertx, "127.0.0.1", 5672);
    proxy.up().await();
    AmqpConnection connection = AmqpConnection.create(vertx, "amqp://guest:guest@127.0.0.1:" + proxy.port(), "confab-test", FAST_RECONNECT);
    ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection);
    try {
      connection.start().await();
      connection.firstConnection().await(10, TimeUnit.SECONDS);
      long firstEpoch = connection.epoch();

      proxy.down().await();
      Thread.sleep(500);
      assertThatThrownBy(() -> publisher.publish(TestQueues.TEST_EXCHANGE, queue, "lost", new JsonObject()).await())
          .isNotNull();

      proxy.up().await();
      long deadline = System.currentTimeMillis() + 10_000;
      while (!connection.isUp() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertThat(connection.isUp()).isTrue();
      assertThat(connection.epoch()).isGreaterThan(firstEpoch);

      publisher.publish(TestQueues.TEST_EXCHANGE, queue, "again", new JsonObject().put("id", "again")).await(10, TimeUnit.SECONDS);
      assertThat(reader.basicGet(queue, true).await().body().toJsonObject().getString("id")).isEqualTo("again");
    } finally {
      connection.close().await();
      proxy.down().await();
      reader.queueDelete(queue).await();
      reader.stop().await();
    }
  }
}
