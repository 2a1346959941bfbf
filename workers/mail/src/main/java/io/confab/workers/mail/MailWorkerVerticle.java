package io.confab.workers.mail;

import static io.confab.base.ConfigValues.number;

import io.confab.base.Replies;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Rabbit;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.MailJob;
import io.confab.messaging.QueueWorker;
import io.confab.messaging.Topology;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.rabbitmq.QueueOptions;
import io.vertx.rabbitmq.RabbitMQClient;
import io.vertx.rabbitmq.RabbitMQConsumer;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail worker: takes the contract's mail jobs, renders them and delivers each at most once per id.
 *
 * <p>Intake, by config: with {@code amqp-uri}, the queue {@code confab.mail.send} (manual acks, bounded
 * prefetch; a failed job is nacked back after a growing delay, and the queue dead-letters it at its fifth
 * failure; a job that is not the contract's shape is dead-lettered at once). Without it, in-process: the
 * bus address {@code mail.jobs}, with the same retries in memory.
 *
 * <p>Sink, by config: SMTP with {@code smtp-host}, otherwise the dev mailbox in MongoDB ({@code mongo-uri}).
 * Idempotency in Redis ({@code redis-uri}). Deploy it with no-arg construction and that config.
 */
public final class MailWorkerVerticle extends VerticleBase implements QueueWorker {

  private static final Logger LOG = LoggerFactory.getLogger(MailWorkerVerticle.class);

  /** Delay before the first retry of a failed job; each next one doubles, up to {@link #RETRY_MAX_MS}. */
  public static final String RETRY_BASE_MS = "mail-retry-base-ms";
  public static final String RETRY_MAX_MS = "mail-retry-max-ms";
  /** Unacked jobs a worker holds at once (basic.qos). */
  public static final String PREFETCH = "mail-prefetch";
  /** How often a lost broker connection is tried again. */
  public static final String AMQP_RECONNECT_MS = "amqp-reconnect-ms";

  private static final long DEFAULT_RETRY_BASE_MS = 2_000;
  private static final long DEFAULT_RETRY_MAX_MS = 60_000;
  private static final int DEFAULT_PREFETCH = 10;
  /** In-process: how long {@code mail.jobs} waits for the first attempt before answering "accepted" anyway. */
  private static final long ACCEPT_WAIT_MS = 2_000;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private MailSink sink;
  private Redis redis;
  private MailDelivery delivery;
  private AmqpConnection broker;
  private RabbitMQConsumer consumer;
  private long retryBaseMs;
  private long retryMaxMs;
  private int prefetch;
  private boolean stopping;
  private int inFlight;
  private final Map<Long, Runnable> delayedNacks = new HashMap<>();

  @Override
  public Future<?> start() {
    JsonObject config = config();
    retryBaseMs = Math.max(1, number(config, RETRY_BASE_MS, DEFAULT_RETRY_BASE_MS));
    retryMaxMs = Math.max(retryBaseMs, number(config, RETRY_MAX_MS, DEFAULT_RETRY_MAX_MS));
    prefetch = (int) Math.max(1, Math.min(1_000, number(config, PREFETCH, DEFAULT_PREFETCH)));
    sink = sink(config);
    redis = Redis.createClient(vertx, redisUri(config));
    JobClaims claims = new JobClaims(RedisAPI.api(redis));
    String amqpUri = blankToNull(config.getString(ConfigKeys.AMQP_URI));

    return vertx.executeBlocking(MailRenderer::load).compose(renderer -> {
      delivery = new MailDelivery(vertx, renderer, sink, claims);
      LOG.atInfo().setMessage("mail.worker.started").addKeyValue("intake", amqpUri == null ? "in-process" : "amqp")
          .addKeyValue("sink", sink.name()).log();
      return amqpUri == null ? consumeInProcess() : consumeFromBroker(amqpUri, config);
    });
  }

  /** For the standalone worker's readiness: connected, its consumer set up again after every reconnection. */
  @Override
  public boolean consuming() {
    return broker != null && broker.isUp();
  }

  // ---- in-process intake: mail.jobs -------------------------------------------------------------------

  private Future<Void> consumeInProcess() {
    return vertx.eventBus().<Object>consumer(Addresses.MAIL_JOBS, this::accept).completion();
  }

  /** {@code {id, to, template, locale, vars}} → {@code {id}} after the first attempt (or {@link #ACCEPT_WAIT_MS}). */
  private void accept(Message<Object> request) {
    MailJob job;
    try {
      if (!(request.body() instanceof JsonObject body)) {
        throw ContractException.of(ErrorCode.INVALID_REQUEST);
      }
      job = MailJob.fromJson(body);
    } catch (ContractException e) {
      Replies.fail(request, e.error());
      return;
    }
    JsonObject accepted = new JsonObject().put("id", job.id());
    long timer = vertx.setTimer(ACCEPT_WAIT_MS, id -> request.reply(accepted));
    attempt(job, 1, () -> {
      if (vertx.cancelTimer(timer)) {
        request.reply(accepted);
      }
    });
  }

  /** One attempt, then the same growing delays as the broker path, at most {@link Rabbit#MAX_DELIVERY_FAILURES} times. */
  private void attempt(MailJob job, int attempt, Runnable firstAttemptDone) {
    inFlight++;
    delivery.deliver(job).onComplete(outcome -> {
      inFlight--;
      firstAttemptDone.run();
    }, failure -> {
      inFlight--;
      firstAttemptDone.run();
      boolean last = attempt >= Rabbit.MAX_DELIVERY_FAILURES;
      long delay = last ? 0 : retryDelay(attempt);
      logFailure(job.id(), attempt, delay, last, failure);
      if (!last && !stopping) {
        vertx.setTimer(delay, id -> attempt(job, attempt + 1, () -> { }));
      }
    });
  }

  // ---- broker intake: confab.mail.send -----------------------------------------------------------------

  private Future<Void> consumeFromBroker(String amqpUri, JsonObject config) {
    Duration reconnect = Duration.ofMillis(number(config, AMQP_RECONNECT_MS, AmqpConnection.DEFAULT_RECONNECT_INTERVAL.toMillis()));
    broker = AmqpConnection.create(vertx, amqpUri, "confab-mail-worker", reconnect)
        .onConnect("topology", Topology::declareMail)
        .onConnect("consume", this::consume);
    // The broker may be down now: the worker is deployed anyway and starts consuming once it is up.
    return broker.start();
  }

  private Future<Void> consume(RabbitMQClient client) {
    long epoch = broker.epoch();
    return client.basicQos(prefetch)
        // Set the handler in the turn the consumer is handed over: messages buffered before it would be dropped.
        .compose(v -> client.basicConsumer(Rabbit.MAIL_QUEUE, new QueueOptions().setAutoAck(false))
            .onSuccess(started -> {
              consumer = started;
              started.handler(message -> onDelivery(epoch, message));
            }))
        .mapEmpty();
  }

  private void onDelivery(long epoch, RabbitMQMessage message) {
    long tag = message.envelope().getDeliveryTag();
    MailJob job;
    try {
      job = MailJob.fromJson(message.body().toJsonObject());
    } catch (RuntimeException malformed) {
      // Not the contract's shape: no retry can fix it, so straight to confab.dead (nack without requeue).
      LOG.atWarn().setMessage("mail.job.malformed").addKeyValue("messageId", message.properties().getMessageId())
          .addKeyValue("bytes", message.body().length()).log();
      broker.nack(epoch, tag, false);
      return;
    }
    int attempt = priorFailures(message) + 1;
    inFlight++;
    delivery.deliver(job).onComplete(outcome -> {
      inFlight--;
      broker.ack(epoch, tag).onFailure(e -> LOG.atWarn().setMessage("mail.ack.failed").addKeyValue("id", job.id())
          .addKeyValue("error", e.getMessage()).log());
    }, failure -> {
      inFlight--;
      boolean last = attempt >= Rabbit.MAX_DELIVERY_FAILURES;
      long delay = last || stopping ? 0 : retryDelay(attempt);
      logFailure(job.id(), attempt, delay, last, failure);
      // Requeue: the queue counts the failure, and at the fifth dead-letters the job into confab.dead.
      later(delay, () -> broker.nack(epoch, tag, true));
    });
  }

  /** The queue's count of earlier failed deliveries of this message (quorum queues: x-delivery-count). */
  private static int priorFailures(RabbitMQMessage message) {
    Map<String, Object> headers = message.properties().getHeaders();
    Object count = headers == null ? null : headers.get("x-delivery-count");
    return count instanceof Number number ? number.intValue() : 0;
  }

  private void later(long delay, Runnable action) {
    if (delay <= 0) {
      action.run();
      return;
    }
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(delay, id -> {
      delayedNacks.remove(timer[0]);
      action.run();
    });
    delayedNacks.put(timer[0], action);
  }

  // ---- common ---------------------------------------------------------------------------------------------

  long retryDelay(int failedAttempt) {
    long delay = retryBaseMs << Math.min(failedAttempt - 1, 20);
    return Math.min(delay, retryMaxMs);
  }

  private static void logFailure(String id, int attempt, long delay, boolean last, Throwable failure) {
    (last ? LOG.atError() : LOG.atWarn()).setMessage(last ? "mail.failed.final" : "mail.failed")
        .addKeyValue("id", id).addKeyValue("attempt", attempt).addKeyValue("maxAttempts", Rabbit.MAX_DELIVERY_FAILURES)
        .addKeyValue("retryInMs", delay).addKeyValue("error", String.valueOf(failure.getMessage())).log();
  }

  /**
   * Graceful: stop taking jobs, give delayed retries back to the queue now, let sends in progress finish
   * (up to {@link #STOP_GRACE}), then close; anything still unacked goes back to the queue.
   */
  @Override
  public Future<?> stop() {
    stopping = true;
    List<Future<?>> closing = new ArrayList<>();
    Future<Void> drained = Future.succeededFuture();
    if (broker != null) {
      Future<Void> cancelled = cancelConsumer();
      new ArrayList<>(delayedNacks.keySet()).forEach(timer -> {
        if (vertx.cancelTimer(timer)) {
          delayedNacks.remove(timer).run();
        }
      });
      drained = cancelled.compose(v -> waitForInFlight(System.currentTimeMillis() + STOP_GRACE.toMillis()))
          .compose(v -> broker.close());
    }
    closing.add(drained.compose(v -> sink.close()).recover(e -> Future.succeededFuture()));
    return Future.join(closing).andThen(v -> redis.close());
  }

  /** Stops deliveries; on a connection already gone the client throws instead of failing the Future. */
  private Future<Void> cancelConsumer() {
    if (consumer == null) {
      return Future.succeededFuture();
    }
    try {
      return consumer.cancel().recover(e -> Future.succeededFuture());
    } catch (RuntimeException gone) {
      return Future.succeededFuture();
    }
  }

  private Future<Void> waitForInFlight(long deadline) {
    if (inFlight == 0 || System.currentTimeMillis() > deadline) {
      return Future.succeededFuture();
    }
    Promise<Void> later = Promise.promise();
    vertx.setTimer(50, id -> waitForInFlight(deadline).onComplete(later));
    return later.future();
  }

  private MailSink sink(JsonObject config) {
    if (blankToNull(config.getString(ConfigKeys.SMTP_HOST)) != null) {
      return new SmtpSink(vertx, config);
    }
    if (blankToNull(config.getString(ConfigKeys.MONGO_URI)) == null) {
      throw new IllegalArgumentException("the mail worker needs smtp-host, or mongo-uri for the dev mailbox");
    }
    return new DevMailboxSink(MongoClient.createShared(vertx, StoreConfig.mongo(config), "confab"));
  }

  private static String redisUri(JsonObject config) {
    String uri = blankToNull(StoreConfig.redisUri(config));
    return uri == null ? "redis://127.0.0.1:6379" : uri;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
