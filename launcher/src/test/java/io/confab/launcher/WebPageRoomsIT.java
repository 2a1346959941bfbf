package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Rooms through the page: the sidebar, channels, members, unread state and the read marker. */
class WebPageRoomsIT extends WebPageBase {

  @Test
  @DisplayName("a channel found with Browse channels is joined and read, and what one says there reaches the others")
  void aChannelIsFoundAndJoined() throws Exception {
    String tag = tag();
    Person ada = person("Ada Ch " + tag, "en");
    Person bob = person("Bob Ch " + tag, "en");
    String channel = "lobby-" + tag;
    String id = room(ada, new JsonObject().put("kind", "channel").put("name", channel)).getString("id");
    message(ada, id, "Welcome to the lobby.");
    ChromeDriver adaPage = signedIn(ada, channel);
    ChromeDriver bobPage = signedIn(bob);

    bobPage.findElement(By.id("browse")).click();
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#dialog input[type=search]"))).sendKeys(channel);
    click(bobPage, By.cssSelector("#dialog button[aria-label='Join " + channel + "']"));
    waitFor(bobPage, d -> d.findElement(By.id("room-title")).getText().equals(channel));
    waitForTimeline(bobPage, List.of("Welcome to the lobby."));
    send(bobPage, "Thanks, glad to be here.");
    waitForTimeline(adaPage, List.of("Welcome to the lobby.", "Thanks, glad to be here."));
    waitFor(adaPage, d -> d.findElement(By.id("room-sub")).getText().equals("2 members"));
  }

  @Test
  @DisplayName("a new group is made in the page with members picked by name search, and it appears in their sidebar at once")
  void aGroupIsMadeWithPickedMembers() throws Exception {
    String tag = tag();
    Person ada = person("Ada Maker " + tag, "en");
    Person bob = person("Bob Picked " + tag, "en");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);

    adaPage.findElement(By.id("new-group")).click();
    WebElement dialog = shown(adaPage, By.id("dialog"));
    dialog.findElement(By.name("name")).sendKeys("Pictures " + tag);
    dialog.findElement(By.cssSelector("input[type=search]")).sendKeys(bob.name());
    click(adaPage, By.cssSelector("#dialog button.result[data-user='" + bob.id() + "']"));
    waitFor(adaPage, d -> d.findElement(By.cssSelector("#dialog .chips .chip")).getText().startsWith(bob.name()));
    adaPage.findElement(By.id("dialog-ok")).click();
    waitFor(adaPage, d -> d.findElement(By.id("room-title")).getText().equals("Pictures " + tag));
    assertThat(adaPage.findElement(By.id("room-sub")).getText()).isEqualTo("2 members");
    send(adaPage, "Welcome, Bob.");

