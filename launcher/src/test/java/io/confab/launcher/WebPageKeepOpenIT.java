package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** A page people keep open (v1.1): avatars, the unread count in the title, notifications and the keyboard. */
class WebPageKeepOpenIT extends WebPageBase {

  @Test
  @DisplayName("an avatar uploaded in the account dialog shows beside its owner's messages on the other user's page; initials where there is none")
  void anUploadedAvatarShowsForTheOtherUser() throws Exception {
    Team team = team("Faces", "Ada Face", "Bob Face");
    Person ada = team.member(0);
    Person bob = team.member(1);
    ChromeDriver adaPage = signedIn(ada);
    chooseAvatar(adaPage);
    waitFor(adaPage, d -> !d.findElements(By.cssSelector("#avatar-section img.avatar")).isEmpty()
        && !d.findElements(By.id("avatar-remove")).isEmpty());
    click(adaPage, By.id("dialog-cancel"));
    message(ada, team.id(), "Here is my new picture.");
    message(bob, team.id(), "And I have none.");

    ChromeDriver bobPage = signedIn(bob, team.title());
    waitForTimeline(bobPage, List.of("Here is my new picture.", "And I have none."));

    waitFor(bobPage, d -> !d.findElements(By.cssSelector("#timeline img.avatar[data-user='" + ada.id() + "']")).isEmpty());
    WebElement initials = waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline .avatar.initials[data-user='" + bob.id() + "']")));
    // "Bob Face <tag>": the first letters of the first and the last word.
    assertThat(initials.getText()).isEqualTo(("B" + team.tag().charAt(0)).toUpperCase());
    Number width = (Number) bobPage.executeScript("const img = document.querySelector(arguments[0]); return img.complete ? img.naturalWidth : 0",
        "#timeline img.avatar[data-user='" + ada.id() + "']");
    assertThat(width.intValue()).isEqualTo(128);
    shot(bobPage, "avatars");
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("a new picture and a new name reach the other user's open page at once, with no reload: the face, the timeline and the room list")
  void aChangedProfileReachesAnOpenPage() throws Exception {
    Team team = team("Renames", "Ada Before", "Bob Watching");
    Person ada = team.member(0);
    Person bob = team.member(1);
    message(ada, team.id(), "Watch my face and name.");
    ChromeDriver bobPage = signedIn(bob, team.title());
    waitForTimeline(bobPage, List.of("Watch my face and name."));
    By adasFace = By.cssSelector("#timeline img.avatar[data-user='" + ada.id() + "']");
    waitFor(bobPage, d -> !d.findElements(By.cssSelector("#timeline .avatar.initials[data-user='" + ada.id() + "']")).isEmpty());

    ChromeDriver adaPage = signedIn(ada);
    chooseAvatar(adaPage);
    waitFor(bobPage, d -> !d.findElements(adasFace).isEmpty());

    WebElement name = adaPage.findElement(By.cssSelector("#dialog input[aria-label='Display name']"));
    name.clear();
    name.sendKeys("Ada After " + team.tag());
    click(adaPage, By.id("dialog-ok"));
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline li.msg .meta .sender")).getText().equals("Ada After " + team.tag()));
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#room-list [data-room='" + team.id() + "'] .room-preview")).getText()
        .equals("Ada After " + team.tag() + ": Watch my face and name."));
    assertThat(bobPage.findElements(adasFace)).as("the face stays with the new name").isNotEmpty();
    assertNoRefusedFrames(adaPage, bobPage);
  }

  @Test
  @DisplayName("Ctrl+K opens the room switcher: typing part of a name and Enter opens that room; ? lists the shortcuts")
  void ctrlKSwitchesRooms() throws Exception {
    String tag = tag();
    Person ada = person("Ada Keys " + tag, "en");
    Person bob = person("Bob Keys " + tag, "en");
    group(ada, "Kitchen " + tag, bob);
    group(ada, "Garden " + tag, bob);
    ChromeDriver page = signedIn(ada, "Kitchen " + tag);

    page.findElement(By.id("message-input")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
    shown(page, By.id("switcher-input")).sendKeys("gard", Keys.ENTER);

    waitFor(page, d -> d.findElement(By.id("room-title")).getText().equals("Garden " + tag));
    page.findElement(By.id("message-input")).sendKeys(Keys.chord(Keys.ALT, Keys.ARROW_DOWN));
    waitFor(page, d -> !d.findElement(By.id("room-title")).getText().equals("Garden " + tag));
    page.findElement(By.id("timeline-wrap")).click();
    page.switchTo().activeElement().sendKeys("?");
    WebElement help = shown(page, By.id("shortcuts-table"));
    assertThat(help.getText()).contains("Ctrl+K", "Alt+↑", "Alt+↓", "Esc", "?");
    shot(page, "shortcuts");
    page.switchTo().activeElement().sendKeys(Keys.ESCAPE);
    waitFor(page, d -> !d.findElement(By.id("dialog")).isDisplayed());
  }

  @Test
  @DisplayName("Up in the empty message box edits one's last message")
  void upEditsTheLastMessage() throws Exception {
    Team team = team("Edits", "Ada Up");
    Person ada = team.member(0);
    message(ada, team.id(), "First thought.");
    message(ada, team.id(), "Second thought.");
    ChromeDriver page = signedIn(ada, team.title());
    waitForTimeline(page, List.of("First thought.", "Second thought."));

    page.findElement(By.id("message-input")).sendKeys(Keys.ARROW_UP);
    WebElement box = waitFor(page, d -> d.findElement(By.cssSelector("#timeline .edit-box")));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), "Second, better.", Keys.ENTER);

