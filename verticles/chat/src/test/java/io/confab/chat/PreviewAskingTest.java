package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PreviewAskingTest {

  private final Vertx vertx = Vertx.vertx();
  private final List<JsonObject> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static JsonObject stored(String id, String text) {
    return new JsonObject().put("_id", id).put("room", "r1").put("text", text);
  }

  @Test
  @DisplayName("with preview-enabled false no link is handed to a worker; with it on, the links of the text are")
  void theSwitchTurnsAskingOff() {
    vertx.eventBus().<JsonObject>consumer(Addresses.PREVIEWS_FETCH, message -> asked.add(message.body())).completion().await();

    new Previews(vertx.eventBus(), false).asked(stored("off", "see https://example.org/a"));
    new Previews(vertx.eventBus(), true).asked(stored("on", "see https://example.org/b and mailto:x@example.org and ftp://example.org/"));

    // The bus keeps one sender's order: once the second is here, the first would have been too.
    Eventually.until(() -> !asked.isEmpty(), Duration.ofSeconds(5), "the enabled ask");
    assertThat(asked).containsExactly(new JsonObject().put("room", "r1").put("id", "on").put("urls", new JsonArray().add("https://example.org/b")));
  }

  @Test
  @DisplayName("a text without http or https links asks nothing")
  void noLinksNoAsk() {
    assertThat(Links.previewed("just *text* and `http://in.code/` and www")).isEmpty();
  }

  @Test
  @DisplayName("links written with escapes, entities or as bare www addresses are still found (the quick check before the parse lets them through)")
  void escapedAndBareLinksAreFound() {
    assertThat(Links.previewed("[a](http&#58;&#47;&#47;example.org/e)")).containsExactly("http://example.org/e");
    assertThat(Links.previewed("[b](https:\\/\\/example.org/b)")).containsExactly("https://example.org/b");
    assertThat(Links.previewed("see www.example.org now")).containsExactly("http://www.example.org");
    assertThat(Links.previewed("www&#46;example.org")).containsExactly("http://www.example.org");
    assertThat(Links.mayLink("plain words: no address here.")).isFalse();
  }
}
