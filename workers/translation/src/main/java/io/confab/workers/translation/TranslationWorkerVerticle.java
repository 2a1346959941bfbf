package io.confab.workers.translation;

import static io.confab.base.ConfigValues.bool;
import static io.confab.base.ConfigValues.number;
import static io.confab.base.ConfigValues.text;

import io.confab.messaging.TranslationJob;

import com.rabbitmq.client.AMQP;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Rabbit;
import io.confab.messaging.QueueIntake;
import io.confab.messaging.QueueWorker;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.ConfirmedPublisher;
import io.confab.messaging.Topology;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.rabbitmq.RabbitMQMessage;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The translation worker: answers the contract's translation requests with Apertium (APY over HTTP).
 *
 * <p>Intake, by config: with {@code amqp-uri}, the queue {@code confab.translate.requests} (manual acks,
 * bounded prefetch). Each request {@code {id, text, from?, to}} carries AMQP {@code reply_to} and
 * {@code correlation_id}; the reply ({@code {id, text, engine}} or {@code {id, error}}) goes to the default
 * exchange with routing key {@code reply_to} and the same {@code correlation_id}, confirmed before the
 * request is acked. A pair APY does not offer is answered {@code unsupported_pair} and acked. APY being
 * unavailable is answered {@code unavailable} at the first failure (so the asker need not wait), and the
 * request is nacked back after a growing delay; the queue dead-letters it into {@code confab.dead} at its
 * fifth failure. A request that is not the contract's shape is dead-lettered at once.
 *
 * <p>Without {@code amqp-uri}, in-process: the local bus address {@link io.confab.contract.Addresses#TRANSLATE_JOBS}, same bodies, the
 * reply being the bus reply; APY unavailable is answered {@code unavailable} at once (no retry: the asker
 * waits for this very answer). In that mode, when nothing answers on a loopback {@code apy-url} and
 * Debian's apertium-apy is installed, the worker starts APY as a child process and stops it with itself
 * ({@link #APY_AUTOSTART}).
 *
 * <p>Idempotent on the request id (Redis, {@code redis-uri}): a request translated once is answered again
 * from the record, without asking APY. Deploy with no-arg construction and that config.
 */
public final class TranslationWorkerVerticle extends VerticleBase implements QueueWorker {

  private static final Logger LOG = LoggerFactory.getLogger(TranslationWorkerVerticle.class);

  /** In-process intake (no broker): a local bus address taking the same requests, answering the same replies. */

  /** Base URL of Apertium APY (default {@value #DEFAULT_APY_URL}). */
  public static final String APY_URL = "apy-url";
  public static final String DEFAULT_APY_URL = "http://127.0.0.1:2737";
  /** Timeout of one call to APY, in ms. */
  public static final String APY_TIMEOUT_MS = "apy-timeout-ms";
  /** How long APY's circuit breaker stays open before one call tries again, in ms. */
  public static final String APY_BREAKER_RESET_MS = "apy-breaker-reset-ms";
  /** Start APY as a child process when none answers (default: true without amqp-uri, false with it). */
  public static final String APY_AUTOSTART = "apy-autostart";
  /** Delay before the first retry of a request APY failed; each next one doubles, up to {@link #RETRY_MAX_MS}. */
  public static final String RETRY_BASE_MS = "translate-retry-base-ms";
  public static final String RETRY_MAX_MS = "translate-retry-max-ms";
  /** Unacked requests a worker holds at once (basic.qos). */
  public static final String PREFETCH = "translate-prefetch";
  /** How often a lost broker connection is tried again. */
  public static final String AMQP_RECONNECT_MS = QueueIntake.AMQP_RECONNECT_MS;

  private static final long DEFAULT_APY_TIMEOUT_MS = 4_000;
  private static final long DEFAULT_APY_BREAKER_RESET_MS = 5_000;
  private static final long DEFAULT_RETRY_BASE_MS = 1_000;
  private static final long DEFAULT_RETRY_MAX_MS = 30_000;
  private static final long APY_START_WAIT_MS = 30_000;
  private static final long FIRST_CONNECTION_WAIT_MS = 3_000;

  private Apertium apertium;
  private Translator translator;
  private Redis redis;
  private ApyProcess apyProcess;
  private QueueIntake intake;
  private ConfirmedPublisher publisher;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    String apyUrl = text(config, APY_URL, DEFAULT_APY_URL);
    String amqpUri = text(config, ConfigKeys.AMQP_URI, null);
    intake = new QueueIntake(vertx, Rabbit.TRANSLATE_QUEUE, config, RETRY_BASE_MS, DEFAULT_RETRY_BASE_MS, RETRY_MAX_MS,
        DEFAULT_RETRY_MAX_MS, PREFETCH);
    apertium = new Apertium(vertx, apyUrl, Math.max(1, number(config, APY_TIMEOUT_MS, DEFAULT_APY_TIMEOUT_MS)),
        Math.max(1, number(config, APY_BREAKER_RESET_MS, DEFAULT_APY_BREAKER_RESET_MS)));
    redis = Redis.createClient(vertx, text(config, ConfigKeys.REDIS_URI, "redis://127.0.0.1:6379"));
    translator = new Translator(apertium, new TranslationRecords(RedisAPI.api(redis)));

    boolean autostart = bool(config, APY_AUTOSTART, amqpUri == null);
    Future<Void> apyReady = autostart
        ? ApyProcess.startIfAbsent(vertx, apyUrl, apyDirectory(config), APY_START_WAIT_MS).map(started -> {
          apyProcess = started;
          return null;
        })
        : Future.succeededFuture();
    return apyReady.compose(v -> {
      LOG.atInfo().setMessage("translate.worker.started").addKeyValue("intake", amqpUri == null ? "in-process" : "amqp")
          .addKeyValue("apy", apertium.url()).log();
      return amqpUri == null ? consumeInProcess() : consumeFromBroker(amqpUri, config);
    });
  }

  /** For the standalone worker's readiness: connected, its consumer set up again after every reconnection. */
  @Override
  public boolean consuming() {
    return intake.consuming();
  }

  // ---- in-process intake: translate.jobs --------------------------------------------------------------

  private Future<Void> consumeInProcess() {
    return vertx.eventBus().<Object>localConsumer(io.confab.contract.Addresses.TRANSLATE_JOBS, this::accept).completion();
  }

  private void accept(Message<Object> request) {
    JsonObject body = request.body() instanceof JsonObject json ? json : null;
    TranslationJob job;
    try {
      if (body == null) {
        throw new IllegalArgumentException("not a JSON object");
      }
      job = TranslationJob.fromJson(body);
    } catch (RuntimeException malformed) {
      request.reply(TranslationJob.error(TranslationJob.idOrNull(body), TranslationJob.INVALID_REQUEST));
      return;
    }
    intake.track(translator.answer(job)).onComplete(request::reply, failure -> {
      logFailure(job, 1, 0, false, failure);
      request.reply(TranslationJob.error(job.id(), TranslationJob.UNAVAILABLE));
    });
  }

  // ---- broker intake: confab.translate.requests ----------------------------------------------------------

  private Future<Void> consumeFromBroker(String amqpUri, JsonObject config) {
    AmqpConnection broker = intake.connect(amqpUri, "confab-translation-worker", config)
        .onConnect("topology", Topology::declareTranslate);
    // Confirms are listened for before consuming, so the first reply can already be confirmed.
    publisher = ConfirmedPublisher.attach(vertx, broker, config);
    intake.consumeWith(this::onDelivery);
    // The broker may be down now: after a short wait the worker is deployed anyway, and starts consuming
    // once it is up. The wait lets a normal start consume before its deployment completes.
    return broker.start()
        .compose(v -> broker.firstConnection().timeout(FIRST_CONNECTION_WAIT_MS, TimeUnit.MILLISECONDS))
        .recover(e -> {
          LOG.atWarn().setMessage("translate.worker.broker.unavailable").addKeyValue("broker", broker.broker()).log();
          return Future.succeededFuture();
        });
  }

  private void onDelivery(QueueIntake.Delivery received) {
    RabbitMQMessage message = received.message();
    String replyTo = message.properties().getReplyTo();
    String correlationId = message.properties().getCorrelationId();
    JsonObject body = null;
    TranslationJob job;
    try {
      body = message.body().toJsonObject();
      job = TranslationJob.fromJson(body);
    } catch (RuntimeException malformed) {
      // Not the contract's shape: no retry can fix it, so straight to confab.dead.
      LOG.atWarn().setMessage("translate.request.malformed").addKeyValue("messageId", message.properties().getMessageId())
          .addKeyValue("bytes", message.body().length()).log();
      reply(replyTo, correlationId, TranslationJob.error(TranslationJob.idOrNull(body), TranslationJob.INVALID_REQUEST));
      received.deadLetter();
      return;
    }
    intake.track(translator.answer(job)).onComplete(answer ->
        // Confirmed before the ack: a reply lost with the connection is answered again (from the record) on redelivery.
        intake.track(reply(replyTo, correlationId, answer)).onComplete(
            sent -> received.ack().onFailure(e -> LOG.atWarn().setMessage("translate.ack.failed").addKeyValue("id", job.id())
                .addKeyValue("error", String.valueOf(e.getMessage())).log()),
            failure -> {
              LOG.atWarn().setMessage("translate.reply.failed").addKeyValue("id", job.id())
                  .addKeyValue("error", String.valueOf(failure.getMessage())).log();
              received.requeue();
            }), failure -> {
      if (job.type() == TranslationJob.Type.PAIRS) {
        // A question, not a job: answer it now and forget it (no retry, nothing dead-lettered).
        logFailure(job, received.attempt(), 0, true, failure);
        reply(replyTo, correlationId, TranslationJob.error(job.id(), TranslationJob.UNAVAILABLE));
        received.ack();
        return;
      }
      if (received.attempt() == 1) {
        // The asker waits for an answer: tell it now that APY is away, and keep retrying for the record.
        reply(replyTo, correlationId, TranslationJob.error(job.id(), TranslationJob.UNAVAILABLE));
      }
      // Requeued: the queue counts the failure, and at the fifth dead-letters the request into confab.dead.
      logFailure(job, received.attempt(), received.requeueLater(), received.last(), failure);
    });
  }

  /** Publishes a reply to {@code replyTo} with the request's correlation id; nothing to do without a reply_to. */
  private Future<Void> reply(String replyTo, String correlationId, JsonObject reply) {
    if (replyTo == null || replyTo.isBlank()) {
      return Future.succeededFuture();
    }
    AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder()
        .correlationId(correlationId)
        .messageId(reply.getString("id"));
    return publisher.publish("", replyTo, properties, reply);
  }

  private static void logFailure(TranslationJob job, int attempt, long delay, boolean last, Throwable failure) {
    (last ? LOG.atError() : LOG.atWarn()).setMessage(last ? "translate.failed.final" : "translate.failed")
        .addKeyValue("id", job.id()).addKeyValue("type", job.type().name().toLowerCase(java.util.Locale.ROOT))
        .addKeyValue("attempt", attempt).addKeyValue("maxAttempts", Rabbit.MAX_DELIVERY_FAILURES)
        .addKeyValue("retryInMs", delay).addKeyValue("error", String.valueOf(failure.getMessage())).log();
  }

  // ---- stop -----------------------------------------------------------------------------------------------

  /** Graceful ({@link QueueIntake#stop}), then APY's client and the APY it started, and the records' Redis. */
  @Override
  public Future<?> stop() {
    return intake.stop().recover(e -> Future.succeededFuture())
        .compose(v -> apertium.close())
        .compose(v -> apyProcess == null ? Future.succeededFuture() : apyProcess.stop())
        .recover(e -> Future.succeededFuture())
        .andThen(v -> redis.close());
  }

  // ---- config -----------------------------------------------------------------------------------------------

  private static Path apyDirectory(JsonObject config) {
    String dataDir = text(config, ConfigKeys.DATA_DIR, null);
    return (dataDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "confab-apy") : Path.of(dataDir, "apy")).toAbsolutePath();
  }
}
