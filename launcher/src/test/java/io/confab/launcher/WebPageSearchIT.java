package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Search through the page (v1.1): the shortcuts, results grouped by room as plain text, a jump to the message
 * (a reply: to its root, with its thread open at it).
 */
class WebPageSearchIT extends WebPageBase {

  @Test
  @DisplayName("/ opens search; results come grouped by room, their highlights as plain text: a link's words, never a link inside the hit")
  void slashOpensSearchWithResultsGroupedByRoom() throws Exception {
    String tag = tag();
    Person ada = person("Ada Finder " + tag, "en");
    String first = group(ada, "Looms " + tag).getString("id");
    String second = group(ada, "Engines " + tag).getString("id");
    message(ada, first, "The <b>jacquard</b> loom " + tag);
    message(ada, second, "A jacquard [card](https://example.org/card) for the **engine** " + tag);
    ChromeDriver page = signedIn(ada);

    new Actions(page).sendKeys(page.findElement(By.tagName("body")), "/").perform();
    WebElement box = shown(page, By.id("search-input"));
    assertThat(page.switchTo().activeElement()).isEqualTo(box);
    // The index follows within 5 s: ask again until both are found.
    waitFor(page, d -> {
      box.sendKeys(Keys.chord(Keys.CONTROL, "a"), "jacquard " + tag, Keys.ENTER);
      return d.findElements(By.cssSelector("#dialog .search-hit")).size() == 2;
    });

    @SuppressWarnings("unchecked")
    List<String> rooms = (List<String>) page.executeScript(
        "return [...document.querySelectorAll('#dialog .search-room h3')].map(h => h.textContent)");
    assertThat(rooms).containsExactly("Engines " + tag, "Looms " + tag);
    WebElement loom = page.findElement(By.cssSelector("#dialog .search-room:last-child .search-hit .text"));
    assertThat(loom.getDomProperty("textContent")).contains("The <b>jacquard</b> loom");
    assertThat(page.findElements(By.cssSelector("#dialog .search-hit b"))).isEmpty();
    WebElement engine = page.findElement(By.cssSelector("#dialog .search-room:first-child .search-hit .text"));
    assertThat(engine.getDomProperty("textContent")).contains("A jacquard card for the engine " + tag);
    // A link inside the hit's button would be nested interactive content, and would take the click.
    assertThat(page.findElements(By.cssSelector("#dialog .search-hit a, #dialog .search-hit strong"))).isEmpty();
    assertNoRefusedFrames(page);
    shot(page, "search");
  }

  @Test
  @DisplayName("Ctrl+Shift+F opens search; a result opens its room at the message, older history loaded around it")
  void aResultOpensTheRoomAtTheMessage() throws Exception {
    String tag = tag();
    Person ada = person("Ada Jumper " + tag, "en");
    String room = group(ada, "Archive " + tag).getString("id");
    String needle = message(ada, room, "The oldest needle " + tag).getString("id");
    for (int i = 0; i < 59; i++) {
      message(ada, room, "filler " + i);
    }
    ChromeDriver page = signedIn(ada, "Archive " + tag);
    waitFor(page, d -> texts(page).contains("filler 58"));
    assertThat(page.findElements(By.cssSelector("#timeline li.msg[data-id='" + needle + "']"))).as("not in the newest page").isEmpty();

    openResult(page, "needle " + tag, needle);

    WebElement found = waitFor(page, d -> d.findElement(By.cssSelector("#timeline li.msg.found[data-id='" + needle + "']")));
    assertThat(page.switchTo().activeElement()).isEqualTo(found);
    assertThat(seqs(page)).hasSize(60).startsWith("1");
    assertThat(inView(page, found, "#timeline-wrap")).as("the message in view").isTrue();
  }

  @Test
  @DisplayName("a result that is a reply opens its room at the root and the thread panel scrolled to the reply")
  void aReplyFoundOpensItsThreadAtTheReply() throws Exception {
    Team team = team("Threaded", "Ada Threader");
    Person ada = team.member(0);
    String root = message(ada, team.id(), "Plans for the mill").getString("id");
    String needle = reply(ada, team.id(), root, "The hidden sprocket " + team.tag()).getString("id");
    for (int i = 0; i < 40; i++) {
      reply(ada, team.id(), root, "reply " + i);
    }
    for (int i = 0; i < 59; i++) {
      message(ada, team.id(), "later " + i);
    }
    ChromeDriver page = signedIn(ada, team.title());
    waitFor(page, d -> texts(page).contains("later 58"));
    assertThat(page.findElements(By.cssSelector("#timeline li.msg[data-id='" + root + "']"))).as("not in the newest page").isEmpty();

    openResult(page, "sprocket " + team.tag(), needle);

    WebElement found = waitFor(page, d -> d.findElement(By.cssSelector("#thread-pane li.msg.found[data-id='" + needle + "']")));
    assertThat(inView(page, found, "#thread-pane .thread-messages")).as("the reply in the panel's view").isTrue();
    WebElement rootInTimeline = waitFor(page, d -> d.findElement(By.cssSelector("#timeline li.msg[data-id='" + root + "']")));
    waitFor(page, d -> inView(page, rootInTimeline, "#timeline-wrap"));
    assertThat(page.findElements(By.cssSelector("#timeline li.msg.found"))).as("the root shown, not marked as the result").isEmpty();
  }

  /** Ctrl+Shift+F, the words asked until the message with that id is among the results (the index follows within 5 s), then a click on it. */
  private static void openResult(ChromeDriver page, String words, String id) {
    new Actions(page).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("f").keyUp(Keys.SHIFT).keyUp(Keys.CONTROL).perform();
    WebElement box = shown(page, By.id("search-input"));
    waitFor(page, d -> {
      box.sendKeys(Keys.chord(Keys.CONTROL, "a"), words, Keys.ENTER);
      return !d.findElements(By.cssSelector("#dialog .search-hit[data-id='" + id + "']")).isEmpty();
    });
    click(page, By.cssSelector("#dialog .search-hit[data-id='" + id + "']"));
  }

  private static boolean inView(ChromeDriver page, WebElement element, String container) {
    return (Boolean) page.executeScript("const r = arguments[0].getBoundingClientRect();"
        + "const w = document.querySelector(arguments[1]).getBoundingClientRect();"
        + "return r.top >= w.top && r.bottom <= w.bottom", element, container);
  }
}
