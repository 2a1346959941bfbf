package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Files and translation through the page, in a group of Ada (English) and Bob (Spanish): attach by
 * button, paste or drop, progress, refusals in words, thumbnails and download links, translations.
 */
class WebPageFilesIT extends WebPageBase {

  private Person ada;
  private Person bob;
  private String group;

  @BeforeEach
  void aGroupOfTwo() throws Exception {
    String tag = tag();
    ada = person("Ada Files " + tag, "en");
    bob = person("Bob Files " + tag, "es");
    group = "Files " + tag;
    group(ada, group, bob);
  }

  @Test
  @DisplayName("an image attached with the button shows as a thumbnail for the other, and opens full size; Escape closes it")
  void anImageShowsAsAThumbnail() throws Exception {
    ChromeDriver adaPage = inTheGroup(ada);
    ChromeDriver bobPage = inTheGroup(bob);
    attach(adaPage, picture());
    waitFor(bobPage, d -> Boolean.TRUE.equals(bobPage.executeScript(
        "const img = document.querySelector('#timeline .thumb img'); return !!img && img.complete && img.naturalWidth > 0")));

    click(bobPage, By.cssSelector("#timeline button.thumb"));
    WebElement full = waitFor(bobPage, d -> d.findElement(By.cssSelector("#dialog img.full-image")));
    waitFor(bobPage, d -> Boolean.TRUE.equals(bobPage.executeScript("return arguments[0].complete && arguments[0].naturalWidth === 320", full)));
    new org.openqa.selenium.interactions.Actions(bobPage).sendKeys(Keys.ESCAPE).perform();
    waitFor(bobPage, d -> !d.findElement(By.id("dialog")).isDisplayed());
  }

  @Test
  @DisplayName("Translate shows the Spanish text under the original, with the engine's name")
  void aMessageIsTranslated() throws Exception {
    ChromeDriver bobPage = inTheGroup(bob);
    ChromeDriver adaPage = inTheGroup(ada);
    attach(adaPage, picture());
    send(adaPage, "Hello, how are you?");
    WebElement hello = messageWithText(bobPage, "Hello, how are you?");
    // The button comes once the page knows translation is offered (GET /features), which may answer after the message shows.
    WebElement translate = waitFor(bobPage, d -> hello.findElement(By.cssSelector("button[aria-label='Translate message']")));
    bobPage.executeScript("arguments[0].click()", translate);
    WebElement translation = waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline .translation")));
    assertThat(translation.getText()).containsIgnoringCase("hola").contains("translated by");
    assertThat(translation.getDomAttribute("lang")).isEqualTo("es");
    waitFor(bobPage, d -> Boolean.TRUE.equals(bobPage.executeScript(
        "const img = document.querySelector('#timeline .thumb img'); return !!img && img.complete && img.naturalWidth > 0")));
    shot(bobPage, "image-translation");
  }

  @Test
  @DisplayName("the account dialog's language picker lists the languages translation offers")
  void theLanguagePickerListsTheOfferedLanguages() throws Exception {
    ChromeDriver bobPage = inTheGroup(bob);
    bobPage.findElement(By.id("account")).click();
    WebElement picker = waitFor(bobPage, d -> d.findElement(By.cssSelector("#dialog select[aria-label^='Your language']")));
    List<String> codes = picker.findElements(By.tagName("option")).stream().map(o -> o.getDomProperty("value")).toList();
    assertThat(codes).contains("en", "es");
    assertThat(picker.getDomProperty("value")).isEqualTo("es");
  }

  @Test
  @DisplayName("a text file shows as a download link with its name and size, and the link downloads its bytes")
  void aTextFileIsADownloadLink() throws Exception {
    Path notes = Files.createTempDirectory("confab-upload").resolve("notes.txt");
    Files.writeString(notes, "The engine weaves algebraic patterns.\n".repeat(30));
    ChromeDriver adaPage = inTheGroup(ada);
    ChromeDriver bobPage = inTheGroup(bob);
    attach(adaPage, notes);
    WebElement link = waitFor(bobPage, d -> d.findElement(By.cssSelector("#timeline .file-link")));
    assertThat(link.getText()).isEqualTo("notes.txt (1.1 KB)");

    Path downloads = Files.createTempDirectory("confab-downloads");
    bobPage.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    link.click();
    Path downloaded = downloads.resolve("notes.txt");
    waitFor(bobPage, d -> Files.exists(downloaded));
    waitFor(bobPage, d -> {
      try {
        return Files.readString(downloaded).equals(Files.readString(notes));
      } catch (java.io.IOException e) {
        return false;
      }
    });
  }

  @Test
  @DisplayName("a file pasted into the message box is uploaded and sent")
  void aPastedFileIsSent() throws Exception {
    ChromeDriver adaPage = inTheGroup(ada);
    adaPage.executeScript("const dt = new DataTransfer();"
        + "dt.items.add(new File(['Pasted from the clipboard.'], 'pasted.txt', {type: 'text/plain'}));"
        + "document.getElementById('message-input').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}))");
    WebElement link = waitFor(adaPage, d -> d.findElement(By.cssSelector("#timeline li.msg:not(.pending) .file-link")));
    assertThat(link.getText()).isEqualTo("pasted.txt (26 B)");
  }

