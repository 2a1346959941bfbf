package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * The page's main scenarios in Debian's headless Chromium against the built jar: people sign up through
 * the page, chat live in a direct room, and one of them goes offline and comes back to exactly the
 * right timeline; the phone layout; a long room's history.
 */
class WebPageIT extends WebPageBase {

  @Test
  @DisplayName("two people sign up and sign in through the page, chat live in a direct room, and one comes back from offline to exactly the right timeline, its offline message sent once")
  void twoPeopleChatAndOneComesBackFromOffline() throws Exception {
    String tag = tag();
    String adaName = "Ada " + tag;
    String bobName = "Bob " + tag;
    String adaEmail = "ada-" + tag + "@example.org";
    String bobEmail = "bob-" + tag + "@example.org";

    ChromeDriver ada = open(1280, 800);
    ChromeDriver bob = open(1280, 800);

    // Sign-in screen, then sign up through the page with the emailed code.
    ada.get(url);
    waitFor(ada, d -> d.findElement(By.id("signin-form")).isDisplayed());
    shot(ada, "sign-in");
    signUp(ada, adaName, adaEmail);
    bob.get(url);
    signUp(bob, bobName, bobEmail);

    // Bob signs out and signs in again through the sign-in form.
    bob.findElement(By.id("signout")).click();
    waitFor(bob, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(bob.findElement(By.id("auth-message")).getText()).contains("signed out");
    signIn(bob, bobEmail);

    // Ada finds Bob with the user search and opens a direct room.
    ada.findElement(By.id("new-direct")).click();
    WebElement search = waitFor(ada, d -> d.findElement(By.cssSelector("#dialog input[type=search]")));
    search.sendKeys(bobName);
    waitFor(ada, d -> d.findElement(By.cssSelector("#dialog button.result"))).click();
    waitFor(ada, d -> d.findElement(By.id("room-view")).isDisplayed()
        && d.findElement(By.id("room-title")).getText().equals(bobName));

    send(ada, "Hello Bob, this is Ada.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada."));

    // Bob sees the room appear live, with its unread badge, and opens it.
    waitFor(bob, d -> d.findElement(By.cssSelector("#room-list button.room-item .badge")).getText().equals("1"));
    click(bob, By.cssSelector("#room-list button.room-item"));
    waitForTimeline(bob, List.of("Hello Bob, this is Ada."));
    waitFor(bob, d -> d.findElement(By.id("room-title")).getText().equals(adaName));
    waitFor(bob, d -> d.findElements(By.cssSelector("#room-list .badge")).isEmpty());

    // Typing indicator, then a live reply.
    bob.findElement(By.id("message-input")).sendKeys("Hi");
    waitFor(ada, d -> d.findElement(By.id("typing")).getText().equals(bobName + " is typing…"));
    bob.findElement(By.id("message-input")).sendKeys(" Ada!", Keys.ENTER);
    waitForTimeline(ada, List.of("Hello Bob, this is Ada.", "Hi Ada!"));
    waitForTimeline(bob, List.of("Hello Bob, this is Ada.", "Hi Ada!"));
    waitFor(ada, d -> d.findElement(By.id("room-sub")).getText().equals("online"));
    shot(ada, "rooms-timeline");

    // Bob's connection goes away: the bridge closed and the browser offline.
    offline(bob, true);
    waitFor(bob, d -> d.findElement(By.id("offline-banner")).isDisplayed());

    // Meanwhile Ada sends two, edits her first and deletes one.
    send(ada, "Are you there?");
    send(ada, "This one will be deleted.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada.", "Hi Ada!", "Are you there?", "This one will be deleted."));
    edit(ada, "Hello Bob, this is Ada.", "Hello Bob, this is Ada (edited).");
    delete(ada, "This one will be deleted.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada (edited).", "Hi Ada!", "Are you there?", "This message was deleted."));

    // Bob types while offline: the message waits in the outbox, shown as pending.
    send(bob, "Typed while offline.");
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).size() == 1);
    assertThat(bob.executeScript("return JSON.parse(localStorage.getItem('confab.outbox.' + JSON.parse(localStorage.getItem('confab.session')).user.id)).length"))
        .isEqualTo(1L);
    shot(bob, "offline");

    // Bob comes back: catch-up first, then the outbox goes out once.
    offline(bob, false);
    waitFor(bob, d -> !d.findElement(By.id("offline-banner")).isDisplayed());
    List<String> expected = List.of("Hello Bob, this is Ada (edited).", "Hi Ada!", "Are you there?",
        "This message was deleted.", "Typed while offline.");
    waitForTimeline(bob, expected);
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).isEmpty());
    waitForTimeline(ada, expected);
    assertThat(bob.executeScript("return window.confabTest.outbox().length")).isEqualTo(0L);
    assertThat(bob.findElement(By.cssSelector("#timeline li.msg[data-seq='1'] .edited")).getText()).contains("edited");
    assertThat(seqs(bob)).containsExactly("1", "2", "3", "4", "5");

    // The server agrees: five messages, the offline one stored once.
    String token = pageSession(bob).getString("accessToken");
    String room = (String) bob.executeScript("return document.querySelector('#room-list button.room-item.active').dataset.room");
    JsonArray messages = new JsonObject(get("api/v1/rooms/" + room + "/messages?after=0&limit=50", token).body()).getJsonArray("messages");
    assertThat(messages).hasSize(5);
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("text"))
        .filter("Typed while offline."::equals)).hasSize(1);

    shot(bob, "back-online");

    // Offline again, a message typed, and the page reloaded: the outbox (in localStorage) survives the
    // reload, the room opens again, and the message goes out once.
    offline(bob, true);
    waitFor(bob, d -> d.findElement(By.id("offline-banner")).isDisplayed());
    send(bob, "Sent after a reload.");
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).size() == 1);
    bob.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    bob.navigate().refresh();
    List<String> after = new ArrayList<>(expected);
    after.add("Sent after a reload.");
    waitForTimeline(bob, after);
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).isEmpty());
    waitForTimeline(ada, after);
    messages = new JsonObject(get("api/v1/rooms/" + room + "/messages?after=0&limit=50", token).body()).getJsonArray("messages");
    assertThat(messages).hasSize(6);
    assertNoRefusedFrames(ada, bob);
  }

  @Test
  @DisplayName("at 375x812 the sign-in, rooms and timeline screens have no horizontal scroll, and a room opens full screen with a way back")
  void thePhoneLayoutHasNoHorizontalScroll() throws Exception {
    String tag = tag();
    ChromeDriver phone = phone(375, 812);
    phone.get(url);
    waitFor(phone, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile-sign-in");
    signUp(phone, "Grace Brewster Murray Hopper " + tag, "grace-" + tag + "@example.org");
    assertNoHorizontalScroll(phone);

    phone.findElement(By.id("notes")).click();
    waitFor(phone, d -> d.findElement(By.id("room-view")).isDisplayed());
    assertThat(phone.findElement(By.id("sidebar")).isDisplayed()).as("one pane at a time on a phone").isFalse();
    send(phone, "A long note with a link https://example.org/" + "a".repeat(120) + " and words that wrap.");
    send(phone, "Second note.");
    waitFor(phone, d -> d.findElements(By.cssSelector("#timeline li.msg:not(.pending)")).size() == 2);
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile");

    phone.findElement(By.id("back")).click();
    waitFor(phone, d -> d.findElement(By.id("sidebar")).isDisplayed());
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile-rooms");
  }

  @Test
  @DisplayName("a long room opens on its newest page and loads older messages as one scrolls up, each once, in the dark theme too")
  void olderMessagesLoadOnScrollUp() throws Exception {
    Person writer = person("Long Room " + tag(), "en");
    String room = room(writer, new JsonObject().put("kind", "self")).getString("id");
    for (int i = 1; i <= 70; i++) {
      message(writer, room, "Note number " + i);
    }

    ChromeDriver browser = open(1024, 768);
    dark(browser);
    signIn(browser, writer.email());
    click(browser, By.cssSelector("#room-list button.room-item"));
    waitFor(browser, d -> texts(browser).size() == 50);
    assertThat(texts(browser).get(49)).isEqualTo("Note number 70");
    assertThat(browser.findElements(By.cssSelector("#timeline li.start"))).isEmpty();
    shot(browser, "dark-timeline");

    browser.executeScript("document.getElementById('timeline-wrap').scrollTop = 0");
    waitFor(browser, d -> texts(browser).size() == 70);
    List<String> all = texts(browser);
    for (int i = 0; i < 70; i++) {
      assertThat(all.get(i)).isEqualTo("Note number " + (i + 1));
    }
    waitFor(browser, d -> d.findElement(By.cssSelector("#timeline li.start")).isDisplayed());
    assertThat(browser.findElements(By.cssSelector("#timeline li.day")).stream().map(WebElement::getText))
        .as("one day separator: they were all written today").containsExactly("Today");
  }

  @Test
  @DisplayName("by keyboard: Shift+Enter starts a new line and Enter sends, Escape closes a dialog, focus is visible, and every control has a name")
  void theKeyboardIsEnough() throws Exception {
    Person keys = person("Keys " + tag(), "en");
    ChromeDriver page = signedIn(keys);
    page.findElement(By.id("notes")).click();
    WebElement input = shown(page, By.id("message-input"));
    input.sendKeys("line one", Keys.chord(Keys.SHIFT, Keys.ENTER), "line two");
    assertThat(input.getDomProperty("value")).isEqualTo("line one\nline two");
    assertThat(texts(page)).isEmpty();
    input.sendKeys(Keys.ENTER);
    waitFor(page, d -> texts(page).equals(List.of("line one\nline two")) && page.findElements(By.cssSelector("#timeline li.pending")).isEmpty());
    assertThat(unnamedControls(page)).as("controls without an accessible name").isEmpty();

    page.findElement(By.id("new-group")).click();
    shown(page, By.id("dialog"));
    assertThat(unnamedControls(page)).as("controls without an accessible name").isEmpty();
    new Actions(page).sendKeys(Keys.ESCAPE).perform();
    waitFor(page, d -> !d.findElement(By.id("dialog")).isDisplayed());

    for (int i = 0; i < 10 && !"BUTTON".equals(page.executeScript("return document.activeElement.tagName")); i++) {
      new Actions(page).sendKeys(Keys.TAB).perform();
    }
    assertThat(page.executeScript("return getComputedStyle(document.activeElement).outlineStyle")).as("a focus ring").isNotEqualTo("none");
  }

  /** Visible buttons and fields with no accessible name (no text, aria-label, label or title). */
  @SuppressWarnings("unchecked")
  private static List<String> unnamedControls(ChromeDriver page) {
    return (List<String>) page.executeScript("return [...document.querySelectorAll('button, input, textarea, select')]"
        + ".filter(el => el.getClientRects().length > 0 && el.type !== 'hidden')"
        + ".filter(el => !(el.getAttribute('aria-label') || el.getAttribute('title') || (el.tagName === 'BUTTON' && el.textContent.trim())"
        + "  || (el.labels && [...el.labels].some(l => l.textContent.trim()))))"
        + ".map(el => el.outerHTML.slice(0, 120))");
  }
}
