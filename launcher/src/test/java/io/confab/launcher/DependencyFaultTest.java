package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.confab.base.StoreConfig;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.RabbitNode;
import io.confab.testing.SlowProxy;
import io.confab.testing.TestMongo;
import io.confab.workers.mail.MailWorkerVerticle;
import io.confab.workers.translation.TranslationWorkerVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

/**
 * Dependencies stopped and started under a running platform, as production runs it (a broker, the external
 * mail and translation workers, SMTP): Redis, RabbitMQ and the Mongo wire server are real servers of this
 * test's own (the shared ones are never touched), stopped mid-traffic and started again on the same port;
 * a loopback proxy that adds delay stands in for a slow Mongo and a slow APY. Vert.x's blocked-thread
 * checker is watched throughout. It prints what it measured (figures for docs/RELIABILITY.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyFaultTest {

  private static final String PASSWORD = "Vx7!qLm2#pZr9w-faults";
  private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
  /** The node's translation timeout here (translation-timeout-ms), below APY's delay in the slow case. */
  private static final long TRANSLATION_TIMEOUT_MS = 3_000;
  /** The edge's bound on every bus request (Limits.BUS_REQUEST_TIMEOUT), then 504. */
  private static final long BUS_TIMEOUT_MS = 10_000;
  private static final Duration RECOVERED_WITHIN = Duration.ofSeconds(60);

  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication())
      .withPerMethodLifecycle(false);

  @TempDir
  static Path dataDir;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final int redisPort = FreePorts.next();
  private final List<String> figures = new CopyOnWriteArrayList<>();
  private LogWatch logs;
  private Vertx helpers;
  private TestMongo mongo;
  private SlowProxy slowMongo;
  private SlowProxy slowApy;
  private RedisServer redis;
  private RabbitNode rabbit;
  private Node node;
  private String base;
  private JsonObject ana;
  private JsonObject ben;
  private String room;

  /** One send as a client saw it. */
  private record Sent(String clientMsgId, String token, int status, String error, long millis) {
  }

  @BeforeAll
  void startThePlatform() throws Exception {
    logs = new LogWatch();
    helpers = Vertx.vertx();
    mongo = new TestMongo();
    slowMongo = SlowProxy.start(helpers, mongo.port());
    slowApy = SlowProxy.start(helpers, 2737);
    redis = startRedis();
    rabbit = new RabbitNode(dataDir.resolve("rabbit")).start();
    int port = FreePorts.next();
    base = "http://127.0.0.1:" + port;
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(HTTP_PORT, port)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(MONGO_URI, "mongodb://127.0.0.1:" + slowMongo.port())
        .put(REDIS_URI, "redis://127.0.0.1:" + redisPort)
        .put(AMQP_URI, rabbit.uri())
        .put(DATA_DIR, dataDir.resolve("node").toString())
        .put("translation-timeout-ms", TRANSLATION_TIMEOUT_MS)
        .put("translation-breaker-reset-ms", 3_000)
        .put("amqp-reconnect-ms", 1_000)
        .put("email-outbox-retry-ms", 1_000)
        .put("email-outbox-min-age-ms", 2_000)), BadInputTest.watchedVertx());
    JsonObject workers = new JsonObject()
        .put(AMQP_URI, rabbit.uri())
        .put(REDIS_URI, "redis://127.0.0.1:" + redisPort)
        .put("amqp-reconnect-ms", 1_000);
    helpers.deployVerticle(new MailWorkerVerticle(), new DeploymentOptions().setConfig(workers.copy()
        .put(SMTP_HOST, "127.0.0.1").put(SMTP_PORT, SMTP.getSmtp().getPort()).put(SMTP_STARTTLS, "disabled"))).await();
    helpers.deployVerticle(new TranslationWorkerVerticle(), new DeploymentOptions().setConfig(workers.copy()
        .put(TranslationWorkerVerticle.APY_URL, "http://127.0.0.1:" + slowApy.port())
        .put(TranslationWorkerVerticle.APY_AUTOSTART, false)
        .put(TranslationWorkerVerticle.APY_TIMEOUT_MS, 20_000))).await();
    awaitReady(200);
    ana = signUp("Ana");
    ben = signUp("Ben");
    HttpResponse<String> created = post("/api/v1/rooms", token(ana), new JsonObject().put("kind", "direct")
        .put("members", new JsonArray().add(id(ben))));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    room = new JsonObject(created.body()).getString("id");
  }

  @AfterEach
  void noThreadWasBlocked() {
    assertThat(logs.blockedThreads()).as("Vert.x blocked-thread warnings").isEmpty();
    assertThat(logs.unexpectedFailures()).as("failures answered internal").isEmpty();
  }

  @AfterAll
  void stopThePlatform() {
    figures.forEach(line -> System.out.println("dependency-faults " + line));
    if (node != null) {
      node.stop();
    }
    if (helpers != null) {
      helpers.close().await();
    }
    if (rabbit != null) {
      rabbit.close();
    }
    stopRedis();
    if (mongo != null) {
      mongo.close();
    }
    if (logs != null) {
      logs.close();
    }
  }

  // ---- Redis ------------------------------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("Redis stopped mid-traffic: ready 503 naming redis, sends answered (201, or 503 unavailable) without hanging, acknowledged messages stay; back: everything works again")
  void redisStoppedMidTraffic() throws Exception {
    try (Traffic traffic = new Traffic()) {
      traffic.await(sent -> sent.status() == 201, 5);
      long stopped = System.nanoTime();
      stopRedis();
      HttpResponse<String> down = awaitReady(503);
      assertThat(check(down, "redis")).isEqualTo("DOWN");
      long noticed = millisSince(stopped);
      int before = traffic.sent().size();
      // Chat writes without Redis since the owner keeps the recent messages in memory: answered either way, never hung.
      traffic.await(sent -> sent.status() == 201 || sent.status() == 503, 5);
      redis = startRedis();
      long restarted = System.nanoTime();
      awaitReady(200);
      long ready = millisSince(restarted);
      traffic.await(sent -> sent.status() == 201, 5);
      long working = millisSince(restarted);
      traffic.close();
      List<Sent> outage = traffic.since(before).stream().filter(sent -> sent.status() != 201 && sent.status() != 200).toList();
      // 503 unavailable, not the edge's 504 timeout: answered, not hung.
      assertThat(outage).as("answers while Redis was down").allSatisfy(sent -> {
        assertThat(sent.status()).isEqualTo(503);
        assertThat(sent.error()).isEqualTo("unavailable");
      });
      int resent = traffic.resendFailed();
      nothingLost(traffic);
      figures.add(String.format("redis: ready 503 after %d ms; %d sends refused during the outage, all 503 unavailable, slowest %d ms; ready 200 %d ms after restart, sends again %d ms; %d acknowledged, %d resent, 0 lost",
          noticed, outage.size(), outage.stream().mapToLong(Sent::millis).max().orElse(0), ready, working, traffic.acknowledged().size(), resent));
    }
  }

  // ---- RabbitMQ ---------------------------------------------------------------------------------------------

  @Test
  @Order(2)
  @DisplayName("RabbitMQ stopped: registrations succeed and their mails wait in the outbox, sent once each when it is back; translation answers 503 quickly, then works again")
  void rabbitMqStopped() throws Exception {
    String message = sendAs(ben, "Good morning, my friend");
    assertThat(translate(message).statusCode()).as("translation with the broker up").isEqualTo(200);
    rabbit.stop();
    awaitReady(503);
    List<String> registered = new ArrayList<>();
    long slowestRegistration = 0;
    for (int i = 0; i < 3; i++) {
      String email = "outbox-" + UUID.randomUUID().toString().substring(0, 8) + "@faults.example.org";
      long start = System.nanoTime();
      HttpResponse<String> answer = post("/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
          .put("displayName", "Outbox " + i));
      slowestRegistration = Math.max(slowestRegistration, millisSince(start));
      assertThat(answer.statusCode()).as("registration with the broker down: %s", answer.body()).isEqualTo(201);
      registered.add(email);
    }
    List<Long> translations = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      long start = System.nanoTime();
      HttpResponse<String> answer = translate(sendAs(ben, "Where is the station " + i));
      translations.add(millisSince(start));
      refusals.add(answer.statusCode() + " " + new JsonObject(answer.body()).getString("error"));
    }
    assertThat(refusals).as("translation with the broker down").allSatisfy(refusal ->
        assertThat(refusal).isIn("503 translation_unavailable", "504 timeout"));
    // The open breaker answers 503; a translation that waited for the broker would be a 504 timeout.
    assertThat(refusals.subList(3, 6)).as("once the breaker is open").containsOnly("503 translation_unavailable");
    assertThat(SMTP.getReceivedMessages()).as("no mail while the broker is down")
        .noneMatch(mail -> registered.stream().anyMatch(to -> recipients(mail).contains(to)));

    long restarted = System.nanoTime();
    rabbit.start();
    awaitReady(200);
    for (String email : registered) {
      awaitMail(email);
    }
    long mailed = millisSince(restarted);
    long translated = awaitTranslation(message);
    // No kept job is left to publish again, and a copy published before would be taken before a mail asked for now.
    Eventually.until(() -> outboxSize() == 0, RECOVERED_WITHIN, "the outbox empty");
    String barrier = "barrier-" + UUID.randomUUID().toString().substring(0, 8) + "@faults.example.org";
    assertThat(post("/api/v1/auth/register", null, new JsonObject().put("email", barrier).put("password", PASSWORD)
        .put("displayName", "Barrier")).statusCode()).isEqualTo(201);
    awaitMail(barrier);
    for (String email : registered) {
      assertThat(SMTP.getReceivedMessages()).as("mails to %s", email).filteredOn(mail -> recipients(mail).contains(email)).hasSize(1);
    }
    figures.add(String.format("rabbitmq: %d registrations while down, all 201 (slowest %d ms); translation while down %s ms; broker back: %d mails delivered within %d ms, each once; translation 200 again after %d ms",
        registered.size(), slowestRegistration, translations, registered.size(), mailed, translated));
  }

  // ---- MongoDB ----------------------------------------------------------------------------------------------

  @Test
  @Order(3)
  @DisplayName("the Mongo server stopped and started: writes answer 503, nothing half-written, service resumes")
  void mongoStoppedAndStarted() throws Exception {
    try (Traffic traffic = new Traffic()) {
      traffic.await(sent -> sent.status() == 201, 5);
      long stopped = System.nanoTime();
      mongo.stop();
      HttpResponse<String> down = awaitReady(503);
      assertThat(check(down, "mongo")).isEqualTo("DOWN");
      long noticed = millisSince(stopped);
      int before = traffic.sent().size();
      traffic.await(sent -> sent.status() == 503, 5);
      mongo.start();
      long restarted = System.nanoTime();
      awaitReady(200);
      long ready = millisSince(restarted);
      traffic.await(sent -> sent.status() == 201, 5);
      long working = millisSince(restarted);
      traffic.close();
      List<Sent> outage = traffic.since(before).stream().filter(sent -> sent.status() != 201 && sent.status() != 200).toList();
      // 503 unavailable, not the edge's 504 timeout: answered, not hung.
      assertThat(outage).as("answers while Mongo was down").isNotEmpty().allSatisfy(sent -> {
        assertThat(sent.status()).isEqualTo(503);
        assertThat(sent.error()).isEqualTo("unavailable");
      });
      int resent = traffic.resendFailed();
      nothingLost(traffic);
      figures.add(String.format("mongo: ready 503 after %d ms; %d sends during the outage, all 503 unavailable, slowest %d ms; ready 200 %d ms after restart, sends again %d ms; %d acknowledged, %d resent, 0 lost, seqs gapless",
          noticed, outage.size(), outage.stream().mapToLong(Sent::millis).max().orElse(0), ready, working, traffic.acknowledged().size(), resent));
    }
  }

  // ---- slow dependencies ------------------------------------------------------------------------------------

  @Test
  @Order(4)
  @DisplayName("a slow APY and a slow Mongo: 504 timeout within the configured bounds, the event loop never blocked, and back to normal after")
  void slowDependenciesTimeOut() throws Exception {
    String message = sendAs(ben, "The weather is lovely today");
    slowApy.delay(TRANSLATION_TIMEOUT_MS * 3);
    long start = System.nanoTime();
    HttpResponse<String> slowTranslation = translate(message);
    long translationMillis = millisSince(start);
    assertThat(slowTranslation.statusCode()).as(slowTranslation.body()).isEqualTo(504);
    // APY answers after 3 translation timeouts, before the edge's bound: a 504 is the translation timeout's.
    assertThat(new JsonObject(slowTranslation.body()).getString("error")).isEqualTo("timeout");
    slowApy.delay(0);

    slowMongo.delay(BUS_TIMEOUT_MS + 2_000);
    String clientMsgId = "slow-" + UUID.randomUUID();
    start = System.nanoTime();
    HttpResponse<String> slowSend = post("/api/v1/rooms/" + room + "/messages", token(ana), new JsonObject().put("text", "slow")
        .put("clientMsgId", clientMsgId));
    long sendMillis = millisSince(start);
    start = System.nanoTime();
    HttpResponse<String> live = get("/health/live", null);
    long liveMillis = millisSince(start);
    assertThat(slowSend.statusCode()).as(slowSend.body()).isEqualTo(504);
    // Mongo answers after the edge's bound: a 504 is that bound's, not a late 201.
    assertThat(new JsonObject(slowSend.body()).getString("error")).isEqualTo("timeout");
    assertThat(live.statusCode()).as("the node answers what needs no store while Mongo is slow").isEqualTo(200);
    slowMongo.delay(0);

    long recovered = awaitTranslation(message);
    HttpResponse<String> again = awaitStatus(() -> post("/api/v1/rooms/" + room + "/messages", token(ana),
        new JsonObject().put("text", "slow").put("clientMsgId", clientMsgId)), status -> status == 200 || status == 201);
    assertThat(RoomHistory.read(path -> get(path, token(ana)), room)).as("the slow send, once")
        .filteredOn(stored -> clientMsgId.equals(stored.getString("clientMsgId"))).hasSize(1);
    figures.add(String.format("slow: APY +%d ms → 504 timeout in %d ms (bound %d ms); Mongo +%d ms → 504 timeout in %d ms (bound %d ms), /health/live meanwhile in %d ms; translation back after %d ms; the slow send resent: %d, stored once; blocked-thread warnings: %d",
        TRANSLATION_TIMEOUT_MS * 3, translationMillis, TRANSLATION_TIMEOUT_MS, BUS_TIMEOUT_MS + 2_000, sendMillis, BUS_TIMEOUT_MS, liveMillis,
        recovered, again.statusCode(), logs.blockedThreads().size()));
  }

  // ---- traffic ------------------------------------------------------------------------------------------------

  /** Ana and Ben sending to their room all along, each send with its own clientMsgId, as a client would. */
  private final class Traffic implements AutoCloseable {

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> senders = new ArrayList<>();

    Traffic() {
      for (JsonObject user : List.of(ana, ben)) {
        Thread sender = new Thread(() -> {
          while (running.get()) {
            sent.add(sendOnce(token(user), "t-" + UUID.randomUUID()));
            pause(100);
          }
        }, "traffic-" + user.getJsonObject("user").getString("displayName"));
        sender.start();
        senders.add(sender);
      }
    }

    List<Sent> sent() {
      return sent;
    }

    /** The sends from index {@code from} on, as a copy: a sub-list of the live list fails once the senders add to it. */
    List<Sent> since(int from) {
      List<Sent> now = List.copyOf(sent);
      return now.subList(from, now.size());
    }

    List<Sent> acknowledged() {
      return sent.stream().filter(one -> one.status() == 201 || one.status() == 200).toList();
    }

    /** Waits until {@code count} sends from now on match, failing after a minute. */
    void await(Predicate<Sent> wanted, int count) {
      int from = sent.size();
      boolean matched = Eventually.holds(() -> since(from).stream().filter(wanted).count() >= count, RECOVERED_WITHIN);
      List<Sent> recent = since(from);
      assertThat(matched).as("sends as wanted; the last: %s", recent.subList(Math.max(0, recent.size() - 3), recent.size())).isTrue();
    }

    /** Every send that was not acknowledged, again with its clientMsgId, until it is: what a client's outbox does. */
    int resendFailed() throws Exception {
      List<Sent> failed = sent.stream().filter(one -> one.status() != 201 && one.status() != 200).toList();
      for (Sent one : failed) {
        HttpResponse<String> answer = awaitStatus(() -> post("/api/v1/rooms/" + room + "/messages", one.token(),
            new JsonObject().put("text", "traffic").put("clientMsgId", one.clientMsgId())), status -> status == 200 || status == 201);
        sent.add(new Sent(one.clientMsgId(), one.token(), answer.statusCode(), null, 0));
      }
      return failed.size();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      for (Thread sender : senders) {
        sender.join(Duration.ofSeconds(30).toMillis());
      }
    }

    private Sent sendOnce(String token, String clientMsgId) {
      long start = System.nanoTime();
      try {
        HttpResponse<String> answer = post("/api/v1/rooms/" + room + "/messages", token, new JsonObject().put("text", "traffic")
            .put("clientMsgId", clientMsgId));
        String error = answer.statusCode() >= 400 ? new JsonObject(answer.body()).getString("error") : null;
        return new Sent(clientMsgId, token, answer.statusCode(), error, millisSince(start));
      } catch (Exception e) {
        return new Sent(clientMsgId, token, -1, String.valueOf(e), millisSince(start));
      }
    }
  }

  /** Every acknowledged send is in the room exactly once, every resent one too; seqs run without a gap. */
  private void nothingLost(Traffic traffic) throws Exception {
    List<JsonObject> stored = RoomHistory.read(path -> get(path, token(ana)), room);
    Map<String, Integer> copies = new ConcurrentHashMap<>();
    stored.forEach(message -> copies.merge(message.getString("clientMsgId") + "|" + message.getJsonObject("sender").getString("id"), 1, Integer::sum));
    for (Sent one : traffic.acknowledged()) {
      String sender = one.token().equals(token(ana)) ? id(ana) : id(ben);
      assertThat(copies.get(one.clientMsgId() + "|" + sender)).as("copies of acknowledged %s", one.clientMsgId()).isEqualTo(1);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private RedisServer startRedis() {
    try {
      RedisServer server = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort).setting("save \"\"").setting("appendonly no")
          .setting("dir " + dataDir.toAbsolutePath()).build();
      server.start();
      return server;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void stopRedis() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      redis = null;
    }
  }

  private JsonObject signUp(String name) throws Exception {
    String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@faults.example.org";
    HttpResponse<String> registered = post("/api/v1/auth/register", null, new JsonObject().put("email", email).put("password", PASSWORD)
        .put("displayName", name).put("language", "en"));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    Matcher code = CODE.matcher(GreenMailUtil.getBody(awaitMail(email)));
    assertThat(code.find()).isTrue();
    assertThat(post("/api/v1/auth/verify", null, new JsonObject().put("email", email).put("code", code.group(1))).statusCode()).isEqualTo(204);
    return new JsonObject(post("/api/v1/auth/login", null, new JsonObject().put("email", email).put("password", PASSWORD)).body());
  }

  private MimeMessage awaitMail(String to) {
    return Eventually.value(() -> Arrays.stream(SMTP.getReceivedMessages()).filter(mail -> recipients(mail).contains(to)).findFirst()
        .orElse(null), RECOVERED_WITHIN, "a mail to " + to);
  }

  private long outboxSize() {
    MongoClient store = MongoClient.create(helpers, StoreConfig.mongo(mongo.deploymentConfig().put(MONGO_DATABASE, NodeConfig.DEFAULTS.getString(MONGO_DATABASE))));
    try {
      return store.count("mail_outbox", new JsonObject()).await();
    } finally {
      store.close().await();
    }
  }

  private static List<String> recipients(MimeMessage mail) {
    try {
      return java.util.Arrays.stream(mail.getAllRecipients()).map(Object::toString).toList();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private String sendAs(JsonObject user, String text) throws Exception {
    HttpResponse<String> sent = post("/api/v1/rooms/" + room + "/messages", token(user), new JsonObject().put("text", text)
        .put("clientMsgId", "m-" + UUID.randomUUID()));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    return new JsonObject(sent.body()).getString("id");
  }

  private HttpResponse<String> translate(String messageId) throws Exception {
    return post("/api/v1/messages/" + messageId + "/translate", token(ana), new JsonObject().put("lang", "es"));
  }

  /** Milliseconds until a translation answers 200 again. */
  private long awaitTranslation(String messageId) throws Exception {
    long start = System.nanoTime();
    awaitStatus(() -> translate(messageId), status -> status == 200);
    return millisSince(start);
  }

  private interface Call {
    HttpResponse<String> call() throws Exception;
  }

  private HttpResponse<String> awaitStatus(Call call, Predicate<Integer> wanted) {
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    boolean recovered = Eventually.holds(() -> {
      last.set(call.call());
      return wanted.test(last.get().statusCode());
    }, RECOVERED_WITHIN);
    assertThat(recovered).as("recovery; the last answer: %s %s", last.get().statusCode(), last.get().body()).isTrue();
    return last.get();
  }

  private HttpResponse<String> awaitReady(int status) throws Exception {
    return awaitStatus(() -> get("/health/ready", null), got -> got == status);
  }

  private static String check(HttpResponse<String> health, String id) {
    return new JsonObject(health.body()).getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> id.equals(check.getString("id"))).findFirst().map(check -> check.getString("status")).orElse(null);
  }

  private HttpResponse<String> post(String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String token(JsonObject login) {
    return login.getString("accessToken");
  }

  private static String id(JsonObject login) {
    return login.getJsonObject("user").getString("id");
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
