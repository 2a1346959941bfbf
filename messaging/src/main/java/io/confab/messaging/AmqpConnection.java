package io.confab.messaging;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.NoOpMetricsCollector;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RabbitMQClient} built from an amqp URI that keeps itself connected: it connects in the
 * background (the broker may be down at start), checks the connection every {@code reconnectInterval},
 * and on every (re)connection runs its setup steps in order (declare the topology, listen for confirms,
 * set the prefetch, consume) on the owner's context, from the client's own hook for a new connection
 * ({@link RabbitMQClient#addConnectionEstablishedCallback}).
 *
 * <p>Why not the client's own reconnection ({@code reconnectAttempts}), as read in vertx-rabbitmq-client
 * 5.1.6: it re-consumes on the new channel as soon as it is connected, but does not wait for the
 * connection callbacks' Promise (its {@code tryConnect} drops it), so a consumer could start before its
 * {@code basic.qos}; and a channel closed alone (the connection still up) is re-opened silently by the next
 * operation, without consumer, prefetch or confirm listener, and no callback runs. Here the client's
 * reconnection and the Java client's recovery are off, this class stops and starts the client, and a new
 * connection counts as up only once every step is done. Each one is an <em>epoch</em>; deliveries and
 * confirms carry theirs, and an ack from an older epoch is dropped (the broker redelivers that message),
 * since a late ack of a delivery from the old channel would close the new one. A channel re-opened behind
 * our back is seen through the Java client's public {@code MetricsCollector}, which hears of every channel
 * opened: the connection then starts over.
 *
 * <p>Create, register steps and {@link #start()} on one context (a verticle's); every use of
 * {@link #client()} then happens on that context, so channel operations stay ordered.
 */
public final class AmqpConnection {

  private static final Logger LOG = LoggerFactory.getLogger(AmqpConnection.class);

  public static final Duration DEFAULT_RECONNECT_INTERVAL = Duration.ofSeconds(2);
  private static final int CONNECT_TIMEOUT_MS = 5_000;
  private static final int HEARTBEAT_SECONDS = 10;

  private final Vertx vertx;
  private final RabbitMQClient client;
  private final String broker;
  private final String name;
  private final long reconnectMs;
  private final List<Step> steps = new ArrayList<>();
  private final Promise<Void> firstConnection = Promise.promise();
  /** Channels the client opened so far, and which of them the steps ran on. */
  private final AtomicLong channelsOpened = new AtomicLong();
  private long setUpChannel = -1;
  /** The connection {@link #connect()} started, completed once its steps are done. */
  private Promise<Void> settingUp;

  private Context context;
  private long timer = -1;
  private long epoch;
  private boolean up;
  private boolean connecting;
  private boolean closed;
  private int failuresInARow;

  private record Step(String name, Function<RabbitMQClient, Future<?>> action) {
  }

  private AmqpConnection(Vertx vertx, String uri, String connectionName, Duration reconnectInterval) {
    this.vertx = vertx;
    this.client = RabbitMQClient.create(vertx, options(uri, connectionName).setMetricsCollector(new NoOpMetricsCollector() {
      @Override
      public void newChannel(Channel channel) {
        channelsOpened.incrementAndGet();
      }
    }));
    client.addConnectionEstablishedCallback(this::established);
    this.broker = hostAndPort(uri);
    this.name = connectionName;
    this.reconnectMs = Math.max(50, reconnectInterval.toMillis());
  }

  /** A connection to {@code uri} (amqp://user:password@host:port/vhost), named for the broker's UI. */
  public static AmqpConnection create(Vertx vertx, String uri, String connectionName, Duration reconnectInterval) {
    return new AmqpConnection(vertx, uri, connectionName, reconnectInterval);
  }

  public static AmqpConnection create(Vertx vertx, String uri, String connectionName) {
    return create(vertx, uri, connectionName, DEFAULT_RECONNECT_INTERVAL);
  }

  /** Client options for {@code uri}: short timeouts, heartbeats, and no reconnection of the client's own. */
  public static RabbitMQOptions options(String uri, String connectionName) {
    return new RabbitMQOptions()
        .setUri(uri)
        .setConnectionName(connectionName)
        .setConnectionTimeout(CONNECT_TIMEOUT_MS)
        .setHandshakeTimeout(CONNECT_TIMEOUT_MS)
        .setRequestedHeartbeat(HEARTBEAT_SECONDS)
        .setAutomaticRecoveryEnabled(false)
        .setAutomaticRecoveryOnInitialConnection(false)
        .setReconnectAttempts(0);
  }

  /** Adds a step run after every (re)connection, in the order added; a failed step fails that connection. */
  public AmqpConnection onConnect(String name, Function<RabbitMQClient, Future<?>> step) {
    steps.add(new Step(name, step));
    return this;
  }

  /** Starts connecting in the background, on the caller's context (a verticle's); completes at once. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    return onContext(() -> {
      timer = vertx.setPeriodic(reconnectMs, id -> check());
      connect();
      return Future.succeededFuture();
    });
  }

  /** Completes the first time the connection is up with every step done (tests and readiness). */
  public Future<Void> firstConnection() {
    return firstConnection.future();
  }

  /** Connected, every step done, and the channel is still the one they ran on. */
  public boolean isUp() {
    return up && !closed && channelIntact();
  }

  /** The current connection's number: deliveries and confirms belong to the epoch they came in. */
  public long epoch() {
    return epoch;
  }

  /** True while {@code deliveryEpoch} is the live connection: only then can its deliveries be acked. */
  public boolean isCurrent(long deliveryEpoch) {
    return deliveryEpoch == epoch && isUp();
  }

  public RabbitMQClient client() {
    return client;
  }

  public Context context() {
    return context;
  }

  /** Acks a delivery of {@code deliveryEpoch}; a delivery of a dead connection is left to the broker. */
  public Future<Void> ack(long deliveryEpoch, long deliveryTag) {
    return onContext(() -> isCurrent(deliveryEpoch)
        ? guard(() -> client.basicAck(deliveryTag, false))
        : Future.failedFuture(new IllegalStateException("amqp connection of the delivery is gone")));
  }

  /** Nacks a delivery of {@code deliveryEpoch}: requeued (a counted failure) or dead-lettered. */
  public Future<Void> nack(long deliveryEpoch, long deliveryTag, boolean requeue) {
    return onContext(() -> isCurrent(deliveryEpoch)
        ? guard(() -> client.basicNack(deliveryTag, false, requeue))
        : Future.failedFuture(new IllegalStateException("amqp connection of the delivery is gone")));
  }

  /** Stops reconnecting and closes the connection: unacked deliveries go back to their queues. */
  public Future<Void> close() {
    if (context == null) {
      closed = true;
      return Future.succeededFuture();
    }
    return onContext(() -> {
      closed = true;
      up = false;
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      return guard(client::stop).recover(e -> Future.succeededFuture());
    });
  }

  /** Runs {@code action} on the connection's context, where every channel operation must happen. */
  <T> Future<T> onContext(Supplier<Future<T>> action) {
    if (Vertx.currentContext() == context) {
      return guard(action);
    }
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> guard(action).onComplete(result));
    return result.future();
  }

  /** The connection's name, as the broker's UI shows it. */
  public String name() {
    return name;
  }

  /** The broker's host and port, for logs (never the credentials in the URI). */
  public String broker() {
    return broker;
  }

  private void check() {
    if (closed || connecting) {
      return;
    }
    if (up && client.isConnected() && channelIntact()) {
      return;
    }
    if (up) {
      up = false;
      LOG.atWarn().setMessage("amqp.disconnected").addKeyValue("broker", broker).addKeyValue("epoch", epoch).log();
    }
    connect();
  }

  private void connect() {
    connecting = true;
    Promise<Void> setUp = Promise.promise();
    settingUp = setUp;
    guard(client::stop)
        .recover(e -> Future.succeededFuture())
        .compose(v -> guard(client::start))
        .compose(v -> setUp.future())
        .onComplete(v -> {
          connecting = false;
          if (closed) {
            guard(client::stop);
            return;
          }
          up = true;
          failuresInARow = 0;
          LOG.atInfo().setMessage("amqp.connected").addKeyValue("broker", broker).addKeyValue("epoch", epoch).log();
          firstConnection.tryComplete();
        }, failure -> {
          connecting = false;
          up = false;
          guard(client::stop);
          if (closed) {
            return;
          }
          failuresInARow++;
          if (failure instanceof SetupFailed) {
            // Connected, but the broker refused a step (a queue declared with other arguments...): a real fault.
            LOG.atError().setMessage("amqp.setup.failed").addKeyValue("broker", broker)
                .addKeyValue("error", String.valueOf(failure.getMessage())).log();
            return;
          }
          // A broker that is down: warn at the first failure and now and then, not at every interval.
          boolean loud = failuresInARow == 1 || failuresInARow % 30 == 0;
          (loud ? LOG.atWarn() : LOG.atDebug()).setMessage("amqp.connect.failed")
              .addKeyValue("broker", broker).addKeyValue("attempt", failuresInARow)
              .addKeyValue("error", String.valueOf(failure.getMessage())).log();
        });
  }

  /**
   * The client's hook, called on the worker thread that has just opened the connection and its channel:
   * the steps run on the owner's context, on that channel. The client's Promise is completed too, as
   * its contract asks, though 5.1.6 does not wait for it.
   */
  private void established(Promise<Void> clientPromise) {
    long channel = channelsOpened.get();
    context.runOnContext(v -> {
      Future<Void> steps;
      if (closed) {
        steps = Future.failedFuture("closed");
      } else {
        epoch++;
        setUpChannel = channel;
        steps = runSteps(0);
      }
      steps.onComplete(clientPromise);
      if (settingUp != null) {
        steps.onComplete(settingUp);
      }
    });
  }

  private Future<Void> runSteps(int index) {
    if (index == steps.size()) {
      return Future.succeededFuture();
    }
    Step step = steps.get(index);
    return guard(() -> step.action().apply(client).mapEmpty())
        .recover(e -> Future.failedFuture(new SetupFailed(step.name(), e)))
        .compose(v -> runSteps(index + 1));
  }

  /**
   * The client re-opens a closed channel silently on its next operation (without our consumer, prefetch
   * or confirm listener); a channel opened since the steps ran tells us, and the connection then starts over.
   */
  private boolean channelIntact() {
    return client.isOpenChannel() && channelsOpened.get() == setUpChannel;
  }

  private static final class SetupFailed extends IllegalStateException {
    SetupFailed(String step, Throwable cause) {
      super("amqp setup step " + step + " failed: " + cause.getMessage(), cause);
    }
  }

  /** Client calls may throw instead of failing their Future (a closed connection): always a Future here. */
  @SuppressWarnings("unchecked")
  static <T> Future<T> guard(Supplier<? extends Future<? extends T>> call) {
    try {
      return (Future<T>) call.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static String hostAndPort(String uri) {
    try {
      URI parsed = URI.create(uri);
      int port = parsed.getPort() < 0 ? 5672 : parsed.getPort();
      return parsed.getHost() + ":" + port;
    } catch (IllegalArgumentException e) {
      return "(invalid amqp uri)";
    }
  }
}
