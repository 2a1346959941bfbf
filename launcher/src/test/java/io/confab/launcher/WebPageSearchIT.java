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

/** Search through the page (v1.1): the shortcuts, results grouped by room as plain text, a jump to the message. */
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
    ChromeDriver page = signedIn(ada);
    openRoom(page, "Archive " + tag);
    waitFor(page, d -> texts(page).contains("filler 58"));
    assertThat(page.findElements(By.cssSelector("#timeline li.msg[data-id='" + needle + "']"))).as("not in the newest page").isEmpty();

    new Actions(page).keyDown(Keys.CONTROL).keyDown(Keys.SHIFT).sendKeys("f").keyUp(Keys.SHIFT).keyUp(Keys.CONTROL).perform();
    WebElement box = shown(page, By.id("search-input"));
    waitFor(page, d -> {
      box.sendKeys(Keys.chord(Keys.CONTROL, "a"), "needle " + tag, Keys.ENTER);
      return !d.findElements(By.cssSelector("#dialog .search-hit[data-id='" + needle + "']")).isEmpty();
    });
    click(page, By.cssSelector("#dialog .search-hit[data-id='" + needle + "']"));

    WebElement found = waitFor(page, d -> d.findElement(By.cssSelector("#timeline li.msg.found[data-id='" + needle + "']")));
    assertThat(page.switchTo().activeElement()).isEqualTo(found);
    assertThat(seqs(page)).hasSize(60).startsWith("1");
    assertThat((Boolean) page.executeScript("const r = arguments[0].getBoundingClientRect();"
        + "const w = document.getElementById('timeline-wrap').getBoundingClientRect();"
        + "return r.top >= w.top && r.bottom <= w.bottom", found)).as("the message in view").isTrue();
  }
}
