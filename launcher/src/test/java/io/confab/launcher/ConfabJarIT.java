package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Browser;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built artifact, as an operator runs it: {@code java -jar confab.jar} in an empty directory with
 * the defaults (only ports moved, so a running platform does not collide), then SIGTERM.
 */
class ConfabJarIT {

  private static final Path JAR = Path.of("target", "confab.jar").toAbsolutePath();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final CompletableFuture<String> readyUrl = new CompletableFuture<>();
  private Process node;
  private Thread reader;

  @TempDir
  Path workDir;

  @BeforeEach
  void start() throws Exception {
    LocalServices.requireRedis();
    // bin/run starts the node in the repository, beside webroot/ and the page's unbuilt sources: the
    // node must serve the built page whatever its working directory holds.
    Files.createDirectories(workDir.resolve("webroot"));
    Files.writeString(workDir.resolve("webroot").resolve("index.html"), "<html>the page's sources, not built</html>");
    node = new ProcessBuilder("java", "-jar", JAR.toString(),
        "--http-port", String.valueOf(FreePorts.next()),
        "--cluster-port", String.valueOf(FreePorts.next()),
        "--embedded-mongo-port", String.valueOf(FreePorts.next()))
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .start();
    reader = new Thread(this::readLog, "confab-jar-log");
    reader.setDaemon(true);
    reader.start();
  }

  @AfterEach
  void kill() {
    node.destroyForcibly();
  }

  @Test
  @DisplayName("the jar starts on defaults, logs its URL once ready, and serves the page, the bridge and metrics")
  void theJarServesThePlatform() throws Exception {
    String url = readyUrl.get(90, TimeUnit.SECONDS);

    assertThat(get(url + "health/ready").statusCode()).isEqualTo(200);
    HttpResponse<String> page = get(url);
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher bridgeClient = Pattern.compile("src=\"(assets/vertx-eventbus-\\w+\\.js)\"").matcher(page.body());
    assertThat(bridgeClient.find()).as("the page names the bridge client by its content-hashed name").isTrue();
    assertThat(get(url + bridgeClient.group(1)).body()).contains("EventBus");
    assertThat(new JsonObject(get(url + "eventbus/info").body()).getBoolean("websocket")).isTrue();
    assertThat(get(url + "metrics").body()).containsPattern("(?m)^jvm_memory_used_bytes");
    HttpResponse<String> mail = get(url + "dev/mail?to=nobody@example.org");
    assertThat(mail.statusCode()).as("dev mode serves the dev mailbox").isEqualTo(200);
    assertThat(mail.body()).isEqualTo("[]");
    assertThat(workDir.resolve("data").resolve("mongo.mv.db")).as("embedded Mongo on a file under ./data").exists();
    assertThat(log).allMatch(line -> line.startsWith("{"), "every log line is one JSON object");
  }

  @Test
  @DisplayName("a new user signs up using only the dev mailbox: register, read the code at /dev/mail, verify, sign in")
  void aNewUserSignsUpWithTheDevMailbox() throws Exception {
    String url = readyUrl.get(90, TimeUnit.SECONDS);
    String email = "dev" + System.nanoTime() + "@example.org";
    String password = "Vx7!qLm2#pZr9w";
    assertThat(post(url + "api/v1/auth/register", new JsonObject().put("email", email).put("password", password)
        .put("displayName", "Dev User")).statusCode()).isEqualTo(201);

    JsonArray mails = new JsonArray(get(url + "dev/mail?to=" + email).body());
    assertThat(mails).hasSize(1);
    JsonObject mail = mails.getJsonObject(0);
    assertThat(mail.getString("subject")).isNotBlank();
    assertThat(mail.getString("html")).contains("<");
    Matcher code = Pattern.compile("\\b(\\d{6})\\b").matcher(mail.getString("text"));
    assertThat(code.find()).as("a six-digit code in: " + mail.getString("text")).isTrue();

    assertThat(post(url + "api/v1/auth/verify", new JsonObject().put("email", email).put("code", code.group(1))).statusCode()).isEqualTo(204);
    HttpResponse<String> login = post(url + "api/v1/auth/login", new JsonObject().put("email", email).put("password", password));
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(login.body()).getJsonObject("user").getString("displayName")).isEqualTo("Dev User");
  }

  @Test
  @DisplayName("the page, in a real browser, connects to the event bus through the official client and says so")
  void thePageConnectsInARealBrowser() throws Exception {
    String url = readyUrl.get(90, TimeUnit.SECONDS);
    ChromeDriver browser = Browser.open();
    try {
      browser.get(url);
      WebElement status = browser.findElement(By.id("connection"));
      new WebDriverWait(browser, Duration.ofSeconds(20))
          .until(driver -> "open".equals(status.getDomAttribute("data-state")));
      assertThat(status.getText()).isEqualTo("connected");
      assertThat(browser.executeScript("return typeof EventBus")).isEqualTo("function");
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName("on SIGTERM readiness turns 503 and the bridge closes its sockets first, then the node stops cleanly")
  void sigtermDrainsThenStops() throws Exception {
    String url = readyUrl.get(90, TimeUnit.SECONDS);
    CompletableFuture<Instant> closedByServer = new CompletableFuture<>();
    http.newWebSocketBuilder().buildAsync(URI.create(url.replaceFirst("^http", "ws") + "eventbus/websocket"), new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
        closedByServer.complete(Instant.now());
        return null;
      }
    }).get(10, TimeUnit.SECONDS);

    // SIGTERM. Process.destroy() would also close our end of the node's output, losing its last lines.
    node.toHandle().destroy();

    HttpResponse<String> draining = awaitStatus(url + "health/ready", 503);
    assertThat(draining.body()).contains("\"node\"");
    closedByServer.get(10, TimeUnit.SECONDS);
    assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("the node exits by itself").isTrue();
    reader.join(5_000); // the output is read to its end before it is checked
    // The node's own order of events: a socket closed by the stop would leave no "draining" close.
    assertThat(events()).containsSubsequence("node.draining", "bridge.socket.closed draining", "node.stopped");
  }

  /** The node's log events in order, a socket's close with its reason. */
  private List<String> events() {
    return log.stream().filter(line -> line.startsWith("{")).map(JsonObject::new)
        .map(line -> line.getString("message") + (line.containsKey("reason") ? " " + line.getString("reason") : ""))
        .toList();
  }

  private void readLog() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        log.add(line);
        if (line.contains("\"node.ready\"")) {
          readyUrl.complete(new JsonObject(line).getString("url"));
        }
      }
    } catch (IOException e) {
      readyUrl.completeExceptionally(e);
    }
    readyUrl.completeExceptionally(new AssertionError("the node exited before it was ready:\n" + String.join("\n", log)));
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String url, JsonObject body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> awaitStatus(String url, int status) {
    return Eventually.value(() -> {
      HttpResponse<String> response = get(url);
      return response.statusCode() == status ? response : null;
    }, Duration.ofSeconds(10), url + " answering " + status);
  }
}
