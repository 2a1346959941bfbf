package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The chat view as people see it, light and dark, on a desktop and a 390 px phone: faces, Markdown, a
 * link preview and reactions in one room (the README's pictures of the whole screen).
 */
class WebPageScreensIT extends WebPageBase {

  private static final String BODY = "**Release notes** for _v1.1_:\n- threads and `search`\n- [the changelog](https://example.org/changes)\n\n> Ship it on Friday.";

  @RegisterExtension
  static final PreviewSite SITE = new PreviewSite();

  /** Ada (with a picture) and Bob (initials) in a group: Markdown, a link with its preview, two reactions. */
  private record Scene(Person ada, Person bob, String group) {
  }

  private static Scene scene() throws Exception {
    String tag = tag();
    String path = "/notes-" + tag;
    SITE.site().html(path, "<html><head><meta property='og:title' content='Confab 1.1 release notes'>"
        + "<meta property='og:description' content='Threads, search, Markdown, avatars and link previews, with the numbers behind them.'>"
        + "<meta property='og:site_name' content='Confab blog'></head></html>");
    Person ada = person("Ada Lovelace " + tag, "en");
    Person bob = person("Bob Babbage " + tag, "en");
    avatar(ada);
    String group = "Launch " + tag;
    String room = group(ada, group, bob).getString("id");
    message(ada, room, BODY);
    JsonObject link = message(bob, room, "Looks good. The write-up: " + SITE.site().url(path));
    JsonObject thanks = message(ada, room, "Thanks! I will post it after lunch.");
    HttpResponse<String> edited = send(HttpRequest.newBuilder(URI.create(url + "api/v1/rooms/" + room + "/messages/" + thanks.getString("id")))
        .header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(new JsonObject().put("text", "Thanks! I will post it in #general after lunch.").encode())),
        ada.token());
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
    for (String emoji : List.of("👍", "🎉")) {
      HttpResponse<String> reacted = post("api/v1/rooms/" + room + "/messages/" + link.getString("id") + "/reactions", ada.token(),
          new JsonObject().put("emoji", emoji));
      assertThat(reacted.statusCode()).as(reacted.body()).isEqualTo(204);
    }
    return new Scene(ada, bob, group);
  }

  /**
   * Bob's page on the room, once the face, the card and the reactions are drawn, checked and shot as
   * {@code <name>-light}, then {@code <name>-dark}.
   */
  private void showScene(ChromeDriver page, String name) throws Exception {
    Scene scene = scene();
    signIn(page, scene.bob().email());
    openRoom(page, scene.group());
    waitFor(page, d -> !d.findElements(By.cssSelector("#timeline img.avatar[data-user='" + scene.ada().id() + "']")).isEmpty()
        && !d.findElements(By.cssSelector("#timeline .preview-card")).isEmpty()
        && d.findElements(By.cssSelector("#timeline .reaction")).size() >= 2
        && !d.findElements(By.cssSelector("#timeline .edited")).isEmpty());
    assertNoHorizontalScroll(page);
    assertBodiesUnderNames(page);
    assertThat((Boolean) page.executeScript("const e = document.querySelector('#timeline .edited');"
        + "const p = e.previousElementSibling.getBoundingClientRect(); return e.getBoundingClientRect().bottom <= p.bottom + 2"))
        .as("(edited) ends the text's last line").isTrue();
    assertThat((Boolean) page.executeScript("const t = document.getElementById('room-title'); return t.scrollWidth <= t.clientWidth"))
        .as("the room's name whole in the header").isTrue();
    shot(page, name + "-light");
    dark(page);
    assertNoHorizontalScroll(page);
    shot(page, name + "-dark");
  }

  @Test
  @DisplayName("the chat view on a desktop, light and dark: faces, Markdown, a preview card and reactions, nothing clipped")
  void theDesktopChatView() throws Exception {
    showScene(open(1280, 800), "chat-desktop");
  }

  @Test
  @DisplayName("the chat view on a 390 px phone, light and dark: the room full screen, its name whole, no horizontal scroll")
  void thePhoneChatView() throws Exception {
    showScene(phone(390, 844), "chat-phone");
  }

  /** Each message's body starts where its sender's name does, the face in the margin beside them. */
  private static void assertBodiesUnderNames(ChromeDriver page) {
    @SuppressWarnings("unchecked")
    List<Number> offsets = (List<Number>) page.executeScript("return [...document.querySelectorAll('#timeline li.msg')].map(m =>"
        + " m.querySelector('.text').getBoundingClientRect().left - m.querySelector('.meta .sender').getBoundingClientRect().left)");
    assertThat(offsets).isNotEmpty().allSatisfy(offset -> assertThat(Math.abs(offset.doubleValue())).isLessThan(1.5));
  }

  /** PUT /api/v1/me/avatar with {@link #face()}, as the account dialog sends it. */
  private static void avatar(Person person) throws Exception {
    String boundary = "face" + System.nanoTime();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"face.png\"\r\n"
        + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    HttpResponse<String> set = send(HttpRequest.newBuilder(URI.create(url + "api/v1/me/avatar"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .PUT(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
            HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(face())), HttpRequest.BodyPublishers.ofByteArray(tail))),
        person.token());
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
  }
}
