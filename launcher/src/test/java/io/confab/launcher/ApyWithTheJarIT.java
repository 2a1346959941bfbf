package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.confab.testing.FreePorts;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The jar's own APY, as {@code bin/run} gets it: started from a working directory with the default
 * relative data dir, and gone with its node. Each node is given a free {@code apy-url}, so it starts
 * its own APY instead of using the one bin/services keeps on 2737.
 */
class ApyWithTheJarIT {

  private static final Path APY = Path.of("/usr/bin/apertium-apy");
  private static final int REDIS_DATABASE = 13;
  private static final Duration GONE_WITHIN = Duration.ofSeconds(30);
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  private final HttpClient http = HttpClient.newHttpClient();
  private Path workDir;
  private int apyPort;
  private WebPageNode node;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.exists(APY), "apertium-apy is installed (bin/services apertium)");
    workDir = Files.createDirectories(Path.of("target", "apy-it", Long.toString(System.nanoTime(), 36)).toAbsolutePath());
    apyPort = FreePorts.next();
    node = WebPageNode.in(workDir, REDIS_DATABASE, List.of("--data-dir", "data"),
        Map.of("CONFAB_APY_URL", "http://127.0.0.1:" + apyPort)).start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    node.stop();
  }

  @Test
  @DisplayName("with a relative --data-dir the node starts its APY and an English message reads in Spanish")
  void aRelativeDataDirServesATranslation() throws Exception {
    String token = signedIn();
    JsonObject room = new JsonObject(post("api/v1/rooms", token, new JsonObject().put("kind", "self")).body());
    JsonObject message = new JsonObject(post("api/v1/rooms/" + room.getString("id") + "/messages", token,
        new JsonObject().put("text", "Hello, how are you?").put("clientMsgId", "apy-1")).body());

    HttpResponse<String> translated = post("api/v1/messages/" + message.getString("id") + "/translate", token,
        new JsonObject().put("lang", "es"));

    assertThat(translated.statusCode()).as(translated.body()).isEqualTo(200);
    assertThat(new JsonObject(translated.body()).getString("text")).containsIgnoringCase("hola");
    assertThat(workDir.resolve("data").resolve("apy").resolve("apy.log")).as("APY ran in the data dir").exists();
  }

  @Test
  @DisplayName("APY and the Apertium pipelines it started end with a node killed -9, freeing APY's port")
  void apyEndsWithAKilledNode() throws Exception {
    HttpResponse<String> spanish = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apyPort
        + "/translate?langpair=eng%7Cspa&q=" + URLEncoder.encode("good morning", StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(spanish.body()).as("the node's own APY, with a pipeline running").containsIgnoringCase("buenos");
    List<ProcessHandle> apyAndPipelines = node.process().descendants().toList();
    assertThat(apyAndPipelines).hasSizeGreaterThan(1);

    node.kill();

    await(() -> apyAndPipelines.stream().noneMatch(ProcessHandle::isAlive), "APY and its pipelines ended");
    await(() -> !listening(apyPort), "APY's port closed");
  }

  private String signedIn() throws Exception {
    String email = "apy" + System.nanoTime() + "@example.org";
    String password = "Vx7!qLm2#pZr9w";
    assertThat(post("api/v1/auth/register", null, new JsonObject().put("email", email).put("password", password)
        .put("displayName", "Apy User")).statusCode()).isEqualTo(201);
    JsonArray mails = new JsonArray(get("dev/mail?to=" + URLEncoder.encode(email, StandardCharsets.UTF_8)).body());
    Matcher code = CODE.matcher(mails.getJsonObject(0).getString("text"));
    assertThat(code.find()).isTrue();
    assertThat(post("api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", code.group(1))).statusCode()).isEqualTo(204);
    return new JsonObject(post("api/v1/auth/login", null, new JsonObject().put("email", email).put("password", password)).body())
        .getString("accessToken");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.url() + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void await(BooleanSupplier condition, String what) {
    Eventually.until(condition::getAsBoolean, GONE_WITHIN, what);
  }
}
