package io.confab.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
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
    // A confirm timeout far beyond the test's: a publish that waited for a confirm would not fail in time.
    ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection, Duration.ofHours(1), Duration.ofMinutes(1));
    try {
      connection.start().await();

      assertThatThrownBy(() -> publisher.publish(TestQueues.TEST_EXCHANGE, "nowhere", "x", new JsonObject()).await(30, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class).hasMessage("amqp unavailable");
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
    TcpProxy proxy = TcpProxy.rabbitMq(vertx);
    AmqpConnection connection = AmqpConnection.create(vertx, proxy.amqpUri(), "confab-test", FAST_RECONNECT);
    ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection);
    try {
      connection.start().await();
      connection.firstConnection().await(10, TimeUnit.SECONDS);
      long firstEpoch = connection.epoch();

      proxy.down().await();
      Eventually.until(() -> !connection.isUp(), Duration.ofSeconds(10), "the connection lost");
      assertThatThrownBy(() -> publisher.publish(TestQueues.TEST_EXCHANGE, queue, "lost", new JsonObject()).await())
          .isInstanceOf(IllegalStateException.class).hasMessage("amqp unavailable");

      proxy.up().await();
      Eventually.until(connection::isUp, Duration.ofSeconds(10), "the connection back");
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

  @Test
  @DisplayName("A broker that stops confirming opens the breaker: the next publish fails at once, without waiting for a confirm")
  void aBrokerThatStopsConfirmingOpensTheBreaker(Vertx vertx) throws Exception {
    Duration confirmTimeout = Duration.ofSeconds(2);
    try (Stalled broker = Stalled.start(vertx, confirmTimeout, Duration.ofMinutes(1))) {
      broker.proxy.stall();

      broker.failEnoughToOpen();
      Throwable refused = catchFailure(broker.publisher.publish(TestQueues.TEST_EXCHANGE, broker.queue, "fast", new JsonObject()));

      // Refused by the open breaker, which never hands the publish to the broker: no confirm to wait for.
      assertThat(refused).isInstanceOf(OpenCircuitException.class);
      assertThat(broker.publisher.available()).isFalse();
    }
  }

  @Test
  @DisplayName("Once the broker confirms again, the breaker lets a publish through after its reset time and closes")
  void theBreakerClosesWhenTheBrokerIsBack(Vertx vertx) throws Exception {
    Duration reset = Duration.ofMillis(500);
    try (Stalled broker = Stalled.start(vertx, Duration.ofSeconds(1), reset)) {
      broker.proxy.stall();
      broker.failEnoughToOpen();
      assertThat(broker.publisher.breakerState()).isEqualTo(CircuitBreakerState.OPEN);

      broker.proxy.resume();
      Eventually.until(() -> broker.publisher.breakerState() == CircuitBreakerState.HALF_OPEN, Duration.ofSeconds(10),
          "the breaker half open after its reset time");
      broker.publisher.publish(TestQueues.TEST_EXCHANGE, broker.queue, "back", new JsonObject().put("id", "back"))
          .await(10, TimeUnit.SECONDS);

      assertThat(broker.publisher.breakerState()).isEqualTo(CircuitBreakerState.CLOSED);
      assertThat(broker.publisher.available()).isTrue();
    }
  }

  private static Throwable catchFailure(Future<?> future) {
    try {
      future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      return e;
    }
    throw new AssertionError("the publish succeeded");
  }

  /** A publisher connected through a proxy the test stalls, to its own work queue on the shared broker. */
  private record Stalled(RabbitMQClient reader, String queue, TcpProxy proxy, AmqpConnection connection,
      ConfirmedPublisher publisher) implements AutoCloseable {

    static Stalled start(Vertx vertx, Duration confirmTimeout, Duration breakerReset) throws Exception {
      RabbitMQClient reader = TestQueues.client(vertx);
      String queue = TestQueues.workQueue(reader);
      TcpProxy proxy = TcpProxy.rabbitMq(vertx);
      AmqpConnection connection = AmqpConnection.create(vertx, proxy.amqpUri(), "confab-test", FAST_RECONNECT);
      ConfirmedPublisher publisher = ConfirmedPublisher.attach(vertx, connection, confirmTimeout, breakerReset);
      connection.start().await();
      connection.firstConnection().await(10, TimeUnit.SECONDS);
      return new Stalled(reader, queue, proxy, connection, publisher);
    }

    /** As many publishes as open the breaker, at once, each failing for want of a confirm. */
    void failEnoughToOpen() {
      List<Future<Void>> publishes = IntStream.range(0, ConfirmedPublisher.BREAKER_MAX_FAILURES)
          .mapToObj(i -> publisher.publish(TestQueues.TEST_EXCHANGE, queue, "stalled-" + i, new JsonObject()))
          .toList();
      for (Future<Void> publish : publishes) {
        assertThat(catchFailure(publish)).hasMessageContaining("no publisher confirm");
      }
    }

    @Override
    public void close() {
      proxy.resume();
      connection.close().await();
      proxy.down().await();
      reader.queueDelete(queue).await();
      reader.stop().await();
    }
  }
}
