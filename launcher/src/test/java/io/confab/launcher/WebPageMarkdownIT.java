package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** A message's Markdown as the other member sees it: drawn as elements, its raw HTML as text, nothing run. */
class WebPageMarkdownIT extends WebPageBase {

  private static final String RICH = "**Agenda** for _today_, see `make test`:\n\n"
      + "- the [guide](https://example.org/guide)\n- a quote:\n\n> ship it\n\n```\nmvn -B verify\n```";
  private static final String MARKUP = "<img src=x onerror=\"window.pwned='md'\"> **and** [x](javascript:window.pwned='link')";

  private static final By TEXT = By.cssSelector("#timeline li.msg .text");

  /** Bob's page with Ada's direct message {@code text} open. */
  private ChromeDriver bobReading(String text) throws Exception {
    Person ada = person("Ada Markdown " + tag(), "en");
    Person bob = person("Bob Markdown " + tag(), "en");
    String direct = direct(ada, bob);
    message(ada, direct, text);
    ChromeDriver page = signedIn(bob, ada.name());
    return page;
  }

  @Test
  @DisplayName("emphasis, code, a list, a quote and a link in a message render as such for the other member")
  void markdownRendersForTheOtherMember() throws Exception {
    ChromeDriver bobPage = bobReading(RICH);
    WebElement text = waitFor(bobPage, d -> d.findElement(TEXT));
    waitFor(bobPage, d -> !text.findElements(By.cssSelector("pre code")).isEmpty());
    assertThat(text.findElement(By.cssSelector("strong")).getText()).isEqualTo("Agenda");
    assertThat(text.findElement(By.cssSelector("em")).getText()).isEqualTo("today");
    assertThat(text.findElement(By.cssSelector("p code")).getText()).isEqualTo("make test");
    assertThat(text.findElements(By.cssSelector("ul > li"))).hasSize(2);
    assertThat(text.findElement(By.cssSelector("blockquote")).getText()).isEqualTo("ship it");
    assertThat(text.findElement(By.cssSelector("pre code")).getText()).isEqualTo("mvn -B verify");
    WebElement link = text.findElement(By.cssSelector("li a"));
    assertThat(link.getText()).isEqualTo("guide");
    assertThat(link.getDomProperty("href")).isEqualTo("https://example.org/guide");
    assertThat(link.getDomAttribute("rel")).contains("noopener").contains("noreferrer");
    assertThat(link.getDomAttribute("target")).isEqualTo("_blank");
    shot(bobPage, "markdown");
    assertThat(console(bobPage)).isEmpty();
  }

  @Test
  @DisplayName("an <img onerror> and a javascript: link in a Markdown message show as text, and nothing runs")
  void rawHtmlAndScriptLinksStayText() throws Exception {
    ChromeDriver bobPage = bobReading(MARKUP);
    WebElement text = waitFor(bobPage, d -> d.findElement(TEXT));
    waitFor(bobPage, d -> !text.findElements(By.cssSelector("strong")).isEmpty());
    assertThat(text.getText()).isEqualTo("<img src=x onerror=\"window.pwned='md'\"> and [x](javascript:window.pwned='link')");
    assertThat(text.findElements(By.cssSelector("img, a, script"))).as("no element made from the markup").isEmpty();
    assertThat(bobPage.executeScript("return window.pwned === undefined")).isEqualTo(true);
    assertThat(console(bobPage)).isEmpty();
  }
}
