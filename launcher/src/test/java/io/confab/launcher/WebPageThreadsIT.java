package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Threads through the page (v1.1): the "N replies" under a root opens the thread panel, a reply there
 * reaches the other page's open panel and moves its count live (the reply never shows in the
 * timeline), "Reply in thread" and the `@` autocomplete in the panel, and the Threads view's unread
 * counts, following and unfollowing, and the Threads button's total. Skipped while the server keeps no
 * threads (its part is built on its own branch).
 */
class WebPageThreadsIT extends WebPageBase {

  private static final By PANEL = By.id("thread-pane");
  private static final By SUMMARY = By.cssSelector("#timeline .thread-summary");

  @Test
  @DisplayName("\"N replies\" opens the thread beside the timeline; a reply there shows in the other page's open panel and moves its count live, never in the timeline")
  void aReplyInTheThreadReachesTheOtherPanelLive() throws Exception {
    Team team = team("Threads", "Ada Thread", "Bob Thread");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String root = message(ada, team.id(), "Who brings the punched cards?").getString("id");
    reply(bob, team.id(), root, "I can bring a box.");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, team.title());
    openRoom(bobPage, team.title());
    waitForTimeline(bobPage, List.of("Who brings the punched cards?"));

    openThreadFromCount(bobPage, "1 reply");
    waitFor(bobPage, d -> panelTexts(bobPage).equals(List.of("Who brings the punched cards?", "I can bring a box.")));
    openThreadFromCount(adaPage, "1 reply");
    WebElement box = shown(adaPage, By.cssSelector("#thread-pane textarea"));
    box.sendKeys("Thank you, Bob.", Keys.ENTER);

    waitFor(bobPage, d -> panelTexts(bobPage).equals(List.of("Who brings the punched cards?", "I can bring a box.", "Thank you, Bob.")));
    waitFor(bobPage, d -> summary(bobPage).equals("2 replies"));
    assertThat(texts(bobPage)).containsExactly("Who brings the punched cards?");
    waitFor(adaPage, d -> summary(adaPage).equals("2 replies"));
    assertThat(texts(adaPage)).containsExactly("Who brings the punched cards?");
    shot(bobPage, "thread");
    assertThat(storedMessage(ada, team.id(), "Thank you, Bob.").getString("threadRoot")).isEqualTo(root);
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("\"Reply in thread\" in a message's menu opens its thread, whose composer autocompletes a member into the reply's mentions")
  void replyInThreadFromTheMenuWithAMention() throws Exception {
    Team team = team("Menu", "Ada Menu", "Bob Menu");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String root = message(bob, team.id(), "The loom needs new cards.").getString("id");
    ChromeDriver adaPage = signedIn(ada, team.title());

    adaPage.executeScript("arguments[0].querySelector('button[aria-label=\"Reply in thread\"]').click()",
        messageWithText(adaPage, "The loom needs new cards."));
    waitFor(adaPage, d -> panelTexts(adaPage).equals(List.of("The loom needs new cards.")));
    WebElement box = shown(adaPage, By.cssSelector("#thread-pane textarea"));
    box.sendKeys("On it, @bo");
    waitFor(adaPage, d -> !d.findElements(By.cssSelector("#thread-pane .mention-choice[data-user='" + bob.id() + "']")).isEmpty());
    box.sendKeys(Keys.TAB);
    box.sendKeys("tomorrow", Keys.ENTER);

    String text = "On it, @" + bob.name() + " tomorrow";
    waitFor(adaPage, d -> panelTexts(adaPage).equals(List.of("The loom needs new cards.", text)));
    JsonObject sent = storedMessage(ada, team.id(), text);
    assertThat(sent.getString("threadRoot")).isEqualTo(root);
    assertThat(sent.getJsonArray("mentions")).containsExactly(bob.id());
    assertThat(texts(adaPage)).containsExactly("The loom needs new cards.");
  }

  @Test
  @DisplayName("the Threads view lists a followed thread with its unread replies; a click opens it, and reading it clears the count")
  void theThreadsViewShowsUnreadReplies() throws Exception {
    Team team = team("Follow", "Ada Follow", "Bob Follow");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String root = message(bob, team.id(), "Shall we meet on Friday?").getString("id");
    reply(ada, team.id(), root, "Friday suits me.");
    reply(ada, team.id(), root, "After lunch?");
    ChromeDriver bobPage = signedIn(bob);

    WebElement item = openThreadsView(bobPage, root);
    waitFor(bobPage, d -> item.findElement(By.cssSelector(".thread-unread")).getText().equals("2"));
    assertThat(item.getText()).contains("Shall we meet on Friday?").contains("2 replies");
    shot(bobPage, "threads-view");
    item.click();

    waitFor(bobPage, d -> d.findElement(By.id("room-title")).getText().equals(team.title()));
    waitFor(bobPage, d -> panelTexts(bobPage).equals(List.of("Shall we meet on Friday?", "Friday suits me.", "After lunch?")));
    Eventually.value(() -> unreadReplies(bob, root) == 0 ? true : null, Duration.ofSeconds(20), "the thread read on the server");
    bobPage.findElement(By.cssSelector("#thread-pane button[aria-label='Close the thread']")).click();
    WebElement again = openThreadsView(bobPage, root);
    assertThat(again.findElements(By.cssSelector(".thread-unread"))).isEmpty();
    assertNoRefusedFrames(bobPage);
  }

