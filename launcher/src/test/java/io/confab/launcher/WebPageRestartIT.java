package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The platform's process stopped and started again on the same data dir and ports, under open pages:
 * they reconnect by themselves, and nothing is lost or doubled. It restarts the shared platform, which
 * the other page tests then go on using as before.
 */
class WebPageRestartIT extends WebPageBase {

  private static final Duration BACK = Duration.ofSeconds(90);

  @Test
  @DisplayName("after a server restart the pages reconnect by themselves, a message typed while it was down is sent exactly once, and live delivery goes on")
  void pagesComeBackAfterAServerRestart() throws Exception {
    Assumptions.assumeTrue(node != null, "the platform is not this run's to restart");
    String tag = tag();
    Person ada = person("Ada Restart " + tag, "en");
    Person bob = person("Bob Restart " + tag, "en");
    String direct = direct(ada, bob);
    ChromeDriver adaPage = signedIn(ada);
    ChromeDriver bobPage = signedIn(bob);
    openRoom(adaPage, bob.name());
    openRoom(bobPage, ada.name());
    send(adaPage, "Before the restart.");
    waitForTimeline(bobPage, List.of("Before the restart."));

    node.stop();
    waitFor(bobPage, d -> d.findElement(By.id("offline-banner")).isDisplayed());
    waitFor(adaPage, d -> d.findElement(By.id("offline-banner")).isDisplayed());
    send(bobPage, "Typed while the server was down.");
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).size() == 1);

    node.start();
    List<String> expected = List.of("Before the restart.", "Typed while the server was down.");
    waitFor(bobPage, BACK, d -> !d.findElement(By.id("offline-banner")).isDisplayed());
    waitFor(adaPage, BACK, d -> !d.findElement(By.id("offline-banner")).isDisplayed());
    waitForTimeline(bobPage, expected);
    waitFor(bobPage, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).isEmpty());
    waitForTimeline(adaPage, expected);
    assertThat(history(ada, direct).stream().map(m -> ((JsonObject) m).getString("text")).toList())
        .as("stored exactly once").containsExactlyElementsOf(expected);

    send(adaPage, "After the restart.");
    waitForTimeline(bobPage, List.of("Before the restart.", "Typed while the server was down.", "After the restart."));
    assertThat(seqs(bobPage)).containsExactly("1", "2", "3");
  }
}
