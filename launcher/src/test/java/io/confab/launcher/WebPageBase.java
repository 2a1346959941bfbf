package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Browser;
import io.confab.testing.ConfabApi;
import io.confab.testing.Eventually;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every page test shares, as vertx-web's SockJS tests share their server: one platform for the
 * whole run (the built jar, one JVM in dev mode, started on first use and stopped at the end; or the
 * page at {@code -Dconfab.url} when given), browsers opened per test and closed after it, people made
 * over HTTP with codes from the dev mailbox, and the steps the tests take on the page. Screenshots land
 * in {@code launcher/target/screenshots/} only (tests never write tracked files); {@code bin/screenshots}
 * copies them to {@code docs/screenshots/} for the README.
 */
@ExtendWith(WebPageBase.SharedPlatform.class)
abstract class WebPageBase {

  static final String PASSWORD = "violet kettle drums at dawn 42";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Path SHOTS = Path.of("target", "screenshots").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The shared platform's node; null when the tests drive a page elsewhere ({@code -Dconfab.url}). */
  static WebPageNode node;
  static String url;

  private final List<ChromeDriver> browsers = new CopyOnWriteArrayList<>();
  /** Each browser's console since it opened (the driver hands each entry out once). */
  private final Map<ChromeDriver, List<LogEntry>> consoles = new ConcurrentHashMap<>();

  /** Starts the platform once for every page test class of the run, and stops it when the run ends. */
  static final class SharedPlatform implements BeforeAllCallback {

    private record Running(WebPageNode node) implements ExtensionContext.Store.CloseableResource {
      @Override
      public void close() throws InterruptedException {
        node.stop();
      }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
      String external = System.getProperty("confab.url");
      if (external != null && !external.isBlank()) {
        url = external.endsWith("/") ? external : external + "/";
        return;
      }
      node = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(WebPageNode.class, key -> start(), Running.class).node();
      url = node.url();
    }

    private static Running start() {
      LocalServices.requireRedis();
      try {
        return new Running(WebPageNode.onFreePorts().start());
      } catch (Exception e) {
        throw new AssertionError("the platform did not start", e);
      }
    }
  }

  /** A verified person with a session of their own (not the page's). */
  record Person(String id, String name, String email, String token) {
  }

  /** Fails the test when a page threw, even if what the test checked looked right, and closes the browsers. */
  @AfterEach
  void closeBrowsers() {
    try {
      assertThrewNothing(browsers);
    } finally {
      browsers.forEach(ChromeDriver::quit);
    }
  }

  /** No page threw an error nobody caught, nor rejected a promise nobody handled, anywhere (a bus handler, an event, a timer). */
  void assertThrewNothing(List<ChromeDriver> pages) {
    assertThat(pages.stream().flatMap(page -> pageErrors(page).stream()).toList())
        .as("errors the page threw (uncaught, or promises rejected unhandled)").isEmpty();
  }

  /**
   * What the page threw uncaught, as the browser reports it in the console: an error that reached the
   * top of its task ({@code Uncaught TypeError: ...}) or a rejection no handler took
   * ({@code Uncaught (in promise) ...}). The console keeps them across reloads; failed requests and
   * the page's own warnings are not among them.
   */
  List<String> pageErrors(ChromeDriver browser) {
    return console(browser).stream().filter(line -> line.contains(" Uncaught ")).toList();
  }

  // ---- people and HTTP -----------------------------------------------------------------------------

  /** A tag that makes names and addresses unique to this run. */
  static String tag() {
    return Long.toString(System.nanoTime() % 1_000_000_000L, 36);
  }

