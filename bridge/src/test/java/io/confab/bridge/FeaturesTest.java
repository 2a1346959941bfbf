package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/features}: what the page may offer, learnt from the roles over the bus. */
class FeaturesTest extends EdgeTestBase {

  private static final JsonArray PAIRS = new JsonArray().add(new JsonObject().put("from", "en").put("to", "es"));

  private JsonObject features() {
    HttpResponse<Buffer> response = client.get("/api/v1/features").send().await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    return response.bodyAsJsonObject();
  }

  @Test
  @DisplayName("with no files, search or translation role anywhere, none is offered, and the limits come from the contract")
  void absentRolesAreNotOffered() {
    assertThat(features()).isEqualTo(new JsonObject()
        .put("uploads", false)
        .put("search", false)
        .put("translation", false)
        .put("languages", new JsonArray())
        .put("limits", new JsonObject().put("uploadMaxBytes", Limits.UPLOAD_MAX_BYTES).put("messageMaxLength", Limits.TEXT_MAX_CODE_POINTS)));
  }

  @Test
  @DisplayName("a files role answering files.ping offers uploads; a translation role answering its pairs offers translation into them")
  void answeringRolesAreOffered() {
    vertx.eventBus().consumer(Addresses.FILES_PING, ping -> ping.reply(new JsonObject()));
    vertx.eventBus().consumer(Addresses.TRANSLATE_LANGUAGES, ask -> ask.reply(PAIRS));

    JsonObject features = features();

    assertThat(features.getBoolean("uploads")).isTrue();
    assertThat(features.getBoolean("translation")).isTrue();
    assertThat(features.getJsonArray("languages")).isEqualTo(PAIRS);
  }

  @Test
  @DisplayName("a search role answering search.ping offers search; one whose engine fails the ping does not")
  void aSearchRoleIsOfferedWhileItsEngineAnswers() {
    AtomicBoolean engineUp = new AtomicBoolean(true);
    vertx.eventBus().consumer(Addresses.SEARCH_PING, ping -> {
      if (engineUp.get()) {
        ping.reply(new JsonObject());
      } else {
        ping.fail(503, "engine down");
      }
    });

    assertThat(features().getBoolean("search")).isTrue();
    engineUp.set(false);
    assertThat(new Features(vertx).now().await().getBoolean("search")).isFalse();
  }

  @Test
  @DisplayName("a translation role whose engine is down (503 translation_unavailable) does not offer translation")
  void aTranslationRoleThatFailsIsNotOffered() {
    vertx.eventBus().consumer(Addresses.TRANSLATE_LANGUAGES, ask -> ask.reply(ContractException.of(ErrorCode.TRANSLATION_UNAVAILABLE)));

    JsonObject features = features();

    assertThat(features.getBoolean("translation")).isFalse();
    assertThat(features.getJsonArray("languages")).isEmpty();
  }

  @Test
  @DisplayName("page loads in a row share one answer per HTTP server instance instead of asking the roles each time")
  void theAnswerIsKeptBriefly() {
    AtomicInteger asked = new AtomicInteger();
    vertx.eventBus().consumer(Addresses.FILES_PING, ping -> {
      asked.incrementAndGet();
      ping.reply(new JsonObject());
    });

    for (int load = 0; load < 10; load++) {
      assertThat(features().getBoolean("uploads")).isTrue();
    }

    assertThat(asked.get()).as("asks by the edge's %d instances", 2).isBetween(1, 2);
  }
}
