package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.TestSite;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** Link previews in the page (v1.1): a site on the one loopback port the shared node allows. */
class WebPagePreviewsIT extends WebPageBase {

  private static final By CARD = By.cssSelector("#timeline .preview-card");

  @RegisterExtension
  static final PreviewSite SITE = new PreviewSite();

  @Test
  @DisplayName("a link's preview arrives as a card under the message: site, title, description, the link opened with noopener noreferrer")
  void aLinksPreviewShowsAsACard() throws Exception {
    String tag = tag();
    String path = "/engine-" + tag;
    TestSite site = SITE.site();
    site.html(path, "<html><head><title>ignored</title><meta property='og:title' content='Analytical Engine'>"
        + "<meta property='og:description' content='A proposed mechanical general-purpose computer designed by Charles Babbage.'>"
        + "<meta property='og:site_name' content='Wikipedia'><script>document.title='x'</script></head></html>");
    Person ada = person("Ada Links " + tag, "en");
    Person bob = person("Bob Links " + tag, "en");
    String group = "Links " + tag;
    String room = group(ada, group, bob).getString("id");
    ChromeDriver bobPage = signedIn(bob);
    openRoom(bobPage, group);

    message(ada, room, "Notes on " + site.url(path));

    WebElement card = waitFor(bobPage, d -> d.findElements(CARD).isEmpty() ? null : d.findElement(CARD));
    assertThat(card.findElement(By.className("preview-site")).getText()).isEqualTo("Wikipedia");
    assertThat(card.findElement(By.className("preview-title")).getText()).isEqualTo("Analytical Engine");
    assertThat(card.findElement(By.className("preview-description")).getText()).startsWith("A proposed mechanical");
    assertThat(card.getDomAttribute("href")).isEqualTo(site.url(path));
    assertThat(card.getDomAttribute("rel")).isEqualTo("noopener noreferrer");
    assertThat(card.getDomAttribute("target")).isEqualTo("_blank");
    assertThat(site.hits(path)).isEqualTo(1);
    shot(bobPage, "link-preview");
    assertNoRefusedFrames(bobPage);
  }
}