    openRoom(bobPage, "Pictures " + tag);
    waitForTimeline(bobPage, List.of("Welcome, Bob."));
  }

  @Test
  @DisplayName("an admin adds someone found by name from the members panel, and the room appears in their sidebar at once")
  void anAdminAddsAMember() throws Exception {
    String tag = tag();
    Person ada = person("Ada Admin " + tag, "en");
    Person bob = person("Bob Added " + tag, "en");
    String group = "Planning " + tag;
    message(ada, group(ada, group).getString("id"), "Agenda: the engine.");
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, group);

    adaPage.findElement(By.id("members")).click();
    waitFor(adaPage, d -> d.findElements(By.cssSelector("#dialog .channel-row")).size() == 1);
    adaPage.findElement(By.cssSelector("#dialog input[type=search]")).sendKeys(bob.name());
    click(adaPage, By.cssSelector("#dialog button.result[data-user='" + bob.id() + "']"));
    waitFor(adaPage, d -> d.findElements(By.cssSelector("#dialog .channel-row")).size() == 2);
    assertThat(adaPage.findElements(By.cssSelector("#dialog button[aria-label='Remove " + bob.name() + "']"))).hasSize(1);

    openRoom(bobPage, group);
    waitForTimeline(bobPage, List.of("Agenda: the engine."));
    assertThat(bobPage.findElement(By.id("room-sub")).getText()).isEqualTo("2 members");
  }

  @Test
  @DisplayName("an admin removes a member from the members panel: the room leaves their sidebar at once")
  void anAdminRemovesAMember() throws Exception {
    Team team = team("Removal", "Ada Remover", "Bob Removed");
    Person ada = team.member(0);
    Person bob = team.member(1);
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, team.title());
    openRoom(bobPage, team.title());

    adaPage.findElement(By.id("members")).click();
    click(adaPage, By.cssSelector("#dialog button[aria-label='Remove " + bob.name() + "']"));
    waitFor(adaPage, d -> d.findElements(By.cssSelector("#dialog .channel-row")).size() == 1);
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#room-list button.room-item")).isEmpty());
    assertThat(bobPage.findElement(By.id("room-view")).isDisplayed()).isFalse();
    adaPage.findElement(By.id("dialog-cancel")).click();
    waitFor(adaPage, d -> d.findElement(By.id("room-sub")).getText().equals("1 member"));
  }

  @Test
  @DisplayName("a member leaves a group from the members panel: it leaves their sidebar, and the others see one member fewer")
  void aMemberLeaves() throws Exception {
    Team team = team("Leaving", "Ada Stay", "Bob Leave");
    Person ada = team.member(0);
    Person bob = team.member(1);
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, team.title());
    waitFor(adaPage, d -> d.findElement(By.id("room-sub")).getText().equals("2 members"));
    openRoom(bobPage, team.title());

    bobPage.findElement(By.id("members")).click();
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#dialog button.danger"))).click();
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#room-list button.room-item")).isEmpty());
    assertThat(bobPage.findElement(By.id("room-view")).isDisplayed()).isFalse();
    waitFor(adaPage, d -> d.findElement(By.id("room-sub")).getText().equals("1 member"));
  }

  @Test
  @DisplayName("unread badges count per room across a direct room, a group and a channel, live and after a reload, each with its last message, and opening one clears only its own")
  void unreadBadgesAcrossRooms() throws Exception {
    String tag = tag();
    Person ada = person("Ada Many " + tag, "en");
    Person bob = person("Bob Many " + tag, "en");
    ChromeDriver bobPage = signedIn(bob);
    String direct = direct(ada, bob);
    String group = group(ada, "Group " + tag, bob).getString("id");
    String channel = room(ada, new JsonObject().put("kind", "channel").put("name", "chan-" + tag)).getString("id");
    assertThat(post("api/v1/rooms/" + channel + "/join", bob.token(), new JsonObject()).statusCode()).isEqualTo(204);
    message(ada, direct, "Direct one");
    message(ada, direct, "Direct two");
    message(ada, group, "Group one");
    message(ada, channel, "Channel one");
    message(ada, channel, "Channel two");
    message(ada, channel, "Channel three");

    Map<String, String> expected = Map.of(direct, "2", group, "1", channel, "3");
    waitFor(bobPage, d -> badges(bobPage).equals(expected));
    assertThat(preview(bobPage, direct)).isEqualTo("Direct two");
    assertThat(preview(bobPage, channel)).isEqualTo(ada.name() + ": Channel three");

    // After a reload with nothing cached, the server's counts, last messages and names show the same.
    bobPage.executeScript("Object.keys(localStorage).filter(k => k !== 'confab.session').forEach(k => localStorage.removeItem(k))");
    bobPage.navigate().refresh();
    waitFor(bobPage, d -> badges(bobPage).equals(expected));
    waitFor(bobPage, d -> preview(bobPage, group).equals(ada.name() + ": Group one"));
    assertThat(preview(bobPage, direct)).isEqualTo("Direct two");
    waitFor(bobPage, d -> roomIdByTitle(bobPage, ada.name()).equals(direct));
    shot(bobPage, "unread-badges");

    openRoom(bobPage, "Group " + tag);
    waitFor(bobPage, d -> badges(bobPage).equals(Map.of(direct, "2", channel, "3")));
  }

  @Test
  @DisplayName("a direct room is titled with the other person's name before anyone has written in it")
  void aDirectRoomIsNamedBeforeAnyMessage() throws Exception {
    String tag = tag();
    Person ada = person("Ada Direct " + tag, "en");
    Person bob = person("Bob Direct " + tag, "en");
    direct(ada, bob);
    ChromeDriver bobPage = signedIn(bob, ada.name());
    assertThat(bobPage.findElements(By.cssSelector("#timeline li.msg"))).isEmpty();
  }

  @Test
  @DisplayName("a room opened with unread messages shows a 'New messages' divider above the first unread one, and the read marker moves to the newest")
  void theNewMessagesDividerMarksTheFirstUnread() throws Exception {
    String tag = tag();
    Person ada = person("Ada Div " + tag, "en");
    Person bob = person("Bob Div " + tag, "en");
    String group = group(ada, "Divider " + tag, bob).getString("id");
    for (int i = 1; i <= 5; i++) {
      message(ada, group, "Line " + i);
    }
    assertThat(post("api/v1/rooms/" + group + "/read", bob.token(), new JsonObject().put("seq", 2)).statusCode()).isEqualTo(204);
    ChromeDriver bobPage = signedIn(bob);
    waitFor(bobPage, d -> badges(bobPage).equals(Map.of(group, "3")));
    openRoom(bobPage, "Divider " + tag);
    waitForTimeline(bobPage, List.of("Line 1", "Line 2", "Line 3", "Line 4", "Line 5"));

    WebElement divider = bobPage.findElement(By.cssSelector("#timeline li.new-divider"));
    assertThat(divider.getText()).isEqualToIgnoringCase("New messages");
    assertThat(bobPage.executeScript("return arguments[0].nextElementSibling.dataset.seq", divider)).isEqualTo("3");
    assertThat(bobPage.executeScript("return arguments[0].previousElementSibling.dataset.seq", divider)).isEqualTo("2");
    waitFor(bobPage, d -> {
      try {
        return readSeq(bob, group) == 5;
      } catch (Exception e) {
        return false;
      }
    });
    shot(bobPage, "new-messages");
  }

  private static long readSeq(Person person, String roomId) throws Exception {
    return new JsonArray(get("api/v1/rooms", person.token()).body()).stream().map(JsonObject.class::cast)
        .filter(room -> roomId.equals(room.getString("id"))).findFirst().orElseThrow().getLong("readSeq");
  }

  /** The sidebar's unread badges by room id. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> badges(ChromeDriver page) {
    return (Map<String, String>) page.executeScript("return Object.fromEntries([...document.querySelectorAll('#room-list button.room-item')]"
        + ".filter(b => b.querySelector('.badge')).map(b => [b.dataset.room, b.querySelector('.badge').textContent]))");
  }

  private static String preview(ChromeDriver page, String roomId) {
    return (String) page.executeScript("const p = document.querySelector('#room-list button.room-item[data-room=\"' + arguments[0] + '\"] .room-preview');"
        + " return p ? p.textContent : ''", roomId);
  }
}