  @Test
  @DisplayName("a file dropped on the conversation is uploaded and sent")
  void aDroppedFileIsSent() throws Exception {
    ChromeDriver adaPage = inTheGroup(ada);
    adaPage.executeScript("const dt = new DataTransfer();"
        + "dt.items.add(new File(['Dropped on the room.'], 'dropped.txt', {type: 'text/plain'}));"
        + "const pane = document.getElementById('room-pane');"
        + "pane.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));"
        + "pane.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}))");
    WebElement link = waitFor(adaPage, d -> d.findElement(By.cssSelector("#timeline li.msg:not(.pending) .file-link")));
    assertThat(link.getText()).isEqualTo("dropped.txt (20 B)");
  }

  @Test
  @DisplayName("an upload shows its progress while it goes (on a slow network), then the message")
  void anUploadShowsProgress() throws Exception {
    Path big = Files.createTempDirectory("confab-upload").resolve("chapter.txt");
    Files.writeString(big, "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n".repeat(8_000), StandardCharsets.UTF_8);
    ChromeDriver adaPage = inTheGroup(ada);
    adaPage.executeScript("window.progressSeen = [];"
        + "setInterval(() => { const p = document.querySelector('#uploads progress'); if (p) window.progressSeen.push(p.value); }, 20)");
    adaPage.executeCdpCommand("Network.enable", Map.of());
    adaPage.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 20, "downloadThroughput", -1, "uploadThroughput", 150_000));
    attach(adaPage, big);
    waitFor(adaPage, Duration.ofSeconds(40), d -> d.findElement(By.cssSelector("#timeline li.msg:not(.pending) .file-link")));
    List<?> seen = (List<?>) adaPage.executeScript("return window.progressSeen");
    assertThat(seen.stream().map(v -> ((Number) v).doubleValue())).as("progress values seen").anyMatch(v -> v > 0 && v < 100);
    assertThat(adaPage.findElements(By.cssSelector("#uploads .upload-row"))).as("the row goes once sent").isEmpty();
  }

  @Test
  @DisplayName("a file over 10 MB is refused in words, and nothing is sent")
  void aTooLargeFileIsRefusedPlainly() throws Exception {
    Path huge = Files.createTempDirectory("confab-upload").resolve("huge.txt");
    Files.write(huge, new byte[10 * 1024 * 1024 + 1]);
    ChromeDriver adaPage = inTheGroup(ada);
    attach(adaPage, huge);
    WebElement error = waitFor(adaPage, d -> d.findElement(By.cssSelector("#uploads .upload-row.failed .error")));
    assertThat(error.getText()).isEqualTo("huge.txt is too large: files can be at most 10 MB.");
    assertThat(adaPage.findElements(By.cssSelector("#timeline li.msg"))).isEmpty();
    adaPage.findElement(By.cssSelector("#uploads .upload-row.failed button")).click();
    waitFor(adaPage, d -> d.findElements(By.cssSelector("#uploads .upload-row")).isEmpty());
  }

  @Test
  @DisplayName("a file of a type the platform refuses (a zip named .png) is refused in words, naming what is accepted")
  void aFileOfAnotherTypeIsRefusedPlainly() throws Exception {
    Path fake = Files.createTempDirectory("confab-upload").resolve("holiday.png");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(fake))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("inside.txt"));
      zip.write("not a picture".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    ChromeDriver adaPage = inTheGroup(ada);
    attach(adaPage, fake);
    WebElement error = waitFor(adaPage, d -> d.findElement(By.cssSelector("#uploads .upload-row.failed .error")));
    assertThat(error.getText()).isEqualTo("holiday.png cannot be sent: only pictures (PNG, JPEG, GIF, WebP), PDF and plain-text files can.");
    shot(adaPage, "upload-refused");
    assertThat(adaPage.findElements(By.cssSelector("#timeline li.msg"))).isEmpty();
  }

  /** A page signed in as {@code person}, in the group, once the platform says uploads work. */
  private ChromeDriver inTheGroup(Person person) {
    ChromeDriver page = signedIn(person);
    waitFor(page, d -> String.valueOf(d.findElement(By.tagName("body")).getDomAttribute("class")).contains("has-uploads"));
    openRoom(page, group);
    return page;
  }

  /** Chooses a file with the attach button's file input. */
  private static void attach(ChromeDriver page, Path file) {
    WebElement input = page.findElement(By.id("file-input"));
    page.executeScript("arguments[0].hidden = false", input);
    input.sendKeys(file.toString());
    page.executeScript("arguments[0].hidden = true", input);
  }

  private static Path picture() throws Exception {
    Path picture = Files.createTempFile("confab-picture", ".png");
    BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2457c5));
    g.fillRect(0, 0, 320, 200);
    g.setColor(Color.ORANGE);
    g.fillOval(100, 40, 120, 120);
    g.dispose();
    ImageIO.write(image, "png", picture.toFile());
    return picture;
  }
}
