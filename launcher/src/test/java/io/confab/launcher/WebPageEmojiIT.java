package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** A room's custom emoji: an admin uploads one, another member sees it live in text and as a reaction. */
class WebPageEmojiIT extends WebPageBase {

  private static final String NAME = "party_parrot";
  private static final By IN_TEXT = By.cssSelector("#timeline li.msg .text img.custom-emoji[data-emoji-name='" + NAME + "']");
  private static final By CHIP = By.cssSelector("#timeline .reaction[data-emoji=':" + NAME + ":']");

  @Test
  @DisplayName("an admin uploads an emoji in the members dialog; the other member's open page gets it, types it with :, sees it in text and reacts with it")
  void anUploadedEmojiIsUsedByAnotherMember() throws Exception {
    Team team = team("Emoji", "Ada Emoji", "Bob Emoji");
    Person ada = team.member(0);
    Person bob = team.member(1);
    message(ada, team.id(), "Welcome to the team :" + NAME + ":");
    ChromeDriver bobPage = signedIn(bob, team.title());
    waitForTimeline(bobPage, List.of("Welcome to the team :" + NAME + ":"));

    ChromeDriver adaPage = signedIn(ada, team.title());
    click(adaPage, By.id("members"));
    shown(adaPage, By.id("emoji-name")).sendKeys(NAME);
    WebElement file = adaPage.findElement(By.id("emoji-file"));
    adaPage.executeScript("arguments[0].hidden = false", file);
    file.sendKeys(picture().toString());
    waitFor(adaPage, d -> !d.findElements(By.cssSelector(".emoji-settings img.custom-emoji[data-emoji-name='" + NAME + "']")).isEmpty());
    // The same name again is refused in words, and the list keeps the first.
    adaPage.findElement(By.id("emoji-name")).sendKeys(NAME);
    file.sendKeys(picture().toString());
    waitFor(adaPage, d -> d.findElement(By.id("dialog-error")).getText()
        .equals("This room already has an emoji of that name: remove it first, or choose another name."));
    assertThat(adaPage.findElements(By.cssSelector(".emoji-settings .emoji-row"))).hasSize(1);
    click(adaPage, By.id("dialog-cancel"));

    // The message sent before the upload is redrawn with the picture once the room's list changes.
    waitFor(bobPage, d -> !d.findElements(IN_TEXT).isEmpty());
    WebElement input = bobPage.findElement(By.id("message-input"));
    input.sendKeys("Look :party");
    waitFor(bobPage, d -> !d.findElements(By.cssSelector(".mention-choice[data-emoji-name='" + NAME + "']")).isEmpty());
    input.sendKeys(Keys.TAB);
    assertThat(input.getDomProperty("value")).isEqualTo("Look :" + NAME + ": ");
    input.sendKeys("and `:" + NAME + ":` in code", Keys.ENTER);
    WebElement sent = waitFor(bobPage, d -> d.findElement(By.xpath("//*[@id='timeline']//li[contains(@class,'msg')][.//code]")));
    waitFor(bobPage, d -> sent.findElements(By.cssSelector("img.custom-emoji")).size() == 1
        && sent.findElement(By.cssSelector("code")).getText().equals(":" + NAME + ":"));

    // As a keyboard user does: the message's actions show while one of them has the focus.
    bobPage.executeScript("arguments[0].querySelector('button[aria-label=\"Add reaction\"]').focus()", sent);
    bobPage.switchTo().activeElement().sendKeys(Keys.ENTER);
    waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline .quick-picker .pick[data-emoji=':" + NAME + ":']"))).sendKeys(Keys.SPACE);
    waitFor(adaPage, d -> !d.findElements(CHIP).isEmpty() && !d.findElement(CHIP).findElements(By.cssSelector("img.custom-emoji")).isEmpty());
    waitFor(bobPage, d -> "true".equals(d.findElement(CHIP).getDomAttribute("aria-pressed")));
    Number width = (Number) bobPage.executeScript("const img = document.querySelector(arguments[0]); return img.complete ? img.naturalWidth : 0",
        "#timeline .reaction img.custom-emoji");
    assertThat(width.intValue()).isEqualTo(64);
    shot(bobPage, "emoji");
    assertNoRefusedFrames(adaPage, bobPage);
    assertThat(console(bobPage)).isEmpty();
  }

  /** A parrot-ish picture: green on orange, not square (the server cuts its centre). */
  private static Path picture() throws Exception {
    Path picture = Files.createTempFile("confab-emoji", ".png");
    BufferedImage image = new BufferedImage(120, 100, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0xff9800));
    g.fillOval(10, 0, 100, 100);
    g.setColor(new Color(0x2e7d32));
    g.fillOval(35, 20, 50, 60);
    g.setColor(Color.WHITE);
    g.fillOval(62, 32, 14, 14);
    g.dispose();
    ImageIO.write(image, "png", picture.toFile());
    return picture;
  }
}
