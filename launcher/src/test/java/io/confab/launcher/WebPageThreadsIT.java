package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Threads through the page (v1.1): the "N replies" under a root opens the thread panel, a reply there
 * reaches the other page's open panel and moves its count live (the reply never shows in the
 * timeline), "Reply in thread" and the `@` autocomplete in the panel, and the Threads view's unread
 * counts. Skipped while the server keeps no threads (its part is built on its own branch).
 */
class WebPageThreadsIT extends WebPageBase {

  private static final By PANEL = By.id("thread-pane");
  private static final By SUMMARY = By.cssSelector("#timeline .thread-summary");

  @Test
  @DisplayName("\"N replies\" opens the thread beside the timeline; a reply there shows in the other page's open panel and moves its count live, never in the timeline")
  void aReplyInTheThreadReachesTheOtherPanelLive() throws Exception {
    String tag = tag();
    Person ada = person("Ada Thread " + tag, "en");
    Person bob = person("Bob Thread " + tag, "en");
    String group = "Threads " + tag;
    String room = group(ada, group, bob).getString("id");
    String root = message(ada, room, "Who brings the punched cards?").getString("id");
    reply(bob, room, root, "I can bring a box.");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, group);
    openRoom(bobPage, group);
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
    assertThat(storedMessage(ada, room, "Thank you, Bob.").getString("threadRoot")).isEqualTo(root);
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("\"Reply in thread\" in a message's menu opens its thread, whose composer autocompletes a member into the reply's mentions")
  void replyInThreadFromTheMenuWithAMention() throws Exception {
    String tag = tag();
    Person ada = person("Ada Menu " + tag, "en");
    Person bob = person("Bob Menu " + tag, "en");
    String group = "Menu " + tag;
    String room = group(ada, group, bob).getString("id");
    String root = message(bob, room, "The loom needs new cards.").getString("id");
    ChromeDriver adaPage = signedIn(ada);
    openRoom(adaPage, group);

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
    JsonObject sent = storedMessage(ada, room, text);
    assertThat(sent.getString("threadRoot")).isEqualTo(root);
    assertThat(sent.getJsonArray("mentions")).containsExactly(bob.id());
    assertThat(texts(adaPage)).containsExactly("The loom needs new cards.");
  }

  @Test
  @DisplayName("the Threads view lists a followed thread with its unread replies; a click opens it, and reading it clears the count")
  void theThreadsViewShowsUnreadReplies() throws Exception {
    String tag = tag();
    Person ada = person("Ada Follow " + tag, "en");
    Person bob = person("Bob Follow " + tag, "en");
    String group = "Follow " + tag;
    String room = group(ada, group, bob).getString("id");
    String root = message(bob, room, "Shall we meet on Friday?").getString("id");
    reply(ada, room, root, "Friday suits me.");
    reply(ada, room, root, "After lunch?");
    ChromeDriver bobPage = signedIn(bob);

    WebElement item = openThreadsView(bobPage, root);
    waitFor(bobPage, d -> item.findElement(By.cssSelector(".thread-unread")).getText().equals("2"));
    assertThat(item.getText()).contains("Shall we meet on Friday?").contains("2 replies");
    shot(bobPage, "threads-view");
    item.click();

    waitFor(bobPage, d -> d.findElement(By.id("room-title")).getText().equals(group));
    waitFor(bobPage, d -> panelTexts(bobPage).equals(List.of("Shall we meet on Friday?", "Friday suits me.", "After lunch?")));
    Eventually.value(() -> unreadReplies(bob, root) == 0 ? true : null, Duration.ofSeconds(20), "the thread read on the server");
    bobPage.findElement(By.cssSelector("#thread-pane button[aria-label='Close the thread']")).click();
    WebElement again = openThreadsView(bobPage, root);
    assertThat(again.findElements(By.cssSelector(".thread-unread"))).isEmpty();
    assertNoRefusedFrames(bobPage);
  }

  /** A reply over HTTP, waiting out the per-user rate limit. */
  private static JsonObject reply(Person sender, String room, String root, String text) throws Exception {
    HttpResponse<String> sent = Eventually.value(() -> {
      HttpResponse<String> answered = post("api/v1/rooms/" + room + "/messages", sender.token(), new JsonObject().put("text", text)
          .put("clientMsgId", "t-" + System.nanoTime()).put("threadRoot", root));
      return answered.statusCode() == 429 ? null : answered;
    }, Duration.ofSeconds(10), "a reply past the write limit");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    return new JsonObject(sent.body());
  }

  private static void openThreadFromCount(ChromeDriver page, String count) {
    waitFor(page, d -> summary(page).equals(count));
    click(page, SUMMARY);
    shown(page, PANEL);
  }

  private static String summary(ChromeDriver page) {
    return page.findElement(SUMMARY).getText();
  }

  /** The Threads view opened from the sidebar, once it lists the thread of that root. */
  private static WebElement openThreadsView(ChromeDriver page, String root) {
    click(page, By.id("threads"));
    return shown(page, By.cssSelector("#dialog .thread-item[data-root='" + root + "']"));
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
