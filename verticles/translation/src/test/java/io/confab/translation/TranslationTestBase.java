package io.confab.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.auth.AuthVerticle;
import io.confab.base.Codecs;
import io.confab.chat.ChatVerticle;
import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.confab.contract.Headers;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.confab.testing.TestTokens;
import io.confab.workers.translation.LocalApy;
import io.confab.workers.translation.TranslationWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The platform around the translation verticle, real all through: auth and chat on the Mongo wire server
 * and the local Redis (for the message, its room and its sender's language), the real APY, and helpers to
 * deploy the translation worker in-process or behind the real RabbitMQ. Users are seeded as verified
 * accounts; requests go over the bus with the caller's {@code confab-user} header, as the edge sends them.
 */
abstract class TranslationTestBase {

  protected Vertx vertx;
  protected final TestMongo mongo = new TestMongo();

  record User(String id, String name) {
  }

  @BeforeEach
  void startPlatform() {
    LocalServices.requireRedis();
    LocalApy.require();
    vertx = Vertx.vertx();
    Codecs.register(vertx);
    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(platformConfig())).await();
    vertx.deployVerticle(new ChatVerticle(), new DeploymentOptions().setConfig(platformConfig())).await();
  }

  @AfterEach
  void stopPlatform() {
    vertx.close().await();
    mongo.close();
  }

  /** What the node hands every verticle: the stores and the token keys. */
  protected JsonObject platformConfig() {
    return mongo.deploymentConfig()
        .mergeIn(TestTokens.edgeConfig())
        .put(ConfigKeys.JWT_PRIVATE_PEM, TestTokens.KEYS.privatePem());
  }

  /** The node's config with a broker, reconnecting quickly. */
  protected JsonObject brokerConfig(String amqpUri) {
    return platformConfig().put(ConfigKeys.AMQP_URI, amqpUri).put(TranslationVerticle.AMQP_RECONNECT_MS, 200);
  }

  protected String deployTranslation(JsonObject config) {
    return vertx.deployVerticle(new TranslationVerticle(), new DeploymentOptions().setConfig(config)).await();
  }

  /** The worker in this JVM, on translate.jobs, with the real APY. */
  protected String deployInProcessWorker() {
    return vertx.deployVerticle(new TranslationWorkerVerticle(), new DeploymentOptions().setConfig(platformConfig()
        .put(TranslationWorkerVerticle.APY_URL, LocalApy.URL).put(TranslationWorkerVerticle.APY_AUTOSTART, false))).await();
  }

  /** The worker behind the real broker, translating with APY at {@code apyUrl}; returns once it consumes. */
  protected String deployBrokerWorker(String apyUrl) {
    LocalServices.requireRabbitMq();
    return vertx.deployVerticle(new TranslationWorkerVerticle(), new DeploymentOptions().setConfig(new JsonObject()
        .put(ConfigKeys.AMQP_URI, LocalServices.AMQP_URI)
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI)
        .put(TranslationWorkerVerticle.APY_URL, apyUrl)
        .put(TranslationWorkerVerticle.APY_TIMEOUT_MS, 5_000)
        .put(TranslationWorkerVerticle.AMQP_RECONNECT_MS, 200))).await();
  }

  /** A verified account in {@code language}, stored as the auth verticle stores it. */
  protected User user(String name, String language) {
    return new User(mongo.verifiedUser(vertx, name, language), name);
  }

  /** A bus request as {@code caller}, as the edge sends it; the reply body. */
  protected <T> T request(User caller, String address, JsonObject body) {
    return vertx.eventBus().<T>request(address, body, new DeliveryOptions().addHeader(Headers.USER, caller.id())).await().body();
  }

  /** The refusal {@code address} answers {@code body} with, as {@code caller}. */
  protected ReplyException refusal(User caller, String address, Object body) {
    try {
      vertx.eventBus().request(address, body, new DeliveryOptions().addHeader(Headers.USER, caller.id())).await();
    } catch (ReplyException refused) {
      return refused;
    }
    throw new AssertionError(address + " accepted " + body);
  }

  /** A group of {@code others} and its creator. */
  protected String group(User creator, User... others) {
    JsonArray members = new JsonArray();
    for (User other : others) {
      members.add(other.id());
    }
    JsonObject room = request(creator, Addresses.ROOMS_CREATE, new JsonObject().put("kind", "group").put("name", "Team").put("members", members));
    return room.getString("id");
  }

  protected JsonObject send(User sender, String room, String text) {
    return request(sender, Addresses.CHAT_SEND, new JsonObject().put("room", room).put("text", text)
        .put("clientMsgId", UUID.randomUUID().toString()));
  }

  protected JsonObject translate(User caller, String messageId, String lang) {
    return request(caller, Addresses.TRANSLATE_REQUEST, new JsonObject().put("messageId", messageId).put("lang", lang));
  }

  protected ReplyException translationRefused(User caller, String messageId, Object lang) {
    return refusal(caller, Addresses.TRANSLATE_REQUEST, new JsonObject().put("messageId", messageId).put("lang", lang));
  }

  protected static void assertRefused(ReplyException refusal, int status, String code) {
    assertThat(refusal.failureCode()).as(refusal.getMessage()).isEqualTo(status);
    assertThat(refusal.getMessage()).isEqualTo(code);
  }
}
