package io.confab.email;

import static io.confab.base.ConfigValues.number;

import io.confab.base.Consumers;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.confab.contract.Rabbit;
import io.confab.messaging.AmqpConnection;
import io.confab.messaging.ConfirmedPublisher;
import io.confab.messaging.MailJob;
import io.confab.messaging.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the contract's mails for the other verticles: {@code email.send {to, template, locale?, vars?}}
 * → {@code {id}} once the mail job is durably accepted.
 *
 * <p>With {@code amqp-uri}: the job is written to the MongoDB outbox ({@code mail_outbox}) first, then
 * published to {@code confab.mail}/{@code send} with publisher confirms and deleted from the outbox once
 * confirmed. If the broker cannot take it now, the answer is still {@code {id}} (the job is in the
 * outbox), and every few seconds a bounded batch of outbox jobs older than a few seconds is published
 * again until confirmed. Several instances may publish the same job: the worker is idempotent on its id.
 * A broker that stops confirming opens the publisher's circuit breaker ({@link ConfirmedPublisher}): jobs are
 * then kept at once, without waiting for a confirm, and the sweep waits until the breaker lets one through.
 * Each sweep also counts the outbox: the gauge {@code confab.mail.outbox.depth} (jobs not yet confirmed).
 *
 * <p>Without {@code amqp-uri} (in-process workers): the job is requested to the in-process mail worker
 * on {@code mail.jobs}, and the answer is {@code {id}} when the worker accepted it.
 */
