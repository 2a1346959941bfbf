package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page load leaves the browser's console empty: no failed request (an icon, a probe of what the
 * platform offers), no error, no warning, nothing logged.
 */
class WebPageConsoleIT extends WebPageBase {

  /** Loaded, and the bridge open. */
  private static void settled(ChromeDriver browser) {
    waitFor(browser, d -> "open".equals(d.findElement(By.id("connection")).getDomAttribute("data-state"))
        && "complete".equals(browser.executeScript("return document.readyState")));
  }

  @Test
  @DisplayName("signed out, loading the page logs nothing in the console")
  void aSignedOutLoadLeavesTheConsoleEmpty() {
    ChromeDriver browser = open(1280, 800);
    browser.get(url);
    shown(browser, By.id("signin-form"));
    settled(browser);

    assertThat(console(browser)).isEmpty();
  }

  @Test
  @DisplayName("signed in with a room open (uploads and translation offered), the console stays empty")
  void aSignedInLoadWithARoomOpenLeavesTheConsoleEmpty() throws Exception {
    Person ada = person("Ada Console " + tag(), "en");
    Person bob = person("Bob Console " + tag(), "es");
    String name = "Console " + tag();
    message(bob, group(ada, name, bob).getString("id"), "Hola, Ada");
    ChromeDriver browser = signedIn(ada);
    openRoom(browser, name);
    waitForTimeline(browser, List.of("Hola, Ada"));
    waitFor(browser, d -> (Boolean) browser.executeScript(
        "return document.body.classList.contains('has-uploads') && document.body.classList.contains('has-translate')"));
    settled(browser);

    browser.navigate().refresh();
    waitForTimeline(browser, List.of("Hola, Ada"));
    settled(browser);

    assertThat(console(browser)).isEmpty();
  }
}