  /** Registers and verifies someone over HTTP and signs them in there. */
  static Person person(String name, String language) throws Exception {
    String email = "p" + System.nanoTime() + "@example.org";
    register(name, email, language);
    JsonObject login = new JsonObject(post("api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).body());
    return new Person(login.getJsonObject("user").getString("id"), name, email, login.getString("accessToken"));
  }

  static void register(String name, String email, String language) throws Exception {
    HttpResponse<String> created = post("api/v1/auth/register", null, new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", name).put("language", language));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(post("api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", mailedCode(email, 1)))
        .statusCode()).isEqualTo(204);
  }

  /** The code in the {@code count}-th mail to {@code email}, once it has come. */
  static String mailedCode(String email, int count) {
    return Eventually.value(() -> {
      JsonArray mails = mails(email);
      return mails.size() >= count ? ConfabApi.codeIn(mails.getJsonObject(0).getString("text")) : null;
    }, WAIT, "mail number " + count + " to " + email);
  }

  /** The dev mailbox of {@code email}, newest first. */
  static JsonArray mails(String email) throws Exception {
    return new JsonArray(get("dev/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8), null).body());
  }

  static JsonObject room(Person creator, JsonObject body) throws Exception {
    HttpResponse<String> created = post("api/v1/rooms", creator.token(), body);
    assertThat(created.statusCode()).as(created.body()).isIn(200, 201);
    return new JsonObject(created.body());
  }

  /** A direct room of the two, made by the first: its id. */
  static String direct(Person creator, Person other) throws Exception {
    return room(creator, new JsonObject().put("kind", "direct").put("members", new JsonArray().add(other.id()))).getString("id");
  }

  static JsonObject group(Person creator, String name, Person... others) throws Exception {
    JsonArray members = new JsonArray();
    for (Person other : others) {
      members.add(other.id());
    }
    return room(creator, new JsonObject().put("kind", "group").put("name", name).put("members", members));
  }

  /** A group made over HTTP for one test: its title, its id, and its members, the creator first, each with a session. */
  record Team(String tag, String title, String id, List<Person> members) {
    Person member(int index) {
      return members.get(index);
    }
  }

  /**
   * New people of these names in a new group of that title, made by the first of them; a fresh tag ends
   * every name and the title, so that the test's people and room are its own.
   */
  static Team team(String title, String... names) throws Exception {
    String tag = tag();
    List<Person> members = new ArrayList<>();
    for (String name : names) {
      members.add(person(name + " " + tag, "en"));
    }
    Person[] others = members.subList(1, members.size()).toArray(Person[]::new);
    String tagged = title + " " + tag;
    return new Team(tag, tagged, group(members.get(0), tagged, others).getString("id"), List.copyOf(members));
  }

  /** A message sent over HTTP, tried again while the per-user write limit refuses it (429: nothing stored). */
  static JsonObject message(Person sender, String roomId, String text) {
    return sent(sender, roomId, new JsonObject().put("text", text));
  }

  /** A reply in the thread of root, sent as {@link #message} is. */
  static JsonObject reply(Person sender, String roomId, String root, String text) {
    return sent(sender, roomId, new JsonObject().put("text", text).put("threadRoot", root));
  }

  private static JsonObject sent(Person sender, String roomId, JsonObject body) {
    HttpResponse<String> sent = Eventually.value(() -> {
      HttpResponse<String> answer = post("api/v1/rooms/" + roomId + "/messages", sender.token(),
          body.copy().put("clientMsgId", "t-" + System.nanoTime()));
      return answer.statusCode() == 429 ? null : answer;
    }, WAIT, "a send the write limit lets through");
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    return new JsonObject(sent.body());
  }

  /** The room's messages as the server has them, ascending. */
  static JsonArray history(Person reader, String roomId) throws Exception {
    return new JsonObject(get("api/v1/rooms/" + roomId + "/messages?after=0&limit=200", reader.token()).body()).getJsonArray("messages");
  }

  /** The room's newest message as the server has it, once it is the one with that text. */
  static JsonObject storedMessage(Person reader, String roomId, String text) {
    return Eventually.value(() -> {
      JsonArray messages = history(reader, roomId);
      JsonObject last = messages.isEmpty() ? null : messages.getJsonObject(messages.size() - 1);
      return last != null && text.equals(last.getString("text")) ? last : null;
    }, WAIT, "the message \"" + text + "\" on the server");
  }

  /** A face for an avatar: a 400 x 240 PNG (stored square, cut from its centre). */
  static Path face() throws Exception {
    Path picture = Files.createTempFile("confab-face", ".png");
    BufferedImage image = new BufferedImage(400, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(0x2e7d32));
    g.fillRect(0, 0, 400, 240);
    g.setColor(new Color(0xffcc80));
    g.fillOval(120, 20, 160, 200);
    g.dispose();
    ImageIO.write(image, "png", picture.toFile());
    return picture;
  }

  static HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())), token);
  }