    messageWithText(page, "Second, better.");
  }

  @Test
  @DisplayName("Esc closes the open thread panel from the timeline, not only from its reply box")
  void escClosesTheThreadPanel() throws Exception {
    Team team = team("Esc", "Ada Esc");
    Person ada = team.member(0);
    message(ada, team.id(), "Start a thread here.");
    ChromeDriver page = signedIn(ada, team.title());
    page.executeScript("arguments[0].querySelector('button[aria-label=\"Reply in thread\"]').click()",
        messageWithText(page, "Start a thread here."));
    shown(page, By.cssSelector("#thread-pane textarea"));

    page.findElement(By.id("message-input")).sendKeys(Keys.ESCAPE);

    waitFor(page, d -> !(Boolean) page.executeScript("return document.body.classList.contains('in-thread')"));
  }

  @Test
  @DisplayName("unread messages count in the tab title; a direct message while the tab is hidden raises a notification")
  void theTitleCountsAndADirectMessageNotifies() throws Exception {
    String tag = tag();
    Person ada = person("Ada Note " + tag, "en");
    Person bob = person("Bob Note " + tag, "en");
    String direct = direct(ada, bob);
    ChromeDriver bobPage = signedIn(bob);
    allowNotifications(bobPage);
    roomIdByTitle(bobPage, ada.name());
    recordNotificationsWhileHidden(bobPage);

    message(ada, direct, "Are you there?");

    waitFor(bobPage, d -> bobPage.getTitle().equals("(1) Confab"));
    waitFor(bobPage, d -> ((List<?>) bobPage.executeScript("return window.confabShown")).size() == 1);
    assertThat(bobPage.executeScript("return window.confabShown[0]"))
        .isEqualTo(Map.of("title", ada.name(), "body", "Are you there?"));
  }

  @Test
  @DisplayName("a muted room raises no notification and is left out of the title's count, and stays muted after a reload")
  void aMutedRoomIsQuiet() throws Exception {
    String tag = tag();
    Person ada = person("Ada Mute " + tag, "en");
    Person bob = person("Bob Mute " + tag, "en");
    String direct = direct(ada, bob);
    String group = "Loud " + tag;
    String groupId = group(ada, group, bob).getString("id");
    ChromeDriver bobPage = signedIn(bob);
    allowNotifications(bobPage);
    openRoom(bobPage, ada.name());
    click(bobPage, By.id("mute"));
    waitFor(bobPage, d -> "true".equals(d.findElement(By.id("mute")).getDomAttribute("aria-pressed")));
    openRoom(bobPage, group);
    recordNotificationsWhileHidden(bobPage);

    message(ada, direct, "Psst, muted.");
    message(ada, groupId, "Hello group.");

    waitFor(bobPage, d -> d.findElement(By.cssSelector("#room-list button.room-item[data-room='" + direct + "'] .badge")).getText().equals("1")
        && bobPage.getTitle().equals("(1) Confab"));
    assertThat((List<?>) bobPage.executeScript("return window.confabShown")).isEmpty();
    bobPage.navigate().refresh();
    openRoom(bobPage, ada.name());
    waitFor(bobPage, d -> d.findElement(By.id("mute")).getText().equals("Unmute"));
  }

  /** Opens the account dialog and gives it a face to upload (the file input hides behind the dialog's button). */
  private static void chooseAvatar(ChromeDriver page) throws Exception {
    click(page, By.id("account"));
    shown(page, By.id("avatar-upload"));
    WebElement input = page.findElement(By.id("avatar-file"));
    page.executeScript("arguments[0].hidden = false", input);
    input.sendKeys(face().toString());
  }

  private static void allowNotifications(ChromeDriver page) {
    page.executeCdpCommand("Browser.grantPermissions", Map.of("origin", url.replaceAll("/$", ""), "permissions", List.of("notifications")));
  }

  /** Notifications raised are recorded (the real one is made too), and the tab is taken for hidden. */
  private static void recordNotificationsWhileHidden(ChromeDriver page) {
    page.executeScript("window.confabShown = [];"
        + "const Real = window.Notification;"
        + "window.Notification = class extends Real { constructor(title, options) { super(title, options); window.confabShown.push({title, body: options.body}); } };"
        + "Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });");
  }
}
