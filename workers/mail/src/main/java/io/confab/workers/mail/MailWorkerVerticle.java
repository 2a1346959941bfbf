package io.confab.workers.mail;

import io.confab.base.Replies;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Rabbit;
import io.confab.messaging.MailJob;
import io.confab.messaging.QueueIntake;
import io.confab.messaging.QueueWorker;
import io.confab.messaging.Topology;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
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
  public static final String AMQP_RECONNECT_MS = QueueIntake.AMQP_RECONNECT_MS;

  private static final long DEFAULT_RETRY_BASE_MS = 2_000;
  private static final long DEFAULT_RETRY_MAX_MS = 60_000;
  /** In-process: how long {@code mail.jobs} waits for the first attempt before answering "accepted" anyway. */
  private static final long ACCEPT_WAIT_MS = 2_000;

  private MailSink sink;
  private Redis redis;
  private MailDelivery delivery;
  private QueueIntake intake;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    intake = new QueueIntake(vertx, Rabbit.MAIL_QUEUE, config, RETRY_BASE_MS, DEFAULT_RETRY_BASE_MS, RETRY_MAX_MS,
        DEFAULT_RETRY_MAX_MS, PREFETCH);
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
    return intake.consuming();
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
    intake.track(delivery.deliver(job)).onComplete(outcome -> firstAttemptDone.run(), failure -> {
      firstAttemptDone.run();
      boolean last = attempt >= Rabbit.MAX_DELIVERY_FAILURES;
      long delay = last ? 0 : intake.retryDelay(attempt);
      logFailure(job.id(), attempt, delay, last, failure);
      if (!last && !intake.stopping()) {
        vertx.setTimer(delay, id -> attempt(job, attempt + 1, () -> { }));
      }
    });
  }

  // ---- broker intake: confab.mail.send -----------------------------------------------------------------

  private Future<Void> consumeFromBroker(String amqpUri, JsonObject config) {
    intake.connect(amqpUri, "confab-mail-worker", config).onConnect("topology", Topology::declareMail);
    // The broker may be down now: the worker is deployed anyway and starts consuming once it is up.
    return intake.consumeWith(this::onDelivery).start();
  }

  private void onDelivery(QueueIntake.Delivery received) {
    RabbitMQMessage message = received.message();
    MailJob job;
    try {
      job = MailJob.fromJson(message.body().toJsonObject());
    } catch (RuntimeException malformed) {
      // Not the contract's shape: no retry can fix it, so straight to confab.dead.
      LOG.atWarn().setMessage("mail.job.malformed").addKeyValue("messageId", message.properties().getMessageId())
          .addKeyValue("bytes", message.body().length()).log();
      received.deadLetter();
      return;
    }
    intake.track(delivery.deliver(job)).onComplete(outcome -> received.ack()
        .onFailure(e -> LOG.atWarn().setMessage("mail.ack.failed").addKeyValue("id", job.id()).addKeyValue("error", e.getMessage()).log()),
        // Requeued: the queue counts the failure, and at the fifth dead-letters the job into confab.dead.
        failure -> logFailure(job.id(), received.attempt(), received.requeueLater(), received.last(), failure));
  }

  // ---- common ---------------------------------------------------------------------------------------------

  private static void logFailure(String id, int attempt, long delay, boolean last, Throwable failure) {
    (last ? LOG.atError() : LOG.atWarn()).setMessage(last ? "mail.failed.final" : "mail.failed")
        .addKeyValue("id", id).addKeyValue("attempt", attempt).addKeyValue("maxAttempts", Rabbit.MAX_DELIVERY_FAILURES)
        .addKeyValue("retryInMs", delay).addKeyValue("error", String.valueOf(failure.getMessage())).log();
  }

  /** Graceful ({@link QueueIntake#stop}), then the sink and the claims' Redis close. */
  @Override
  public Future<?> stop() {
    return intake.stop().recover(e -> Future.succeededFuture()).compose(v -> sink.close()).recover(e -> Future.succeededFuture())
        .andThen(v -> redis.close());
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
