package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.testing.Browser;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A page load leaves the browser's console empty: no failed request (an icon, a probe of what the
 * platform offers), no error, no warning, nothing logged. And what every page test checks after it
 * ({@link WebPageBase#assertThrewNothing}) sees the page throw: in a bus handler, or a promise nobody handled.
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

  @Test
  @DisplayName("a TypeError thrown in a live event's bus handler fails the page test")
  void aTypeErrorInABusHandlerFailsThePageTest() throws Exception {
    Person ada = person("Ada Throws " + tag(), "en");
    Person bob = person("Bob Throws " + tag(), "en");
    String name = "Throws " + tag();
    String roomId = group(ada, name, bob).getString("id");
    ChromeDriver browser = Browser.open(); // not the base's: its check must not fail this test
    try {
      signIn(browser, ada.email());
      openRoom(browser, name);
      settled(browser);
      // Each new message asks for the notification permission in the user stream's handler: it throws now.
      browser.executeScript("Object.defineProperty(Notification, 'permission', { get() { throw new TypeError('permission is broken') } })");

      message(bob, roomId, "Hola, Ada");

      waitFor(browser, d -> !pageErrors(browser).isEmpty());
      assertThat(pageErrors(browser)).singleElement().asString().contains("Uncaught TypeError: permission is broken");
      assertThatThrownBy(() -> assertThrewNothing(List.of(browser))).hasMessageContaining("permission is broken");
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName("a promise rejected with no handler fails the page test")
  void aPromiseRejectedUnhandledFailsThePageTest() {
    ChromeDriver browser = Browser.open();
    try {
      browser.get(url);
      settled(browser);

      browser.executeScript("Promise.reject(new Error('nobody handled this'))");

      waitFor(browser, d -> !pageErrors(browser).isEmpty());
      assertThatThrownBy(() -> assertThrewNothing(List.of(browser))).hasMessageContaining("Uncaught (in promise)")
          .hasMessageContaining("nobody handled this");
    } finally {
      browser.quit();
    }
  }
}