  static HttpResponse<String> get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), token);
  }

  static HttpResponse<String> send(HttpRequest.Builder request, String token) throws Exception {
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String totp(String secret, long step) throws Exception {
    return new dev.samstevens.totp.code.DefaultCodeGenerator().generate(secret, step);
  }

  /** A code the server accepts now (this step, or one either side) that is not among {@code used}, then used. */
  /**
   * A code the server accepts that this test has not used yet. The server takes one step either side
   * and each code once; the previous step's code is only offered early in a step, so that it is still
   * valid when the server checks it, and when every safe code is used this waits for the next step.
   */
  static String freshTotp(String secret, java.util.Set<String> used) throws Exception {
    while (true) {
      long now = System.currentTimeMillis();
      long step = now / 30_000;
      boolean early = now % 30_000 < 15_000;
      for (long offset : early ? new long[] {0, 1, -1} : new long[] {0, 1}) {
        String code = totp(secret, step + offset);
        if (used.add(code)) {
          return code;
        }
      }
      Thread.sleep(30_000 - now % 30_000 + 50);
    }
  }

  // ---- the page ------------------------------------------------------------------------------------

  ChromeDriver open(int width, int height) {
    ChromeDriver browser = Browser.open();
    browsers.add(browser);
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    return browser;
  }

  /** A phone: a touch screen of that size in CSS pixels, at twice the density. */
  ChromeDriver phone(int width, int height) {
    ChromeDriver phone = open(width, height);
    phone.executeCdpCommand("Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
    return phone;
  }

  /** The page as in a system set to the dark theme ({@code prefers-color-scheme: dark}). */
  static void dark(ChromeDriver browser) {
    browser.executeCdpCommand("Emulation.setEmulatedMedia",
        Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
  }

  /** A desktop-sized browser signed in as {@code person}. */
  ChromeDriver signedIn(Person person) {
    ChromeDriver browser = open(1280, 800);
    signIn(browser, person.email());
    return browser;
  }

  /** A desktop-sized browser signed in as {@code person}, in the room of that title. */
  ChromeDriver signedIn(Person person, String roomTitle) {
    ChromeDriver browser = signedIn(person);
    openRoom(browser, roomTitle);
    return browser;
  }

  static void signIn(ChromeDriver browser, String email) {
    browser.get(url);
    WebElement form = shown(browser, By.id("signin-form"));
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD, Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
  }

  /** Signs up through the page: the form, then the code from the dev mailbox; ends in the chat. */
  static void signUp(ChromeDriver browser, String name, String email) throws Exception {
    startSignUp(browser, name, email);
    browser.findElement(By.id("verify-form")).findElement(By.name("code")).sendKeys(mailedCode(email, 1), Keys.ENTER);
    waitFor(browser, d -> d.findElement(By.id("chat-view")).isDisplayed());
    waitFor(browser, d -> d.findElement(By.id("me-name")).getText().equals(name));
  }

  /** The sign-up form filled and sent: the page asks for the emailed code. */
  static void startSignUp(ChromeDriver browser, String name, String email) {
    waitFor(browser, d -> d.findElement(By.cssSelector("#signin-form [data-go=signup]"))).click();
    WebElement form = browser.findElement(By.id("signup-form"));
    form.findElement(By.name("displayName")).sendKeys(name);
    form.findElement(By.name("email")).sendKeys(email);
    form.findElement(By.name("password")).sendKeys(PASSWORD);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    waitFor(browser, d -> d.findElement(By.id("verify-form")).isDisplayed());
  }

  /** Opens the room of that title in the sidebar. */
  static void openRoom(ChromeDriver browser, String title) {
    click(browser, By.cssSelector("#room-list button.room-item[data-room='" + roomIdByTitle(browser, title) + "']"));
    waitFor(browser, d -> d.findElement(By.id("room-title")).getText().equals(title));
  }

  static String roomIdByTitle(ChromeDriver browser, String title) {
    return waitFor(browser, d -> (String) browser.executeScript(
        "const b = [...document.querySelectorAll('#room-list button.room-item')]"
            + ".find(b => b.querySelector('.room-name').textContent === arguments[0]); return b ? b.dataset.room : null", title));
  }

  static void send(ChromeDriver browser, String text) {
    browser.findElement(By.id("message-input")).sendKeys(text, Keys.ENTER);
  }

  static void edit(ChromeDriver browser, String text, String newText) {
    WebElement message = messageWithText(browser, text);
    browser.executeScript("arguments[0].querySelector('button[aria-label=\"Edit message\"]').click()", message);
    WebElement box = waitFor(browser, d -> d.findElement(By.cssSelector("#timeline .edit-box")));
    box.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    box.sendKeys(newText, Keys.ENTER);
    waitFor(browser, d -> d.findElements(By.cssSelector("#timeline .edit-box")).isEmpty());
  }

  static void delete(ChromeDriver browser, String text) {
    WebElement message = messageWithText(browser, text);
    browser.executeScript("window.confirm = () => true;"
        + "arguments[0].querySelector('button[aria-label=\"Delete message\"]').click()", message);
  }

  static WebElement messageWithText(ChromeDriver browser, String text) {
    return waitFor(browser, d -> d.findElements(By.cssSelector("#timeline li.msg")).stream()
        .filter(li -> {
          List<WebElement> p = li.findElements(By.cssSelector(".text"));
          return !p.isEmpty() && text.equals(p.get(0).getDomProperty("textContent").replace(" (edited)", ""));
        })
        .findFirst().orElse(null));
  }

  /** The texts of the timeline's messages as a reader sees them (a Markdown line break is a new line), in order, without the "(edited)" marks. */
  @SuppressWarnings("unchecked")
  static List<String> texts(ChromeDriver browser) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#timeline li.msg')].map(li => {"
            + " const p = li.querySelector('.text'); if (!p) return '';"
            + " const edited = p.querySelector('.edited'); const mark = edited ? edited.innerText : '';"
            + " const seen = p.innerText; return mark && seen.endsWith(mark) ? seen.slice(0, -mark.length).trimEnd() : seen; })");
  }

  @SuppressWarnings("unchecked")
  static List<String> seqs(ChromeDriver browser) {
    return (List<String>) browser.executeScript(
        "return [...document.querySelectorAll('#timeline li.msg')].map(li => li.dataset.seq || 'pending')");
  }

  static void waitForTimeline(ChromeDriver browser, List<String> expected) {
    try {
      new WebDriverWait(browser, WAIT).until(d -> texts(browser).equals(expected));
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timeline " + texts(browser) + " never became " + expected, e);
    }
  }

  /** The session stored by the page: its tokens and user. */
  static JsonObject pageSession(ChromeDriver browser) {
    return new JsonObject((String) browser.executeScript("return localStorage.getItem('confab.session')"));
  }

  /** Clicks what the selector finds, again if the page re-rendered it in between. */
  static void click(ChromeDriver browser, By selector) {
    waitFor(browser, d -> {
      d.findElement(selector).click();
      return true;
    });
  }

  /** The element, once it is displayed. */
  static WebElement shown(ChromeDriver browser, By selector) {
    return waitFor(browser, d -> {
      WebElement element = d.findElement(selector);
      return element.isDisplayed() ? element : null;
    });
  }

  /** Waits until the condition answers something other than null or false, and answers that. */
  static <T> T waitFor(ChromeDriver browser, Function<WebDriver, T> condition) {
    return waitFor(browser, WAIT, condition);
  }

  static <T> T waitFor(ChromeDriver browser, Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(browser, timeout)
        .ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(d -> {
          T value = condition.apply(d);
          return Boolean.FALSE.equals(value) ? null : value;
        });
  }

  /** Cuts the browser off the network (and the page's bridge) or brings it back. */
  static void offline(ChromeDriver browser, boolean offline) {
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand("Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    browser.executeScript(offline ? "window.confabTest.disconnect()" : "window.confabTest.reconnect()");
  }

  static void assertNoHorizontalScroll(ChromeDriver browser) {
    Object[] sizes = ((List<?>) browser.executeScript(
        "return [document.documentElement.scrollWidth, window.innerWidth]")).toArray();
    assertThat((Long) sizes[0]).as("scrollWidth %s within innerWidth %s", sizes[0], sizes[1])
        .isLessThanOrEqualTo((Long) sizes[1]);
  }

  static void assertNoRefusedFrames(ChromeDriver... pages) {
    for (ChromeDriver page : pages) {
      assertThat((List<?>) page.executeScript("return window.confabTest.rejections()")).as("refused bridge frames").isEmpty();
    }
  }

  /** What the browser's console logged so far, since the browser opened. */
  List<String> console(ChromeDriver browser) {
    List<LogEntry> kept = consoles.computeIfAbsent(browser, b -> new CopyOnWriteArrayList<>());
    kept.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
    return kept.stream().map(LogEntry::toString).toList();
  }

  static void shot(ChromeDriver browser, String name) throws IOException {
    Files.createDirectories(SHOTS);
    Path file = SHOTS.resolve(name + ".png");
    Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
  }
}
