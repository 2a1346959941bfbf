package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Conversations through the page (v1.1): reactions, pins and read receipts, seen live on another page. */
class WebPageConversationIT extends WebPageBase {

  private static final By SEEN_BY = By.cssSelector("#timeline .seen-by");
  private static final By THUMBS_UP = By.cssSelector("#timeline .reaction[data-emoji='👍']");

  @Test
  @DisplayName("a reaction picked by keyboard shows as a chip on the other user's page live, with who reacted; a click on it unreacts")
  void aReactionIsSeenLiveAndUndone() throws Exception {
    String tag = tag();
    Person ada = person("Ada React " + tag, "en");
    Person bob = person("Bob React " + tag, "en");
    String group = "Reactions " + tag;
    message(ada, group(ada, group, bob).getString("id"), "The engine weaves algebraic patterns.");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, group);
    openRoom(bobPage, group);
    waitForTimeline(bobPage, List.of("The engine weaves algebraic patterns."));

    WebElement message = messageWithText(bobPage, "The engine weaves algebraic patterns.");
    bobPage.executeScript("arguments[0].querySelector('button[aria-label=\"Add reaction\"]').focus()", message);
    bobPage.switchTo().activeElement().sendKeys(Keys.ENTER);
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline .quick-picker .pick[data-emoji='👍']"))).sendKeys(Keys.SPACE);

    waitFor(bobPage, d -> "true".equals(d.findElement(THUMBS_UP).getDomAttribute("aria-pressed")));
    waitFor(adaPage, d -> d.findElement(THUMBS_UP).getText().contains("1")
        && d.findElement(THUMBS_UP).getDomAttribute("title").equals(bob.name() + " reacted with 👍")
        && "false".equals(d.findElement(THUMBS_UP).getDomAttribute("aria-pressed")));
    shot(adaPage, "reactions");

    click(bobPage, THUMBS_UP);
    waitFor(adaPage, d -> d.findElements(THUMBS_UP).isEmpty());
    waitFor(bobPage, d -> d.findElements(THUMBS_UP).isEmpty());
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("a message pinned from its menu shows in the other page's header, whose list jumps to it; unpinning empties it")
  void aPinIsSeenInTheOtherPagesHeader() throws Exception {
    String tag = tag();
    Person ada = person("Ada Pin " + tag, "en");
    Person bob = person("Bob Pin " + tag, "en");
    String group = "Pins " + tag;
    String id = group(ada, group, bob).getString("id");
    message(ada, id, "The agenda: the engine's cards.");
    message(ada, id, "Lunch at noon.");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, group);
    openRoom(bobPage, group);
    waitForTimeline(bobPage, List.of("The agenda: the engine's cards.", "Lunch at noon."));

    WebElement agenda = messageWithText(adaPage, "The agenda: the engine's cards.");
    adaPage.executeScript("arguments[0].querySelector('button[aria-label=\"Pin message\"]').click()", agenda);
    waitFor(adaPage, d -> !d.findElements(By.cssSelector("#timeline button[aria-label='Unpin message']")).isEmpty());
    WebElement pins = shown(bobPage, By.id("pins"));
    waitFor(bobPage, d -> d.findElement(By.id("pins")).getDomAttribute("aria-label").equals("1 pinned message"));
    pins.click();
    WebElement item = shown(bobPage, By.cssSelector("#dialog .pinned-item"));
    waitFor(bobPage, d -> item.getText().contains("The agenda: the engine's cards."));
    shot(bobPage, "pins");
    item.click();
    waitFor(bobPage, d -> "The agenda: the engine's cards.".equals(d.switchTo().activeElement().findElement(By.cssSelector(".text")).getText()));

    adaPage.executeScript("arguments[0].querySelector('button[aria-label=\"Unpin message\"]').click()",
        messageWithText(adaPage, "The agenda: the engine's cards."));
    waitFor(bobPage, d -> d.findElements(By.id("pins")).isEmpty());
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("\"Seen by\" appears under one's own last message once the other user reads it, and turning receipts off in the account dialog hides it")
  void seenByFollowsTheOtherReaderAndTheSetting() throws Exception {
    String tag = tag();
    Person ada = person("Ada Seen " + tag, "en");
    Person bob = person("Bob Seen " + tag, "en");
    room(ada, new JsonObject().put("kind", "direct").put("members", new JsonArray().add(bob.id())));
    ChromeDriver adaPage = signedIn(ada);
    openRoom(adaPage, bob.name());
    send(adaPage, "Did the cards arrive?");
    messageWithText(adaPage, "Did the cards arrive?");
    assertThat(adaPage.findElements(SEEN_BY)).isEmpty();

    ChromeDriver bobPage = signedIn(bob);
    openRoom(bobPage, ada.name());
    waitForTimeline(bobPage, List.of("Did the cards arrive?"));
    waitFor(adaPage, d -> d.findElement(SEEN_BY).getText().equals("Seen by " + bob.name()));
    shot(adaPage, "seen-by");

    adaPage.findElement(By.id("account")).click();
    WebElement receipts = shown(adaPage, By.cssSelector("#dialog input[type=checkbox]"));
    assertThat(receipts.isSelected()).isTrue();
    receipts.click();
    adaPage.findElement(By.id("dialog-ok")).click();
    waitFor(adaPage, d -> d.findElements(SEEN_BY).isEmpty());
    assertThat(pageSession(adaPage).getJsonObject("user").getBoolean("readReceipts")).isFalse();
    assertNoRefusedFrames(adaPage, bobPage);
  }
}
