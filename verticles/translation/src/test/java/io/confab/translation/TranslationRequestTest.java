package io.confab.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** translate.request without a broker: the worker in-process, the real APY behind it. */
class TranslationRequestTest extends TranslationTestBase {

  private User ana;
  private User bruno;
  private String room;

  @BeforeEach
  void aRoomOfTwo() {
    deployInProcessWorker();
    deployTranslation(platformConfig());
    ana = user("Ana", "en");
    bruno = user("Bruno", "es");
    room = group(ana, bruno);
  }

  @Test
  @DisplayName("In-process, an English message is translated to Spanish by Apertium")
  void anEnglishMessageIsTranslatedToSpanishInProcess() {
    JsonObject message = send(ana, room, "We are going to the beach on Sunday.");

    assertThat(translate(bruno, message.getString("id"), "es"))
        .isEqualTo(new JsonObject().put("lang", "es").put("text", "Estamos yendo a la playa el domingo.").put("engine", "apertium"));
  }

  @Test
  @DisplayName("A message asked in its sender's own language comes back unchanged, with engine none")
  void aMessageInItsOwnLanguageComesBackUnchanged() {
    JsonObject message = send(ana, room, "Hello <b>world</b> 👋");

    assertThat(translate(bruno, message.getString("id"), "en"))
        .isEqualTo(new JsonObject().put("lang", "en").put("text", "Hello <b>world</b> 👋").put("engine", "none"));
  }

  @Test
  @DisplayName("A user who is not a member of the message's room gets 404")
  void aNonMemberGets404() {
    JsonObject message = send(ana, room, "Only for the team");
    User outsider = user("Olga", "es");

    assertRefused(translationRefused(outsider, message.getString("id"), "es"), 404, "not_found");
  }

  @Test
  @DisplayName("A deleted message gets 404")
  void aDeletedMessageGets404() {
    JsonObject message = send(ana, room, "Soon gone");
    request(ana, Addresses.CHAT_DELETE, new JsonObject().put("room", room).put("id", message.getString("id")));

    assertRefused(translationRefused(bruno, message.getString("id"), "es"), 404, "not_found");
  }

  @Test
  @DisplayName("A message id that does not exist gets 404")
  void anUnknownMessageGets404() {
    assertRefused(translationRefused(bruno, "no-such-message", "es"), 404, "not_found");
  }

  @Test
  @DisplayName("A lang that is not an ISO 639-1 code is 400 invalid_request")
  void aLangThatIsNotIso6391IsInvalid() {
    String id = send(ana, room, "Hello").getString("id");

    for (Object lang : Arrays.asList("EN", "eng", "e", "e1", 5, new JsonObject().put("$gt", ""), null)) {
      assertRefused(translationRefused(bruno, id, lang), 400, "invalid_request");
    }
  }

  @Test
  @DisplayName("A pair the engine does not offer is 503 translation_unavailable")
  void aPairTheEngineDoesNotOfferIsUnavailable() {
    String id = send(ana, room, "Good morning").getString("id");

    assertRefused(translationRefused(bruno, id, "fr"), 503, "translation_unavailable");
  }

  @Test
  @DisplayName("An edited message is translated afresh, not answered from the cache")
  void anEditedMessageIsTranslatedAfresh() {
    String id = send(ana, room, "I have a dog.").getString("id");
    assertThat(translate(bruno, id, "es").getString("text")).isEqualTo("Tengo un perro.");

    request(ana, Addresses.CHAT_EDIT, new JsonObject().put("room", room).put("id", id).put("text", "I have a cat."));

    assertThat(translate(bruno, id, "es").getString("text")).isEqualTo("Tengo un gato.");
  }
}
