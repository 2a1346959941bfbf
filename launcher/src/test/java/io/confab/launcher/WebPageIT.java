package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Browser;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in Debian's headless Chromium against the built jar ({@code target/confab.jar}, one JVM,
 * dev mode): people sign up through the page with codes from the dev mailbox, chat live in a direct
 * room, and one of them goes offline and comes back to exactly the right timeline. Screenshots land in
 * {@code target/screenshots/} and are copied to {@code docs/screenshots/}.
 */
class WebPageIT {

  private static final Path JAR = Path.of("target", "confab.jar").toAbsolutePath();
  private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final Path DOC_SHOTS = Path.of("..", "docs", "screenshots").toAbsolutePath().normalize();
  private static final String PASSWORD = "violet kettle drums at dawn 42";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> LOG = new CopyOnWriteArrayList<>();
  private static final CompletableFuture<String> READY = new CompletableFuture<>();
  private static Process node;
  private static Path workDir;
  private static String url;

  private final List<ChromeDriver> browsers = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startNode() throws Exception {
    String external = System.getProperty("confab.url");
    if (external != null && !external.isBlank()) {
      url = external.endsWith("/") ? external : external + "/";
      return;
    }
    LocalServices.requireRedis();
    workDir = Files.createTempDirectory("confab-webpage-it");
    node = new ProcessBuilder("java", "-jar", JAR.toString(),
        "--http-port", String.valueOf(FreePorts.next()),
        "--cluster-port", String.valueOf(FreePorts.next()),
        "--embedded-mongo-port", String.valueOf(FreePorts.next()))
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .start();
    Thread reader = new Thread(WebPageIT::readLog, "confab-jar-log");
    reader.setDaemon(true);
    reader.start();
    try {
      url = READY.get(150, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the node was not ready within 150 s; its log:\n" + String.join("\n", LOG), e);
    }
  }

  @AfterAll
  static void stopNode() {
    if (node != null) {
      node.destroyForcibly();
    }
  }

  @AfterEach
  void closeBrowsers() {
    for (ChromeDriver browser : browsers) {
      browser.quit();
    }
  }

  @Test
  @DisplayName("two people sign up and sign in through the page, chat live in a direct room, and one comes back from offline to exactly the right timeline, its offline message sent once")
  void twoPeopleChatAndOneComesBackFromOffline() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String adaName = "Ada " + tag;
    String bobName = "Bob " + tag;
    String adaEmail = "ada-" + tag + "@example.org";
    String bobEmail = "bob-" + tag + "@example.org";

    ChromeDriver ada = open(1280, 800);
    ChromeDriver bob = open(1280, 800);

    // Sign-in screen, then sign up through the page with the emailed code.
    ada.get(url);
    waitFor(ada, d -> d.findElement(By.id("signin-form")).isDisplayed());
    shot(ada, "sign-in");
    signUp(ada, adaName, adaEmail);
    bob.get(url);
    signUp(bob, bobName, bobEmail);

    // Bob signs out and signs in again through the sign-in form.
    bob.findElement(By.id("signout")).click();
    waitFor(bob, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(bob.findElement(By.id("auth-message")).getText()).contains("signed out");
    WebElement form = bob.findElement(By.id("signin-form"));
    form.findElement(By.name("email")).sendKeys(bobEmail);
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(bob, d -> d.findElement(By.id("chat-view")).isDisplayed());

    // Ada finds Bob with the user search and opens a direct room.
    ada.findElement(By.id("new-direct")).click();
    WebElement search = waitFor(ada, d -> d.findElement(By.cssSelector("#dialog input[type=search]")));
    search.sendKeys(bobName);
    waitFor(ada, d -> d.findElement(By.cssSelector("#dialog button.result"))).click();
    waitFor(ada, d -> d.findElement(By.id("room-view")).isDisplayed()
        && d.findElement(By.id("room-title")).getText().equals(bobName));

    send(ada, "Hello Bob, this is Ada.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada."));

    // Bob sees the room appear live, with its unread badge, and opens it.
    waitFor(bob, d -> d.findElement(By.cssSelector("#room-list button.room-item .badge")).getText().equals("1"));
    click(bob, By.cssSelector("#room-list button.room-item"));
    waitForTimeline(bob, List.of("Hello Bob, this is Ada."));
    waitFor(bob, d -> d.findElement(By.id("room-title")).getText().equals(adaName));
    waitFor(bob, d -> d.findElements(By.cssSelector("#room-list .badge")).isEmpty());

    // Typing indicator, then a live reply.
    bob.findElement(By.id("message-input")).sendKeys("Hi");
    waitFor(ada, d -> d.findElement(By.id("typing")).getText().equals(bobName + " is typing…"));
    bob.findElement(By.id("message-input")).sendKeys(" Ada!", Keys.ENTER);
    waitForTimeline(ada, List.of("Hello Bob, this is Ada.", "Hi Ada!"));
    waitForTimeline(bob, List.of("Hello Bob, this is Ada.", "Hi Ada!"));
    waitFor(ada, d -> d.findElement(By.id("room-sub")).getText().equals("online"));
    shot(ada, "rooms-timeline");

    // Bob's connection goes away: the bridge closed and the browser offline.
    bob.executeCdpCommand("Network.enable", Map.of());
    bob.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    bob.executeScript("window.confabTest.disconnect()");
    waitFor(bob, d -> d.findElement(By.id("offline-banner")).isDisplayed());

    // Meanwhile Ada sends two, edits her first and deletes one.
    send(ada, "Are you there?");
    send(ada, "This one will be deleted.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada.", "Hi Ada!", "Are you there?", "This one will be deleted."));
    edit(ada, "Hello Bob, this is Ada.", "Hello Bob, this is Ada (edited).");
    delete(ada, "This one will be deleted.");
    waitForTimeline(ada, List.of("Hello Bob, this is Ada (edited).", "Hi Ada!", "Are you there?", "This message was deleted."));