  private static void openThreadFromCount(ChromeDriver page, String count) {
    waitFor(page, d -> summary(page).equals(count));
    click(page, SUMMARY);
    shown(page, PANEL);
  }

  private static String summary(ChromeDriver page) {
    return page.findElement(SUMMARY).getText();
  }

  private static String followButton(ChromeDriver page) {
    return page.findElement(By.cssSelector("#thread-pane .follow-thread")).getText();
  }

  private static String threadsTotal(ChromeDriver page) {
    List<WebElement> total = page.findElements(By.cssSelector("#threads .threads-total"));
    return total.isEmpty() ? "" : total.get(0).getText();
  }

  /** The Threads view opened from the sidebar, once it lists the thread of that root. */
  private static WebElement openThreadsView(ChromeDriver page, String root) {
    click(page, By.id("threads"));
    return shown(page, By.cssSelector("#dialog .thread-item[data-root='" + root + "']"));
  }

  @Test
  @DisplayName("\"Unfollow\" in the Threads view removes the thread from it; \"Follow\" in its panel brings it back, the button saying what the server holds")
  void unfollowingAndFollowingAgain() throws Exception {
    Team team = team("Unfollow", "Ada Unfollow", "Bob Unfollow");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String root = message(bob, team.id(), "Who oils the gears?").getString("id");
    reply(ada, team.id(), root, "I did last week.");
    ChromeDriver bobPage = signedIn(bob);

    WebElement item = openThreadsView(bobPage, root);
    item.findElement(By.xpath("..")).findElement(By.cssSelector(".unfollow")).click();
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#dialog .thread-item[data-root='" + root + "']")).isEmpty());
    Eventually.value(() -> unreadReplies(bob, root) == -1 ? true : null, Duration.ofSeconds(20), "the thread no longer followed on the server");
    new Actions(bobPage).sendKeys(Keys.ESCAPE).perform();

    openRoom(bobPage, team.title());
    openThreadFromCount(bobPage, "1 reply");
    waitFor(bobPage, d -> followButton(bobPage).equals("Follow"));
    click(bobPage, By.cssSelector("#thread-pane .follow-thread"));
    waitFor(bobPage, d -> followButton(bobPage).equals("Following"));
    assertThat(unreadReplies(bob, root)).as("followed again on the server").isGreaterThanOrEqualTo(0);
    bobPage.findElement(By.cssSelector("#thread-pane button[aria-label='Close the thread']")).click();
    openThreadsView(bobPage, root);
    assertNoRefusedFrames(bobPage);
  }

  @Test
  @DisplayName("the Threads button totals the followed threads with unread replies, live as a reply comes (one that makes the caller follow too) and as a thread is read")
  void theThreadsButtonTotalsUnreadThreadsLive() throws Exception {
    Team team = team("Total", "Ada Total", "Bob Total");
    Person ada = team.member(0);
    Person bob = team.member(1);
    String first = message(bob, team.id(), "Is the boiler lit?").getString("id");
    String second = message(bob, team.id(), "Who has the key?").getString("id");
    reply(ada, team.id(), first, "Since dawn.");
    ChromeDriver bobPage = signedIn(bob);
    waitFor(bobPage, d -> threadsTotal(bobPage).equals("1"));

    reply(ada, team.id(), second, "The porter.");
    waitFor(bobPage, d -> threadsTotal(bobPage).equals("2"));
    reply(ada, team.id(), first, "And it is warm.");
    waitFor(bobPage, d -> bobPage.findElement(By.id("threads")).getAttribute("aria-label").equals("Threads, 2 unread"));

    openThreadsView(bobPage, first).click();
    waitFor(bobPage, d -> panelTexts(bobPage).equals(List.of("Is the boiler lit?", "Since dawn.", "And it is warm.")));
    waitFor(bobPage, d -> threadsTotal(bobPage).equals("1"));
    assertNoRefusedFrames(bobPage);
  }

  @SuppressWarnings("unchecked")
  private static List<String> panelTexts(ChromeDriver page) {
    return (List<String>) page.executeScript(
        "return [...document.querySelectorAll('#thread-pane li.msg')].map(li => { const p = li.querySelector('.text'); return p ? p.textContent : ''; })");
  }

  private static int unreadReplies(Person person, String root) throws Exception {
    JsonArray threads = new JsonArray(get("api/v1/threads", person.token()).body());
    for (int i = 0; i < threads.size(); i++) {
      JsonObject entry = threads.getJsonObject(i);
      Object r = entry.getValue("root");
      String id = r instanceof JsonObject o ? o.getString("id") : (String) r;
      if (root.equals(id)) {
        return entry.getInteger("unreadReplies", 0);
      }
    }
    return -1;
  }
}
