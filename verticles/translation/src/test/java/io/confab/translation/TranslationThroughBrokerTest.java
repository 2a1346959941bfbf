package io.confab.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StreamEvent;
import io.confab.contract.Addresses;
import io.confab.messaging.TcpProxy;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.workers.translation.ApyProxy;
import io.confab.workers.translation.LocalApy;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With a broker: verticle → confab.translate → worker → APY → reply queue, on the real RabbitMQ. */
class TranslationThroughBrokerTest extends TranslationTestBase {

  private User ana;
  private User bruno;
  private String room;

  @BeforeEach
  void aRoomOfTwo() {
    LocalServices.requireRabbitMq();
    ana = user("Ana", "en");
    bruno = user("Bruno", "es");
    room = group(ana, bruno);
  }

  private List<JsonObject> listen(String address) {
    List<JsonObject> events = new CopyOnWriteArrayList<>();
    MessageConsumer<StreamEvent> consumer = vertx.eventBus().consumer(address, message -> events.add(message.body().toJson()));
    consumer.completion().await();
    return events;
  }


  @Test
  @DisplayName("An English message is translated to Spanish through RabbitMQ, the worker and Apertium")
  void anEnglishMessageIsTranslatedThroughRabbitMq() {
    deployBrokerWorker(LocalApy.URL);
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));
    String id = send(ana, room, "Good morning, my friends!").getString("id");

    assertThat(translate(bruno, id, "es"))
        .isEqualTo(new JsonObject().put("lang", "es").put("text", "Buenos días, mis amigos!").put("engine", "apertium"));
  }

  @Test
  @DisplayName("A translation is published as a translation event to the room's stream and to the members' streams")
  void theTranslationIsPublishedToTheRoomStream() throws Exception {
    deployBrokerWorker(LocalApy.URL);
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));
    String id = send(ana, room, "I have a dog.").getString("id");
    List<JsonObject> roomEvents = listen(Addresses.roomStream(room));
    List<JsonObject> anasEvents = listen(Addresses.userStream(ana.id()));

    translate(bruno, id, "es");

    JsonObject expected = new JsonObject().put("type", "translation").put("room", room).put("messageId", id).put("lang", "es")
        .put("text", "Tengo un perro.").put("engine", "apertium");
    Eventually.until(() -> !roomEvents.isEmpty() && !anasEvents.isEmpty(), Duration.ofSeconds(10), "the translation event on both streams");
    assertThat(roomEvents).containsExactly(expected);
    assertThat(anasEvents).containsExactly(expected);
  }

  @Test
  @DisplayName("A translation asked again is answered from the cache, without the worker (stopped after the first)")
  void aCachedTranslationDoesNotAskTheWorkerAgain() {
    String worker = deployBrokerWorker(LocalApy.URL);
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));
    String id = send(ana, room, "Good morning, my friends!").getString("id");
    JsonObject first = translate(bruno, id, "es");

    vertx.undeploy(worker).await();

    assertThat(translate(ana, id, "es")).isEqualTo(first);
  }

  @Test
  @DisplayName("translate.languages lists the pairs Apertium offers in ISO 639-1, English to Spanish among them")
  void theLanguagesListEnglishToSpanish() {
    deployBrokerWorker(LocalApy.URL);
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));

    JsonArray pairs = request(bruno, Addresses.TRANSLATE_LANGUAGES, new JsonObject());

    assertThat(pairs).contains(new JsonObject().put("from", "en").put("to", "es"), new JsonObject().put("from", "es").put("to", "en"));
  }

  @Test
  @DisplayName("With the broker unreachable the answer is 503 translation_unavailable, not a wait for the timeout (504)")
  void withTheBrokerUnreachableTheAnswerIs503() {
    deployTranslation(brokerConfig("amqp://guest:guest@127.0.0.1:" + FreePorts.next()));
    String id = send(ana, room, "Good morning").getString("id");

    assertRefused(translationRefused(bruno, id, "es"), 503, "translation_unavailable");
  }

  @Test
  @DisplayName("With no worker consuming the queue the answer is 503 translation_unavailable, not a wait for the timeout (504)")
  void withNoWorkerTheAnswerIs503() {
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));
    String id = send(ana, room, "Good morning").getString("id");

    assertRefused(translationRefused(bruno, id, "es"), 503, "translation_unavailable");
  }

  @Test
  @DisplayName("With APY down behind the worker the answer is 503 translation_unavailable, not a wait for the timeout (504)")
  void withApyDownTheAnswerIs503() {
    deployBrokerWorker("http://127.0.0.1:" + FreePorts.next());
    deployTranslation(brokerConfig(LocalServices.AMQP_URI));
    String id = send(ana, room, "Good morning").getString("id");

    assertRefused(translationRefused(bruno, id, "es"), 503, "translation_unavailable");
  }

  @Test
  @DisplayName("A worker slower than translation-timeout-ms is answered 504 timeout, not its late translation")
  void aWorkerSlowerThanTheTimeoutIs504() {
    ApyProxy slowApy = new ApyProxy(vertx).delay(2_500).start().await();
    deployBrokerWorker(slowApy.url());
    deployTranslation(brokerConfig(LocalServices.AMQP_URI).put(TranslationVerticle.TIMEOUT_MS, 1_000));
    String id = send(ana, room, "Good morning").getString("id");

    assertRefused(translationRefused(bruno, id, "es"), 504, "timeout");
  }

  @Test
  @DisplayName("A broker that stops answering costs the first asks 504 timeout, then the breaker answers 503 at once, and once it is back translations work again")
  void aStalledBrokerOpensTheBreakerUntilItIsBack() throws Exception {
    long timeoutMs = 1_000;
    TcpProxy broker = TcpProxy.rabbitMq(vertx);
    deployBrokerWorker(LocalApy.URL);
    // Open long enough for the ask after the timeouts to meet it open (a half-open breaker would try the broker).
    deployTranslation(brokerConfig(broker.amqpUri())
        .put(TranslationVerticle.TIMEOUT_MS, timeoutMs).put(TranslationVerticle.BREAKER_RESET_MS, 3_000));
    translate(bruno, send(ana, room, "Good morning").getString("id"), "es");
    String id = send(ana, room, "I have a dog.").getString("id");

    broker.stall();
    for (int i = 0; i < 3; i++) {
      assertRefused(translationRefused(bruno, id, "es"), 504, "timeout");
    }
    // 503 is the open breaker's answer; one that waited for the broker would be a 504 timeout.
    assertRefused(translationRefused(bruno, id, "es"), 503, "translation_unavailable");

    broker.resume();
    String text = Eventually.value(() -> {
      try {
        return translate(bruno, id, "es").getString("text");
      } catch (ReplyException refusedWhileOpen) {
        return null;
      }
    }, Duration.ofSeconds(20), "a translation once the broker is back and the breaker lets one through");
    assertThat(text).isEqualTo("Tengo un perro.");
  }
}