    // Bob types while offline: the message waits in the outbox, shown as pending.
    send(bob, "Typed while offline.");
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).size() == 1);
    assertThat(bob.executeScript("return JSON.parse(localStorage.getItem('confab.outbox.' + JSON.parse(localStorage.getItem('confab.session')).user.id)).length"))
        .isEqualTo(1L);
    shot(bob, "offline");

    // Bob comes back: catch-up first, then the outbox goes out once.
    bob.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    bob.executeScript("window.confabTest.reconnect()");
    waitFor(bob, d -> !d.findElement(By.id("offline-banner")).isDisplayed());
    List<String> expected = List.of("Hello Bob, this is Ada (edited).", "Hi Ada!", "Are you there?",
        "This message was deleted.", "Typed while offline.");
    waitForTimeline(bob, expected);
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).isEmpty());
    waitForTimeline(ada, expected);
    assertThat(bob.executeScript("return window.confabTest.outbox().length")).isEqualTo(0L);
    assertThat(bob.findElement(By.cssSelector("#timeline li.msg[data-seq='1'] .edited")).getText()).contains("edited");
    assertThat(seqs(bob)).containsExactly("1", "2", "3", "4", "5");

    // The server agrees: five messages, the offline one stored once.
    String token = (String) bob.executeScript("return JSON.parse(localStorage.getItem('confab.session')).accessToken");
    String room = (String) bob.executeScript("return document.querySelector('#room-list button.room-item.active').dataset.room");
    JsonObject page = new JsonObject(get(url + "api/v1/rooms/" + room + "/messages?after=0&limit=50", token).body());
    JsonArray messages = page.getJsonArray("messages");
    assertThat(messages).hasSize(5);
    assertThat(messages.stream().map(m -> ((JsonObject) m).getString("text"))
        .filter("Typed while offline."::equals)).hasSize(1);

    shot(bob, "back-online");

    // Offline again, a message typed, and the page reloaded: the outbox (in localStorage) survives the
    // reload, the room opens again, and the message goes out once.
    bob.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", true, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    bob.executeScript("window.confabTest.disconnect()");
    waitFor(bob, d -> d.findElement(By.id("offline-banner")).isDisplayed());
    send(bob, "Sent after a reload.");
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).size() == 1);
    bob.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", false, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    bob.navigate().refresh();
    List<String> after = new java.util.ArrayList<>(expected);
    after.add("Sent after a reload.");
    waitForTimeline(bob, after);
    waitFor(bob, d -> d.findElements(By.cssSelector("#timeline li.msg.pending")).isEmpty());
    waitForTimeline(ada, after);
    messages = new JsonObject(get(url + "api/v1/rooms/" + room + "/messages?after=0&limit=50", token).body()).getJsonArray("messages");
    assertThat(messages).hasSize(6);
    assertThat((List<?>) bob.executeScript("return window.confabTest.rejections()")).as("refused bridge frames").isEmpty();
    assertThat((List<?>) ada.executeScript("return window.confabTest.rejections()")).as("refused bridge frames").isEmpty();
  }

  @Test
  @DisplayName("at 375x812 the sign-in, rooms and timeline screens have no horizontal scroll, and a room opens full screen with a way back")
  void thePhoneLayoutHasNoHorizontalScroll() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String email = "grace-" + tag + "@example.org";
    ChromeDriver phone = open(375, 812);
    phone.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", 375, "height", 812, "deviceScaleFactor", 2, "mobile", true));
    phone.get(url);
    waitFor(phone, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile-sign-in");
    signUp(phone, "Grace Brewster Murray Hopper " + tag, email);
    assertNoHorizontalScroll(phone);

    phone.findElement(By.id("notes")).click();
    waitFor(phone, d -> d.findElement(By.id("room-view")).isDisplayed());
    assertThat(phone.findElement(By.id("sidebar")).isDisplayed()).as("one pane at a time on a phone").isFalse();
    send(phone, "A long note with a link https://example.org/" + "a".repeat(120) + " and words that wrap.");
    send(phone, "Second note.");
    waitFor(phone, d -> d.findElements(By.cssSelector("#timeline li.msg:not(.pending)")).size() == 2);
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile");

    phone.findElement(By.id("back")).click();
    waitFor(phone, d -> d.findElement(By.id("sidebar")).isDisplayed());
    assertNoHorizontalScroll(phone);
    shot(phone, "mobile-rooms");
  }

  @Test
  @DisplayName("2FA through the page: set up from the QR code of the otpauth URI, confirm with a code, then sign in with a code")
  void twoFactorSetupAndSignIn() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String email = "tfa-" + tag + "@example.org";
    ChromeDriver browser = open(1024, 900);
    browser.get(url);
    signUp(browser, "Two Factor " + tag, email);

    browser.findElement(By.id("account")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-setup"))).click();
    WebElement canvas = waitFor(browser, d -> d.findElement(By.id("totp-qr")));
    String secret = browser.findElement(By.id("totp-secret")).getText();
    String png = (String) browser.executeScript("return arguments[0].toDataURL('image/png').split(',')[1]", canvas);
    java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder().decode(png)));
    String uri = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
        new com.google.zxing.common.HybridBinarizer(new com.google.zxing.client.j2se.BufferedImageLuminanceSource(image))),
        Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true)).getText();
    assertThat(uri).startsWith("otpauth://totp/").contains("secret=" + secret);
    shot(browser, "two-factor-setup");

    long step = System.currentTimeMillis() / 30_000;
    browser.findElement(By.cssSelector("#totp-section input[name=totp-code]")).sendKeys(totp(secret, step));
    browser.findElement(By.id("totp-enable")).click();
    waitFor(browser, d -> d.findElement(By.id("totp-state")).getText().startsWith("On"));
    browser.findElement(By.id("dialog-cancel")).click();

    browser.findElement(By.id("signout")).click();
    WebElement form = waitFor(browser, d -> d.findElement(By.id("signin-form")));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("totp-field")).isDisplayed());
    assertThat(browser.findElement(By.id("auth-error")).getText()).isEqualTo("Enter the code from your authenticator app.");
    form.findElement(By.name("totp")).sendKeys(totp(secret, step + 1), Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
  }

  @Test
  @DisplayName("in a group, an image attached through the page shows as a thumbnail for the other, and Translate shows the Spanish text")
  void anImageAndATranslation() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String adaEmail = "ada-img-" + tag + "@example.org";
    String bobEmail = "bob-img-" + tag + "@example.org";
    String bobName = "Bob Img " + tag;
    register("Ada Img " + tag, adaEmail, "en");
    register(bobName, bobEmail, "es");
    ChromeDriver ada = open(1280, 800);
    ChromeDriver bob = open(1280, 800);
    signIn(ada, adaEmail);
    signIn(bob, bobEmail);
    waitFor(ada, d -> d.findElement(By.tagName("body")).getDomAttribute("class").contains("has-uploads"));

    ada.findElement(By.id("new-group")).click();
    WebElement dialog = waitFor(ada, d -> d.findElement(By.id("dialog")));
    dialog.findElement(By.name("name")).sendKeys("Pictures " + tag);
    dialog.findElement(By.cssSelector("input[type=search]")).sendKeys(bobName);
    waitFor(ada, d -> d.findElement(By.cssSelector("#dialog button.result"))).click();
    waitFor(ada, d -> d.findElement(By.cssSelector("#dialog .chips .chip")));
    ada.findElement(By.id("dialog-ok")).click();
    waitFor(ada, d -> d.findElement(By.id("room-title")).getText().equals("Pictures " + tag));

    Path picture = Files.createTempFile("confab-picture", ".png");
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(320, 200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new java.awt.Color(0x2457c5));
    g.fillRect(0, 0, 320, 200);
    g.setColor(java.awt.Color.ORANGE);
    g.fillOval(100, 40, 120, 120);
    g.dispose();
    javax.imageio.ImageIO.write(image, "png", picture.toFile());
    WebElement fileInput = ada.findElement(By.id("file-input"));
    ada.executeScript("arguments[0].hidden = false", fileInput);
    fileInput.sendKeys(picture.toString());
    send(ada, "Hello, how are you?");

    click(bob, By.cssSelector("#room-list button.room-item"));
    waitFor(bob, d -> Boolean.TRUE.equals(bob.executeScript(
        "const img = document.querySelector('#timeline .thumb img'); return !!img && img.complete && img.naturalWidth > 0")));
    WebElement hello = messageWithText(bob, "Hello, how are you?");
    bob.executeScript("arguments[0].querySelector('button[aria-label=\"Translate message\"]').click()", hello);
    WebElement translation = waitFor(bob, d -> d.findElement(By.cssSelector("#timeline .translation")));
    assertThat(translation.getText()).containsIgnoringCase("hola");
    shot(bob, "image-translation");

    // The members panel: Ada (admin) sees both; Bob leaves, and the room is gone from his sidebar.
    ada.findElement(By.id("members")).click();
    waitFor(ada, d -> d.findElements(By.cssSelector("#dialog .channel-row")).size() == 2);
    assertThat(ada.findElements(By.cssSelector("#dialog button[aria-label='Remove " + bobName + "']"))).hasSize(1);
    ada.findElement(By.id("dialog-cancel")).click();
    bob.findElement(By.id("members")).click();
    waitFor(bob, d -> d.findElement(By.cssSelector("#dialog button.danger"))).click();
    waitFor(bob, d -> d.findElements(By.cssSelector("#room-list button.room-item")).isEmpty());
    waitFor(ada, d -> d.findElement(By.id("room-sub")).getText().equals("1 member"));
  }

  @Test
  @DisplayName("a channel found with Browse channels is joined and read; a session signed out from elsewhere lands on the sign-in screen with a message")
  void browseJoinAndRevokedSession() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String adaEmail = "ada-ch-" + tag + "@example.org";
    String bobEmail = "bob-ch-" + tag + "@example.org";
    register("Ada Ch " + tag, adaEmail, "en");
    register("Bob Ch " + tag, bobEmail, "en");
    ChromeDriver ada = open(1280, 800);
    ChromeDriver bob = open(1280, 800);
    signIn(ada, adaEmail);
    signIn(bob, bobEmail);

    String channel = "lobby-" + tag;
    ada.findElement(By.id("new-group")).click();
    WebElement dialog = waitFor(ada, d -> d.findElement(By.id("dialog")));
    dialog.findElement(By.name("name")).sendKeys(channel);
    new org.openqa.selenium.support.ui.Select(dialog.findElement(By.tagName("select"))).selectByValue("channel");
    ada.findElement(By.id("dialog-ok")).click();
    waitFor(ada, d -> d.findElement(By.id("room-title")).getText().equals(channel));
    send(ada, "Welcome to the lobby.");
    waitForTimeline(ada, List.of("Welcome to the lobby."));

    bob.findElement(By.id("browse")).click();
    waitFor(bob, d -> d.findElement(By.cssSelector("#dialog input[type=search]"))).sendKeys(channel);
    click(bob, By.cssSelector("#dialog button[aria-label='Join " + channel + "']"));
    waitFor(bob, d -> d.findElement(By.id("room-title")).getText().equals(channel));
    waitForTimeline(bob, List.of("Welcome to the lobby."));
    send(bob, "Thanks, glad to be here.");
    waitForTimeline(ada, List.of("Welcome to the lobby.", "Thanks, glad to be here."));

    // Bob signs in elsewhere and ends the page's session from there.
    HttpResponse<String> login = post(url + "api/v1/auth/login", new JsonObject().put("email", bobEmail).put("password", PASSWORD));
    String token = new JsonObject(login.body()).getString("accessToken");
    JsonArray sessions = new JsonArray(get(url + "api/v1/auth/sessions", token).body());
    String pageSession = sessions.stream().map(JsonObject.class::cast).filter(s -> !s.getBoolean("current"))
        .findFirst().orElseThrow().getString("id");
    assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url + "api/v1/auth/sessions/" + pageSession))
        .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
        .isEqualTo(204);
    send(bob, "Am I still here?");
    waitFor(bob, d -> d.findElement(By.id("signin-form")).isDisplayed());
    assertThat(bob.findElement(By.id("auth-message")).getText()).startsWith("Your session has ended");
    shot(bob, "session-ended");
  }

  @Test
  @DisplayName("a long room opens on its newest page and loads older messages as one scrolls up, each once, in the dark theme too")
  void olderMessagesLoadOnScrollUp() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String email = "long-" + tag + "@example.org";
    register("Long Room " + tag, email, "en");
    HttpResponse<String> login = post(url + "api/v1/auth/login", new JsonObject().put("email", email).put("password", PASSWORD));
    String token = new JsonObject(login.body()).getString("accessToken");
    String room = new JsonObject(post(url + "api/v1/rooms", new JsonObject().put("kind", "self"), token).body()).getString("id");
    for (int i = 1; i <= 70; i++) {
      HttpResponse<String> sent = post(url + "api/v1/rooms/" + room + "/messages",
          new JsonObject().put("text", "Note number " + i).put("clientMsgId", "n-" + i), token);
      if (sent.statusCode() == 429) {
        Thread.sleep(1000);
        i--;
        continue;
      }
      assertThat(sent.statusCode()).isEqualTo(201);
    }

    ChromeDriver browser = open(1024, 768);
    browser.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
    signIn(browser, email);
    click(browser, By.cssSelector("#room-list button.room-item"));
    waitFor(browser, d -> texts(browser).size() == 50);
    assertThat(texts(browser).get(49)).isEqualTo("Note number 70");
    assertThat(browser.findElements(By.cssSelector("#timeline li.start"))).isEmpty();
    shot(browser, "dark-timeline");

    browser.executeScript("document.getElementById('timeline-wrap').scrollTop = 0");
    waitFor(browser, d -> texts(browser).size() == 70);
    List<String> all = texts(browser);
    for (int i = 0; i < 70; i++) {
      assertThat(all.get(i)).isEqualTo("Note number " + (i + 1));
    }
    waitFor(browser, d -> d.findElement(By.cssSelector("#timeline li.start")).isDisplayed());
  }

  @Test
  @DisplayName("a forgotten password is reset with the emailed code through the page, the new one signs in, and tokens near expiry are refreshed (rotated) without a break")
  void forgottenPasswordIsReset() throws Exception {
    String tag = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    String email = "reset-" + tag + "@example.org";
    register("Reset " + tag, email, "en");
    ChromeDriver browser = open(1024, 768);
    browser.get(url);
    waitFor(browser, d -> d.findElement(By.cssSelector("#signin-form [data-go=forgot]"))).click();
    WebElement forgot = browser.findElement(By.id("forgot-form"));
    forgot.findElement(By.name("email")).sendKeys(email, Keys.ENTER);
    WebElement reset = waitFor(browser, d -> d.findElement(By.id("reset-form")).isDisplayed() ? d.findElement(By.id("reset-form")) : null);
    String code = waitFor(browser, d -> {
      try {
        JsonArray mails = new JsonArray(get(url + "dev/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null).body());
        Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(mails.getJsonObject(0).getString("text"));
        return mails.size() == 2 && m.find() ? m.group(1) : null;
      } catch (Exception e) {
        return null;
      }
    });
    String newPassword = "another quiet harbour in spring 7";
    reset.findElement(By.name("code")).sendKeys(code);
    reset.findElement(By.name("password")).sendKeys(newPassword, Keys.ENTER);
    WebElement form = waitFor(browser, d -> d.findElement(By.id("signin-form")).isDisplayed() ? d.findElement(By.id("signin-form")) : null);
    assertThat(browser.findElement(By.id("auth-message")).getText()).contains("password is changed");
    form.findElement(By.name("password")).sendKeys(newPassword, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());

    // Tokens about to expire are refreshed (the rotated refresh token stored), and the page goes on.
    String before = (String) browser.executeScript("const s = JSON.parse(localStorage.getItem('confab.session'));"
        + "s.expiresAt = Date.now() + 30000; localStorage.setItem('confab.session', JSON.stringify(s)); return s.refreshToken");
    browser.navigate().refresh();
    waitFor(browser, d -> !before.equals(browser.executeScript("return JSON.parse(localStorage.getItem('confab.session')).refreshToken")));
    browser.findElement(By.id("notes")).click();
    waitFor(browser, d -> d.findElement(By.id("room-view")).isDisplayed());
    send(browser, "Still signed in after a refresh.");
    waitFor(browser, d -> d.findElements(By.cssSelector("#timeline li.msg:not(.pending)")).size() == 1);
  }

  private static HttpResponse<String> post(String address, JsonObject body, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
  }

  private void register(String name, String email, String language) throws Exception {
    HttpResponse<String> created = post(url + "api/v1/auth/register", new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", name).put("language", language));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(post(url + "api/v1/auth/verify", new JsonObject().put("email", email).put("code", mailedCode(email)))
        .statusCode()).isEqualTo(204);
  }

  private void signIn(ChromeDriver browser, String email) {
    browser.get(url);
    WebElement form = waitFor(browser, d -> d.findElement(By.id("signin-form")));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
  }

  private static HttpResponse<String> post(String address, JsonObject body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String totp(String secret, long step) throws Exception {
    return new dev.samstevens.totp.code.DefaultCodeGenerator().generate(secret, step);
  }

  // -------------------------------------------------------------------------------------------

  private ChromeDriver open(int width, int height) {
    ChromeDriver browser = Browser.open();
    browsers.add(browser);
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    return browser;
  }

  private void signUp(ChromeDriver browser, String name, String email) throws Exception {
    waitFor(browser, d -> d.findElement(By.cssSelector("#signin-form [data-go=signup]"))).click();
    WebElement form = browser.findElement(By.id("signup-form"));
    form.findElement(By.name("displayName")).sendKeys(name);
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(browser, d -> d.findElement(By.id("verify-form")).isDisplayed());
    String code = mailedCode(email);
    WebElement verify = browser.findElement(By.id("verify-form"));
    verify.findElement(By.name("code")).sendKeys(code, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
    waitFor(browser, d -> d.findElement(By.id("me-name")).getText().equals(name));
  }

  private String mailedCode(String email) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      JsonArray mails = new JsonArray(get(url + "dev/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null).body());
      if (!mails.isEmpty()) {
        Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(mails.getJsonObject(0).getString("text"));
        if (code.find()) {
          return code.group(1);
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no code mailed to " + email);
  }

  private static void send(ChromeDriver browser, String text) {
    WebElement input = browser.findElement(By.id("message-input"));
    input.sendKeys(text, Keys.ENTER);
  }

  private void edit(ChromeDriver browser, String text, String newText) {
    WebElement message = messageWithText(browser, text);
    browser.executeScript("arguments[0].querySelector('button[aria-label=\"Edit message\"]').click()", message);
    WebElement box = waitFor(browser, d -> d.findElement(By.cssSelector("#timeline .edit-box")));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    box.sendKeys(newText, Keys.ENTER);
    waitFor(browser, d -> d.findElements(By.cssSelector("#timeline .edit-box")).isEmpty());
  }

  private void delete(ChromeDriver browser, String text) {
    WebElement message = messageWithText(browser, text);
    browser.executeScript("window.confirm = () => true;"
        + "arguments[0].querySelector('button[aria-label=\"Delete message\"]').click()", message);
  }

  private WebElement messageWithText(ChromeDriver browser, String text) {
    return waitFor(browser, d -> d.findElements(By.cssSelector("#timeline li.msg")).stream()
        .filter(li -> text.equals(textOf(li)))
        .findFirst().orElse(null));
  }

  private static String textOf(WebElement li) {
    List<WebElement> p = li.findElements(By.cssSelector(".text"));
    if (p.isEmpty()) {
      return "";
    }
    return p.get(0).getDomProperty("textContent").replace(" (edited)", "");
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(ChromeDriver browser) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#timeline li.msg')].map(li => {"
            + " const p = li.querySelector('.text'); if (!p) return '';"
            + " const c = p.cloneNode(true); c.querySelectorAll('.edited').forEach(e => e.remove()); return c.textContent; })");
  }

  @SuppressWarnings("unchecked")
  private static List<String> seqs(ChromeDriver browser) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#timeline li.msg')].map(li => li.dataset.seq || 'pending')");
  }

  private void waitForTimeline(ChromeDriver browser, List<String> expected) {
    try {
      new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> texts(browser).equals(expected));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timeline " + texts(browser) + " never became " + expected, e);
    }
  }

  /** Clicks what the selector finds, again if the sidebar re-rendered it in between. */
  private static void click(ChromeDriver browser, By selector) {
    waitFor(browser, d -> {
      d.findElement(selector).click();
      return true;
    });
  }

  private static <T> T waitFor(ChromeDriver browser, Function<org.openqa.selenium.WebDriver, T> condition) {
    return new WebDriverWait(browser, Duration.ofSeconds(20))
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          T value = condition.apply(d);
          return Boolean.FALSE.equals(value) ? null : value;
        });
  }

  private static void assertNoHorizontalScroll(ChromeDriver browser) {
    Object[] sizes = ((List<?>) browser.executeScript(
        "return [document.documentElement.scrollWidth, window.innerWidth]")).toArray();
    assertThat((Long) sizes[0]).as("scrollWidth %s within innerWidth %s", sizes[0], sizes[1])
        .isLessThanOrEqualTo((Long) sizes[1]);
  }

  private static void shot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SHOTS);
    Path file = SHOTS.resolve(name + ".png");
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
    if (Files.isDirectory(DOC_SHOTS.getParent())) {
      Files.createDirectories(DOC_SHOTS);
      Files.copy(file, DOC_SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static HttpResponse<String> get(String address, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void readLog() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        LOG.add(line);
        if (line.contains("\"node.ready\"")) {
          READY.complete(new JsonObject(line).getString("url"));
        }
      }
    } catch (IOException e) {
      READY.completeExceptionally(e);
    }
    READY.completeExceptionally(new AssertionError("the node exited before it was ready:\n" + String.join("\n", LOG)));
  }
}
