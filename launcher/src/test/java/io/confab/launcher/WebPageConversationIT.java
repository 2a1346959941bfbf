package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Conversations through the page (v1.1): reactions, pins, read receipts and mentions, seen live on another page. */
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

    pickByKeyboard(bobPage, "The engine weaves algebraic patterns.", "👍");

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
  @DisplayName("a 21st different emoji on a message is refused in words, and nothing is added")
  void theReactionLimitIsSaidInWords() throws Exception {
    Team team = team("Limit", "Ada Limit", "Bob Limit");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String id = message(ada, team.id(), "React to me.").getString("id");
    for (int i = 1; i <= 20; i++) {
      react(ada, team.id(), id, ":e" + i + ":");
    }
    ChromeDriver bobPage = signedIn(bob, team.title());
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#timeline .reaction")).size() == 20);

    pickByKeyboard(bobPage, "React to me.", "👍");
    waitFor(bobPage, d -> d.findElement(By.id("toast")).getText()
        .equals("This message already has 20 different reactions: add one of those instead."));
    assertThat(bobPage.findElements(THUMBS_UP)).isEmpty();
  }

  /** Focuses the message's "Add reaction" (as Tab would), opens the quick picker with Enter and picks with Space. */
  private static void pickByKeyboard(ChromeDriver page, String text, String emoji) {
    page.executeScript("arguments[0].querySelector('button[aria-label=\"Add reaction\"]').focus()", messageWithText(page, text));
    page.switchTo().activeElement().sendKeys(Keys.ENTER);
    waitFor(page, d -> d.findElement(By.cssSelector("#timeline .quick-picker .pick[data-emoji='" + emoji + "']"))).sendKeys(Keys.SPACE);
  }

  /** A reaction over HTTP, repeated while the per-user write limit refuses it (429). */
  private static void react(Person person, String room, String id, String emoji) {
    int status = Eventually.value(() -> {
      int answered = post("api/v1/rooms/" + room + "/messages/" + id + "/reactions", person.token(),
          new JsonObject().put("emoji", emoji)).statusCode();
      return answered == 429 ? null : answered;
    }, Duration.ofSeconds(10), "a reaction past the write limit");
    assertThat(status).isEqualTo(204);
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
    direct(ada, bob);
    ChromeDriver adaPage = signedIn(ada, bob.name());
    send(adaPage, "Did the cards arrive?");
    messageWithText(adaPage, "Did the cards arrive?");
    assertThat(adaPage.findElements(SEEN_BY)).isEmpty();

    ChromeDriver bobPage = signedIn(bob, ada.name());
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

  @Test
  @DisplayName("@ and letters list the members; an arrow and Enter pick one, the message goes with their id and arrives highlighted for them, with a mention badge on the room until they open it")
  void aMentionPickedFromTheListReachesThatMember() throws Exception {
    Team team = team("Mentions", "Ada Mention", "Bob Mention", "Bea Mention");
    Person ada = team.member(0);
    Person bob = team.member(1);
    Person bea = team.member(2);
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, team.title());
    waitFor(bobPage, d -> roomIdByTitle(bobPage, team.title()) != null);

    WebElement input = adaPage.findElement(By.id("message-input"));
    input.sendKeys("Look here @b");
    waitFor(adaPage, d -> choices(adaPage).equals(List.of("@" + bea.name(), "@" + bob.name())));
    input.sendKeys(Keys.ARROW_DOWN);
    waitFor(adaPage, d -> bob.id().equals(d.findElement(By.cssSelector(".mention-choice[aria-selected='true']")).getDomAttribute("data-user")));
    input.sendKeys(Keys.ENTER);
    waitFor(adaPage, d -> input.getDomProperty("value").equals("Look here @" + bob.name() + " "));
    assertThat(adaPage.findElements(MENTION_CHOICES)).isEmpty();
    input.sendKeys("can you check?", Keys.ENTER);

    String text = "Look here @" + bob.name() + " can you check?";
    WebElement badge = waitFor(bobPage, d -> d.findElement(By.cssSelector("#room-list button[data-room='" + team.id() + "'] .mention-badge")));
    assertThat(badge.getText()).isEqualTo("@1");
    assertThat(storedMessage(bob, team.id(), text).getJsonArray("mentions")).containsExactly(bob.id());
    openRoom(bobPage, team.title());
    WebElement mention = waitFor(bobPage, d -> messageWithText(bobPage, text).findElement(By.cssSelector(".mention.own")));
    assertThat(mention.getText()).isEqualTo("@" + bob.name());
    assertThat(mention.getCssValue("display")).as("a mention stays in the line").isEqualTo("inline");
    assertThat(messageWithText(bobPage, text).getDomAttribute("class")).contains("mentions-me");
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#room-list .mention-badge")).isEmpty());
    shot(bobPage, "mentions");
    // On Ada's page the name is marked, but not as hers.
    assertThat(messageWithText(adaPage, text).findElements(By.cssSelector(".mention.own"))).isEmpty();
    assertThat(messageWithText(adaPage, text).findElement(By.cssSelector(".mention")).getText()).isEqualTo("@" + bob.name());
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("a click picks @room from the list, which goes as mentionsRoom; Escape closes the list and leaves the text")
  void roomIsPickedByClickAndEscapeCloses() throws Exception {
    Team team = team("Everyone", "Ada Everyone", "Bob Everyone");
    Person ada = team.member(0);
    Person bob = team.member(1);
    ChromeDriver adaPage = signedIn(ada, team.title());

    WebElement input = adaPage.findElement(By.id("message-input"));
    input.sendKeys("@bo");
    waitFor(adaPage, d -> choices(adaPage).equals(List.of("@" + bob.name())));
    input.sendKeys(Keys.ESCAPE);
    waitFor(adaPage, d -> d.findElements(MENTION_CHOICES).isEmpty());
    assertThat(input.getDomProperty("value")).isEqualTo("@bo");
    assertThat(adaPage.findElement(By.id("room-view")).isDisplayed()).isTrue();

    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "Lunch, @ro");
    click(adaPage, By.cssSelector(".mention-choice[data-user='room']"));
    waitFor(adaPage, d -> input.getDomProperty("value").equals("Lunch, @room "));
    input.sendKeys(Keys.ENTER);
    messageWithText(adaPage, "Lunch, @room");
    assertThat(storedMessage(ada, team.id(), "Lunch, @room").getBoolean("mentionsRoom")).isTrue();
  }

  private static final By MENTION_CHOICES = By.cssSelector(".mention-picker .mention-choice");

  @SuppressWarnings("unchecked")
  private static List<String> choices(ChromeDriver page) {
    return (List<String>) page.executeScript(
        "return [...document.querySelectorAll('.mention-picker .mention-choice .mention-name')].map(e => e.textContent)");
  }
}
