package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** What people write is shown as text, never run: markup in messages and names, links, the page's CSP. */
class WebPageSafetyIT extends WebPageBase {

  private static final String NAME_MARKUP = "<img src=x onerror=\"window.pwned='name'\">";
  private static final String TEXT_MARKUP = "<script>window.pwned='script'</script><img src=x onerror=\"window.pwned='text'\"> <b>bold?</b>";

  @Test
  @DisplayName("markup in a message and in a display name (<script>, <img onerror>) shows as text everywhere and never runs")
  void markupShowsAsText() throws Exception {
    Person ada = person(NAME_MARKUP, "en");
    Person bob = person("Bob Safe " + tag(), "en");
    String direct = direct(ada, bob);
    message(ada, direct, TEXT_MARKUP);
    ChromeDriver bobPage = signedIn(bob);

    openRoom(bobPage, NAME_MARKUP);
    waitForTimeline(bobPage, List.of(TEXT_MARKUP));
    assertThat(bobPage.findElement(By.cssSelector("#timeline li.msg .sender")).getText()).isEqualTo(NAME_MARKUP);
    assertThat(bobPage.findElement(By.cssSelector("#room-list button.room-item .room-preview")).getText()).isEqualTo(TEXT_MARKUP);
    assertThat(bobPage.findElements(By.cssSelector("#timeline img, #timeline script, #timeline b, #room-list img, #room-title *")))
        .as("no element made from what people wrote").isEmpty();
    assertThat(bobPage.executeScript("return window.pwned === undefined")).isEqualTo(true);
  }

  @Test
  @DisplayName("http(s) links in a message are clickable, open in a new tab with rel=noopener; javascript: and data: are not links")
  void onlyWebLinksAreClickable() throws Exception {
    Person ada = person("Ada Links " + tag(), "en");
    String text = "Docs at https://example.org/guide?x=1&y=2, not javascript:alert(1) nor data:text/html,hi"
        + " nor <a href=\"javascript:alert(2)\">here</a>; also http://example.com.";
    message(ada, room(ada, new JsonObject().put("kind", "self")).getString("id"), text);
    ChromeDriver page = signedIn(ada, "Notes to self");
    waitForTimeline(page, List.of(text));

    List<WebElement> links = page.findElements(By.cssSelector("#timeline li.msg .text a"));
    assertThat(links.stream().map(a -> a.getDomProperty("href")))
        .containsExactly("https://example.org/guide?x=1&y=2", "http://example.com/");
    assertThat(links.stream().map(a -> a.getText())).containsExactly("https://example.org/guide?x=1&y=2", "http://example.com");
    for (WebElement link : links) {
      assertThat(link.getDomAttribute("rel")).contains("noopener");
      assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
    }
  }

  @Test
  @DisplayName("the page is served with a Content-Security-Policy that allows scripts from the page's origin only, never inline")
  void thePageForbidsInlineScripts() throws Exception {
    HttpResponse<String> page = get("", null);
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(policy).contains("default-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.body()).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
  }
}
