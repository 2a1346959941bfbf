package io.confab.email;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.confab.workers.mail.MailWorkerVerticle;
import io.confab.workers.mail.TestSmtp;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real services for the email tests: a Vert.x, a MongoDB wire server, a real SMTP server, the local Redis
 * (and RabbitMQ where a test uses it); helpers to deploy the email verticle and the mail worker.
 */
@ExtendWith(VertxExtension.class)
abstract class EmailTestBase {

  protected Vertx vertx;
  protected TestMongo mongo;
  protected TestSmtp smtp;
  protected MongoClient store;

  @BeforeEach
  void startServices(Vertx vertx) {
    LocalServices.requireRedis();
    this.vertx = vertx;
    mongo = new TestMongo();
    smtp = new TestSmtp();
    store = MongoClient.createShared(vertx, StoreConfig.mongo(mongo.deploymentConfig()), "test-reader");
  }

  @AfterEach
  void stopServices() {
    vertx.close().await();
    smtp.close();
    mongo.close();
  }

  /** The node's config without a broker: in-process workers. */
  protected JsonObject inProcessConfig() {
    return mongo.deploymentConfig();
  }

  /** The node's config with {@code amqpUri}, and outbox and reconnection timings short enough for a test. */
  protected JsonObject brokerConfig(String amqpUri) {
    return mongo.deploymentConfig()
        .put(ConfigKeys.AMQP_URI, amqpUri)
        .put(EmailVerticle.OUTBOX_RETRY_MS, 200)
        .put(EmailVerticle.OUTBOX_MIN_AGE_MS, 300)
        .put(EmailVerticle.AMQP_RECONNECT_MS, 200);
  }

  /** A mail worker behind the real broker, delivering to the test's SMTP server. */
  protected void deployBrokerWorker() {
    LocalServices.requireRabbitMq();
    deploy(MailWorkerVerticle::new, mongo.deploymentConfig()
        .put(ConfigKeys.AMQP_URI, LocalServices.AMQP_URI)
        .put(MailWorkerVerticle.AMQP_RECONNECT_MS, 200)
        .mergeIn(smtp.workerConfig()));
  }

  protected void deploy(Supplier<? extends Deployable> verticle, JsonObject config) {
    vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await();
  }

  protected JsonObject send(JsonObject body) {
    return vertx.eventBus().<JsonObject>request(Addresses.EMAIL_SEND, body).await().body();
  }

  /** The refusal {@code email.send} answers {@code body} with. */
  protected ReplyException refusal(Object body) {
    try {
      vertx.eventBus().request(Addresses.EMAIL_SEND, body).await();
    } catch (ReplyException refused) {
      return refused;
    }
    throw new AssertionError("email.send accepted " + body);
  }

  protected long inOutbox(String id) {
    return store.count(EmailVerticle.OUTBOX, new JsonObject().put("_id", id)).await();
  }

  protected static JsonObject verifyEmail(String to, String locale, String code) {
    return new JsonObject().put("to", to).put("template", "verify_email").put("locale", locale)
        .put("vars", new JsonObject().put("code", code).put("displayName", "Ana"));
  }
}
