package io.confab.workers.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.messaging.DeadLetters;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.rabbitmq.RabbitMQMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The worker behind the real broker, translating with the real APY: requests in, replies to reply_to. */
@ExtendWith(VertxExtension.class)
class TranslationWorkerBrokerTest {

  private Vertx vertx;
  private ReplyQueue asker;

  @BeforeEach
  void start(Vertx vertx) {
    LocalServices.requireRabbitMq();
    LocalServices.requireRedis();
    LocalApy.require();
    this.vertx = vertx;
    asker = new ReplyQueue(vertx);
  }

  @AfterEach
  void stop() {
    asker.close();
  }

  /** A worker on the real broker and Redis, fast retries, translating with APY at {@code apyUrl}. */
  private void deployWorker(String apyUrl) throws InterruptedException {
    JsonObject config = new JsonObject()
        .put(ConfigKeys.AMQP_URI, LocalServices.AMQP_URI)
        .put(ConfigKeys.REDIS_URI, LocalServices.REDIS_URI)
        .put(TranslationWorkerVerticle.APY_URL, apyUrl)
        .put(TranslationWorkerVerticle.APY_TIMEOUT_MS, 2_000)
        .put(TranslationWorkerVerticle.RETRY_BASE_MS, 20)
        .put(TranslationWorkerVerticle.RETRY_MAX_MS, 200)
        .put(TranslationWorkerVerticle.AMQP_RECONNECT_MS, 200);
    vertx.deployVerticle(TranslationWorkerVerticle::new, new DeploymentOptions().setConfig(config)).await();
    Eventually.until(() -> asker.consumers() >= 1, Duration.ofSeconds(10), "the worker consuming");
  }

  private static JsonObject request(String id, String text, String from, String to) {
    JsonObject request = new JsonObject().put("id", id).put("text", text).put("to", to);
    return from == null ? request : request.put("from", from);
  }

  private static String deathReason(RabbitMQMessage deadLetter) {
    return String.valueOf(deadLetter.properties().getHeaders().get("x-first-death-reason"));
  }

  @Test
  @DisplayName("An English request is answered in Spanish by Apertium, to its reply_to, with its correlation_id")
  void anEnglishRequestIsAnsweredInSpanish() throws Exception {
    deployWorker(LocalApy.URL);
    String id = UUID.randomUUID().toString();

    String correlationId = asker.ask(request(id, "Good morning, my friends!", "en", "es"));

    JsonObject reply = asker.await(correlationId, 10_000);
    assertThat(reply).isEqualTo(new JsonObject().put("id", id).put("text", "Buenos días, mis amigos!").put("engine", "apertium"));
  }

  @Test
  @DisplayName("A pair APY does not offer is answered unsupported_pair once, and not retried")
  void aPairApyDoesNotOfferIsAnsweredUnsupportedPair() throws Exception {
    deployWorker(LocalApy.URL);
    String id = UUID.randomUUID().toString();

    String correlationId = asker.ask(request(id, "Good morning", "en", "fr"));

    assertThat(asker.await(correlationId, 10_000)).isEqualTo(new JsonObject().put("id", id).put("error", "unsupported_pair"));
    // Stopped gracefully, the worker finishes what it holds and gives back what it did not ack, delayed retries included.
    for (String deployment : vertx.deploymentIDs()) {
      vertx.undeploy(deployment).await();
    }
    asker.barrier();
    assertThat(asker.all(correlationId)).as("answered once").hasSize(1);
    assertThat(asker.waiting(id)).as("acked: nothing left in the queue to retry").isFalse();
  }

  @Test
  @DisplayName("A request that is not the contract's shape goes straight to confab.dead")
  void aMalformedRequestGoesStraightToConfabDead() {
    deployWorkerQuietly(LocalApy.URL);
    String id = UUID.randomUUID().toString();

    asker.ask(Buffer.buffer(new JsonObject().put("id", id).put("text", new JsonObject().put("$gt", "")).put("to", "es").encode()), id);

    Optional<RabbitMQMessage> dead = DeadLetters.take(vertx, m -> id.equals(m.properties().getMessageId()), Duration.ofSeconds(10));
    assertThat(dead).isPresent();
    assertThat(deathReason(dead.get())).isEqualTo("rejected");
  }

  @Test
  @DisplayName("With APY down the asker hears unavailable at once, and the request lands in confab.dead after five failures")
  void withApyDownTheRequestIsDeadLetteredAfterFiveFailures() throws Exception {
    deployWorker("http://127.0.0.1:" + FreePorts.next());
    String id = UUID.randomUUID().toString();

    String correlationId = asker.ask(request(id, "Good morning", "en", "es"));

    assertThat(asker.await(correlationId, 5_000)).isEqualTo(new JsonObject().put("id", id).put("error", "unavailable"));
    Optional<RabbitMQMessage> dead = DeadLetters.take(vertx, m -> id.equals(m.properties().getMessageId()), Duration.ofSeconds(15));
    assertThat(dead).isPresent();
    assertThat(deathReason(dead.get())).isEqualTo("delivery_limit");
    assertThat(asker.all(correlationId)).as("unavailable is said once, not at every retry").hasSize(1);
  }

  @Test
  @DisplayName("The same request delivered twice asks APY once and gets the same answer twice")
  void theSameRequestDeliveredTwiceAsksApyOnce() throws Exception {
    ApyProxy apy = new ApyProxy(vertx).start().await();
    deployWorker(apy.url());
    String id = UUID.randomUUID().toString();
    JsonObject request = request(id, "The cat sleeps on the table.", "en", "es");

    JsonObject first = asker.await(asker.ask(request), 10_000);
    JsonObject second = asker.await(asker.ask(request), 10_000);

    assertThat(first).isNotNull();
    assertThat(first.getString("engine")).isEqualTo("apertium");
    assertThat(second).isEqualTo(first);
    assertThat(apy.translations("The cat sleeps on the table.")).isEqualTo(1);
  }

  @Test
  @DisplayName("The pairs request lists what APY offers in ISO 639-1, en to es among them, without variants")
  void thePairsRequestListsWhatApyOffers() throws Exception {
    deployWorker(LocalApy.URL);
    String id = UUID.randomUUID().toString();

    JsonObject reply = asker.await(asker.ask(new JsonObject().put("id", id).put("type", "pairs")), 10_000);

    assertThat(reply.getString("id")).isEqualTo(id);
    assertThat(reply.getJsonArray("pairs")).contains(new JsonObject().put("from", "en").put("to", "es"),
        new JsonObject().put("from", "es").put("to", "en"));
    assertThat(reply.getJsonArray("pairs").stream().map(JsonObject.class::cast))
        .allSatisfy(pair -> assertThat(pair.getString("from") + pair.getString("to")).matches("[a-z]{4}"));
  }

  private void deployWorkerQuietly(String apyUrl) {
    try {
      deployWorker(apyUrl);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