public final class EmailVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(EmailVerticle.class);

  static final String OUTBOX = "mail_outbox";
  /** How often the outbox is swept for jobs to publish again. */
  public static final String OUTBOX_RETRY_MS = "email-outbox-retry-ms";
  /** A job is published again only once it is this old (its first publish has had its chance). */
  public static final String OUTBOX_MIN_AGE_MS = "email-outbox-min-age-ms";
  /** How often a lost broker connection is tried again. */
  public static final String AMQP_RECONNECT_MS = "amqp-reconnect-ms";

  private static final long DEFAULT_OUTBOX_RETRY_MS = 3_000;
  private static final long DEFAULT_OUTBOX_MIN_AGE_MS = 5_000;
  private static final int OUTBOX_BATCH = 100;
  /** The outbox is shared by every email instance: one gauge for the process, set by whichever swept last. */
  private static final AtomicLong OUTBOX_DEPTH = new AtomicLong();

  static {
    Gauge.builder("confab.mail.outbox.depth", OUTBOX_DEPTH, AtomicLong::get)
        .description("Mail jobs in the MongoDB outbox, not yet confirmed by RabbitMQ")
        .register(Metrics.globalRegistry);
  }
  private static final long FIRST_CONNECTION_WAIT_MS = 3_000;
  /** In-process: below the edge's own timeout, so the caller gets our answer, not a 504. */
  private static final long IN_PROCESS_TIMEOUT_MS = Limits.BUS_REQUEST_TIMEOUT.toMillis() - 1_000;

  private Consumers consumers;
  private MongoClient mongo;
  private AmqpConnection broker;
  private ConfirmedPublisher publisher;
  private long sweepTimer = -1;
  private long minAgeMs;
  private boolean sweeping;

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    String amqpUri = config().getString(ConfigKeys.AMQP_URI);
    Future<Void> ready = amqpUri == null || amqpUri.isBlank() ? Future.succeededFuture() : startOutbox(amqpUri);
    return ready.compose(v -> consumers.serve(Addresses.EMAIL_SEND, this::send));
  }

  /** {@code {to, template, locale?, vars?}} → {@code {id}}; invalid_request, or unavailable if not accepted. */
  private Future<JsonObject> send(Message<JsonObject> request) {
    MailJob job = MailJob.fromRequest(request.body());
    Future<Void> accepted = broker == null ? handToInProcessWorker(job) : keepAndPublish(job);
    return accepted.compose(v -> {
      LOG.atInfo().setMessage("mail.accepted").addKeyValue("id", job.id()).addKeyValue("template", job.template())
          .addKeyValue("locale", job.locale()).log();
      return Future.succeededFuture(new JsonObject().put("id", job.id()));
    }, failure -> {
      LOG.atWarn().setMessage("mail.refused").addKeyValue("id", job.id()).addKeyValue("error", String.valueOf(failure.getMessage())).log();
      return Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
    });
  }

  // ---- in-process: mail.jobs ---------------------------------------------------------------------------

  private Future<Void> handToInProcessWorker(MailJob job) {
    return vertx.eventBus().request(Addresses.MAIL_JOBS, job.toJson(), new DeliveryOptions().setSendTimeout(IN_PROCESS_TIMEOUT_MS))
        .mapEmpty();
  }

  // ---- broker: outbox, then confab.mail -------------------------------------------------------------------

  private Future<Void> startOutbox(String amqpUri) {
    JsonObject config = config();
    mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config), "confab");
    minAgeMs = number(config, OUTBOX_MIN_AGE_MS, DEFAULT_OUTBOX_MIN_AGE_MS);
    Duration reconnect = Duration.ofMillis(number(config, AMQP_RECONNECT_MS, AmqpConnection.DEFAULT_RECONNECT_INTERVAL.toMillis()));
    broker = AmqpConnection.create(vertx, amqpUri, "confab-email", reconnect)
        .onConnect("topology", Topology::declareMail);
    publisher = ConfirmedPublisher.attach(vertx, broker, config);
    mongo.createIndex(OUTBOX, new JsonObject().put("createdAt", 1))
        .onFailure(e -> LOG.atWarn().setMessage("mail.outbox.index.failed").addKeyValue("error", String.valueOf(e.getMessage())).log());
    sweepTimer = vertx.setPeriodic(number(config, OUTBOX_RETRY_MS, DEFAULT_OUTBOX_RETRY_MS), id -> sweep());
    // The broker may be down now: after a short wait the verticle serves anyway, and the outbox holds the
    // jobs until the broker is back. The wait lets a normal start publish its first jobs at once.
    return broker.start()
        .compose(v -> broker.firstConnection().timeout(FIRST_CONNECTION_WAIT_MS, TimeUnit.MILLISECONDS))
        .recover(e -> {
          LOG.atWarn().setMessage("mail.broker.unavailable").addKeyValue("broker", broker.broker()).log();
          return Future.succeededFuture();
        });
  }

  /** Durable first (the outbox), then published; a failed publish leaves the job to the sweep. */
  private Future<Void> keepAndPublish(MailJob job) {
    JsonObject kept = new JsonObject()
        .put("_id", job.id())
        .put("job", job.toJson())
        .put("createdAt", System.currentTimeMillis());
    return mongo.insert(OUTBOX, kept).compose(id -> publish(kept.getJsonObject("job"))
        .recover(e -> {
          LOG.atWarn().setMessage("mail.outbox.kept").addKeyValue("id", job.id()).addKeyValue("error", String.valueOf(e.getMessage())).log();
          return Future.succeededFuture();
        }));
  }

  /** Publishes one job with confirms, then forgets it from the outbox. */
  private Future<Void> publish(JsonObject job) {
    String id = job.getString("id");
    return publisher.publish(Rabbit.MAIL_EXCHANGE, Rabbit.MAIL_ROUTING_KEY, id, job)
        .onSuccess(v -> mongo.removeDocument(OUTBOX, new JsonObject().put("_id", id))
            // Left in the outbox, it is published once more later, which the worker's idempotency absorbs.
            .onFailure(e -> LOG.atWarn().setMessage("mail.outbox.remove.failed").addKeyValue("id", id)
                .addKeyValue("error", String.valueOf(e.getMessage())).log()));
  }

  /** Publishes again, oldest first, a bounded batch of jobs whose first publish did not go through. */
  private void sweep() {
    mongo.count(OUTBOX, new JsonObject()).onSuccess(OUTBOX_DEPTH::set);
    if (sweeping || !publisher.available()) {
      return;
    }
    sweeping = true;
    JsonObject old = new JsonObject().put("createdAt", new JsonObject().put("$lt", System.currentTimeMillis() - minAgeMs));
    FindOptions oldestFirst = new FindOptions().setSort(new JsonObject().put("createdAt", 1)).setLimit(OUTBOX_BATCH);
    mongo.findWithOptions(OUTBOX, old, oldestFirst)
        .compose(kept -> {
          List<Future<Void>> published = kept.stream().map(doc -> publish(doc.getJsonObject("job"))).toList();
          return Future.join(published).transform(done -> {
            long confirmed = published.stream().filter(Future::succeeded).count();
            if (!kept.isEmpty()) {
              LOG.atInfo().setMessage("mail.outbox.republished").addKeyValue("found", kept.size())
                  .addKeyValue("confirmed", confirmed).log();
            }
            return Future.<Void>succeededFuture();
          });
        })
        .onFailure(e -> LOG.atWarn().setMessage("mail.outbox.sweep.failed").addKeyValue("error", String.valueOf(e.getMessage())).log())
        .onComplete(v -> sweeping = false);
  }

  /** Requests in flight are accepted or refused first (new ones go to other nodes); then the clients close. */
  @Override
  public Future<?> stop() {
    return consumers.drain().eventually(() -> {
      if (sweepTimer >= 0) {
        vertx.cancelTimer(sweepTimer);
      }
      return broker == null ? Future.succeededFuture() : broker.close().eventually(() -> mongo.close());
    });
  }
}
