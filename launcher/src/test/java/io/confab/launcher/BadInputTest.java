package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static io.confab.launcher.ContractAnswers.abbreviate;
import static io.confab.launcher.HostileInput.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.BridgeClient;
import io.confab.testing.ConfabApi;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input, generated (jqwik's generators, driven concurrently over keep-alive connections): every HTTP
 * route, every bridge address, uploads, downloads, health, metrics, the dev mailbox and raw SockJS frames
 * get random and boundary input, and each case must be answered in the contract's terms. The whole
 * platform runs in this JVM on the one-JVM defaults (embedded Mongo wire server, the shared Redis, APY),
 * with Vert.x's blocked-thread checker watched. It prints the cases tried per route, and the seed:
 * {@code -Dconfab.badinput.seed=N} replays a run, {@code -Dconfab.badinput.perRoute=N} changes its size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {

  private static final int PER_ROUTE = Integer.getInteger("confab.badinput.perRoute", 250);
  /** Its own: its hundreds of mail requests from 127.0.0.1 would throttle the suites after it (LocalServices). */
  private static final int REDIS_DATABASE = 10;
  private static final long SEED = Long.getLong("confab.badinput.seed", System.nanoTime());
  private static final int MIN_CASES = 10_000;
  private static final int IN_FLIGHT = 24;
  /** Below the bridge's 64 KiB frame limit, with room for the frame's own fields. */
  private static final int FRAME_BODY_MAX = 60_000;
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);
  private static final String PASSWORD = "Vx7!qLm2#pZr9w-bad-input";

  @TempDir
  static Path dataDir;

  private final Map<String, AtomicInteger> tried = new ConcurrentHashMap<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private LogWatch logs;
  private Node node;
  private Vertx clients;
  private int port;
  private String base;
  private User ana;
  private User ben;
  private User sam;
  private final List<String> rooms = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();
  private final List<String> files = new ArrayList<>();
  /** Custom emoji: the ids in their URLs, and their names. */
  private final List<String> emoji = new ArrayList<>();
  private final List<String> emojiNames = new ArrayList<>(List.of("party_parrot", "x", "a-b_c"));
  private String channel;

  private record User(String id, String email, String token, String refreshToken) {
  }

  private record Case(String method, String path, String token, byte[] body, String contentType, Map<String, String> headers) {
  }

  private record Route(String label, Arbitrary<Case> cases, Set<Integer> extraStatuses) {
  }

  @BeforeAll
  void startThePlatform() throws Exception {
    LocalServices.requireRedis();
    logs = new LogWatch();
    JqwikSession.start();
    port = FreePorts.next();
    base = "http://127.0.0.1:" + port;
    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(HTTP_PORT, port)
        .put(CLUSTER_PORT, FreePorts.next())
        .put(EMBEDDED_MONGO_PORT, FreePorts.next())
        .put(REDIS_URI, LocalServices.emptiedRedisDatabase(REDIS_DATABASE))
        .put(DATA_DIR, dataDir.toString())
        // The bridge cases go as fast as the answers come, 24 at a time on two sockets: at the default frame
        // budget (50 a second) a node that answers quickly closes the socket for flooding, and the requests in
        // flight on it get no answer. The budget has tests of its own (BridgeAttacksTest); here it stays out of reach.
        .put("bridge-frames-per-second", 100_000)), watchedVertx());
    clients = Vertx.vertx();
    awaitReady();
    ana = signUp("Ana");
    ben = signUp("Ben");
    sam = signUp("Sam");
    seed();
    System.out.println("bad-input seed " + SEED + " (replay with -Dconfab.badinput.seed=" + SEED + ")");
  }

  /** Vert.x's checker, tighter than its defaults: an event loop held a second is a failure here. */
  static VertxOptions watchedVertx() {
    return new VertxOptions()
        .setBlockedThreadCheckInterval(200).setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setMaxEventLoopExecuteTime(1_000).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setMaxWorkerExecuteTime(30).setMaxWorkerExecuteTimeUnit(TimeUnit.SECONDS)
        .setWarningExceptionTime(500).setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS);
  }

  @BeforeEach
  void forgetEarlierProblems() {
    problems.clear();
  }

  @AfterAll
  void stopThePlatform() {
    JqwikSession.finish();
    if (clients != null) {
      clients.close().await();
    }
    if (node != null) {
      node.stop();
    }
    if (logs != null) {
      logs.close();
    }
  }

  // ---- the generated runs -------------------------------------------------------------------------------

  @Test
  @Order(1)
  @DisplayName("every HTTP route answers random and boundary JSON, bad ids and bad queries in the contract's terms")
  void everyHttpRouteAnswersInContractTerms() throws Exception {
    for (Route route : apiRoutes()) {
      run(route, PER_ROUTE);
    }
    assertNoProblems();
  }

  @Test
  @Order(2)
  @DisplayName("uploads, downloads, health, metrics, the dev mailbox and unknown paths answer bad input in the contract's terms")
  void theOtherHttpRoutesAnswerInContractTerms() throws Exception {
    for (Route route : otherRoutes()) {
      run(route, PER_ROUTE);
    }
    assertNoProblems();
  }

  @Test
  @Order(3)
  @DisplayName("every bridge address answers random bodies with a reply or a contract failure")
  void everyBridgeAddressAnswersInContractTerms() throws Exception {
    User[] users = {ana, ben};
    BridgeClient[] buses = {BridgeClient.connect(clients, port, ana.token()), BridgeClient.connect(clients, port, ben.token())};
    long pings = clients.setPeriodic(3_000, timer -> List.of(buses).forEach(BridgeClient::ping));
    for (Map.Entry<String, Map<String, Arbitrary<Object>>> address : bridgeAddresses().entrySet()) {
      // Frames stay under the bridge's 64 KiB limit here: an oversize frame closes the socket (the raw-frame test has those).
      Arbitrary<Object> bodies = Arbitraries.frequencyOf(
              Tuple.of(9, HostileInput.bodies(address.getValue()).map(Object.class::cast)),
              Tuple.of(1, HostileInput.values()))
          .filter(body -> utf8(io.vertx.core.json.Json.encode(body)).length < FRAME_BODY_MAX);
      String label = "bridge " + address.getKey();
      RandomGenerator<Object> bodyCases = bodies.generator(1_000);
      RandomGenerator<Integer> who = Arbitraries.of(0, 0, 0, 1).generator(1_000);
      Random random = random(label);
      Set<Integer> extra = address.getKey().equals(Addresses.TRANSLATE_REQUEST) ? Set.of(503) : Set.of();
      bounded(PER_ROUTE, () -> {
        Object body = bodyCases.next(random).value();
        int index = who.next(random).value();
        if (buses[index].isClosed()) {
          buses[index] = BridgeClient.connect(clients, port, users[index].token());
        }
        return buses[index].request(address.getKey(), body).toCompletionStage().toCompletableFuture()
            .orTimeout(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS)
            .handle((frame, failure) -> {
              count(label);
              Optional<String> problem = failure != null ? Optional.of("no reply: " + failure) : ContractAnswers.bridge(frame, extra);
              problem.ifPresent(text -> problems.add(label + " " + abbreviate(String.valueOf(body)) + " → " + text));
              return null;
            });
      });
    }
    clients.cancelTimer(pings);
    List.of(buses).forEach(BridgeClient::close);
    assertNoProblems();
  }

  @Test
  @Order(4)
  @DisplayName("garbage and oversize SockJS frames are refused or close the socket, and the bridge goes on serving")
  void garbageSockJsFramesNeverBreakTheBridge() throws Exception {
    String label = "bridge raw frames";
    Random random = random(label);
    RandomGenerator<Buffer> frames = garbageFrames().generator(1_000);
    WebSocketClient sockets = clients.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(2 * 1024 * 1024)
        .setMaxMessageSize(4 * 1024 * 1024));
    AtomicInteger closed = new AtomicInteger();
    bounded(PER_ROUTE, () -> {
      Buffer frame = frames.next(random).value();
      CompletableFuture<Void> done = new CompletableFuture<>();
      sockets.connect(port, "127.0.0.1", "/eventbus/websocket").onComplete(socket -> {
        String reply = UUID.randomUUID().toString();
        List<String> seen = new CopyOnWriteArrayList<>();
        socket.frameHandler(received -> {
          if (received.isText() || received.isBinary()) {
            String text = received.binaryData().toString();
            seen.add(text);
            if (text.contains(reply)) {
              socket.close();
            }
          }
        });
        socket.closeHandler(v -> {
          seen.stream().map(text -> ContractAnswers.http("GET", 200, "application/json", utf8(text), Set.of()))
              .flatMap(Optional::stream).findFirst()
              .ifPresent(problem -> problems.add(label + " " + abbreviate(frame.toString()) + " → " + problem));
          if (seen.stream().noneMatch(text -> text.contains(reply))) {
            closed.incrementAndGet();
          }
          done.complete(null);
        });
        writeRaw(socket, frame);
        // Then a well-formed request on the same socket: answered if the socket survived, else it closed.
        socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_HISTORY).put("replyAddress", reply)
            .put("headers", new JsonObject().put("authorization", "Bearer " + ana.token()))
            .put("body", new JsonObject().put("room", rooms.get(0))).encode());
        clients.setTimer(ANSWER_WITHIN.toMillis() / 2, timer -> socket.close());
      }, failure -> done.completeExceptionally(failure));
      return done.whenComplete((v, failure) -> {
        count(label);
        if (failure != null) {
          problems.add(label + " " + abbreviate(frame.toString()) + " → could not connect: " + failure);
        }
      });
    });
    sockets.close().await();
    System.out.println("bad-input raw frames: " + closed.get() + " of " + PER_ROUTE + " sockets closed by the server, the rest answered the next request");
    try (BridgeClient after = BridgeClient.connect(clients, port, ana.token())) {
      JsonObject answer = after.request(Addresses.CHAT_HISTORY, new JsonObject().put("room", rooms.get(0))).await();
      assertThat(answer.getString("type")).as("a fresh socket after the garbage: %s", answer).isEqualTo("rec");
    }
    assertNoProblems();
  }

  @Test
  @Order(5)
  @DisplayName("the limits hold at their boundaries: 4,000 code points pass, 4,001 do not; operators, huge and deep bodies are refused")
  void limitsHoldAtTheirBoundaries() throws Exception {
    String room = rooms.get(0);
    assertThat(send(room, repeat("\uD83D\uDE00", TEXT_MAX)).statusCode()).as("4,000 astral code points").isEqualTo(201);
    assertThat(send(room, repeat("x", TEXT_MAX)).statusCode()).as("4,000 ASCII").isEqualTo(201);
    assertThat(send(room, repeat("\uD83D\uDE00", TEXT_MAX + 1)).statusCode()).as("4,001 astral code points").isEqualTo(400);
    assertThat(send(room, repeat("x", TEXT_MAX + 1)).statusCode()).as("4,001 ASCII").isEqualTo(400);
    assertThat(raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(),
        utf8("{\"text\":{\"$gt\":\"\"},\"clientMsgId\":\"op\"}")).statusCode()).as("an operator for text").isEqualTo(400);
    assertThat(raw("POST", "/api/v1/auth/login", null, utf8("{\"email\":{\"$gt\":\"\"},\"password\":{\"$ne\":null}}")).statusCode())
        .as("operators for credentials").isEqualTo(400);
    assertThat(raw("GET", "/api/v1/rooms/" + segment("{\"$gt\":\"\"}") + "/messages", ana.token(), new byte[0]).statusCode())
        .as("an operator as a room id is only a room that does not exist").isEqualTo(404);
    assertThat(raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(), utf8("{\"text\":\"" + "a".repeat(70_000) + "\"}")).statusCode())
        .as("a body over 64 KiB").isEqualTo(413);
    assertThat(raw("POST", "/api/v1/rooms", ana.token(), utf8("{\"kind\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}")).statusCode())
        .as("5,000 levels deep").isEqualTo(400);
    String longField = "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n" + "n".repeat(10_000) + "\r\n--b--\r\n";
    assertThat(http.send(request(new Case("POST", "/api/v1/rooms", ana.token(), utf8(longField), "multipart/form-data; boundary=b", Map.of())),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("a form to a JSON endpoint").isEqualTo(400);
    assertThat(http.send(request(new Case("POST", "/api/v1/uploads", ana.token(), utf8(longField), "multipart/form-data; boundary=b", Map.of())),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("an upload with a field of its own over the form limit").isEqualTo(400);
    byte[] invalid = utf8("{\"text\":\"ok\",\"clientMsgId\":\"utf8\"}");
    invalid[10] = (byte) 0xC3;
    assertThat(raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(), invalid).statusCode()).as("invalid UTF-8").isEqualTo(400);
    assertThat(raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(),
        utf8("{\"text\":\"lone \\ud800 surrogate\",\"clientMsgId\":\"lone\"}")).statusCode()).as("a lone surrogate").isIn(201, 400);
  }

  @Test
  @Order(6)
  @DisplayName("after all of it, everything stored reads back through the contract, no thread was blocked and no line logged a stack trace")
  void everythingStoredStillReads() throws Exception {
    for (User user : List.of(ana, ben)) {
      HttpResponse<String> me = get("/api/v1/me", user.token());
      assertThat(me.statusCode()).as("/me of %s: %s", user.email(), me.body()).isEqualTo(200);
      assertThat(new JsonObject(me.body()).getString("id")).isEqualTo(user.id());
      HttpResponse<String> listed = get("/api/v1/rooms", user.token());
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
      assertThat(get("/api/v1/auth/sessions", user.token()).statusCode()).isEqualTo(200);
      assertThat(get("/api/v1/channels", user.token()).statusCode()).isEqualTo(200);
      for (Object item : new JsonArray(listed.body())) {
        readsWhole((JsonObject) item, user);
      }
    }
    for (String fileId : files) {
      assertThat(get("/files/" + fileId, ana.token()).statusCode()).as("file %s", fileId).isEqualTo(200);
    }
    try (BridgeClient bus = BridgeClient.connect(clients, port, ana.token())) {
      for (String room : rooms) {
        JsonObject frame = bus.request(Addresses.CHAT_SYNC, new JsonObject().put("room", room).put("since", 0)).await();
        assertThat(frame.getString("type")).as("chat.sync of %s over the bridge: %s", room, frame).isIn("rec", "err");
        if ("err".equals(frame.getString("type"))) {
          assertThat(frame.getInteger("failureCode")).as("only a room Ana left may refuse her").isEqualTo(403);
        }
      }
    }
    int total = tried.values().stream().mapToInt(AtomicInteger::get).sum();
    StringBuilder table = new StringBuilder("bad-input cases tried per route (seed " + SEED + "):\n");
    new TreeMap<>(tried).forEach((route, count) -> table.append(String.format("  %6d  %s%n", count.get(), route)));
    table.append(String.format("  %6d  in all, over %d routes and addresses%n", total, tried.size()));
    System.out.print(table);
    assertThat(total).as("cases tried").isGreaterThanOrEqualTo(PER_ROUTE >= 250 ? MIN_CASES : 0);
    assertThat(logs.blockedThreads()).as("Vert.x blocked-thread warnings").isEmpty();
    assertThat(logs.unexpectedFailures()).as("failures answered internal").isEmpty();
    assertThat(logs.stackTraces()).as("lines logged with a stack trace").isEmpty();
  }

  private void readsWhole(JsonObject listed, User user) throws Exception {
    RoomHistory.read(path -> get(path, user.token()), listed.getString("id"));
  }

  // ---- the routes ---------------------------------------------------------------------------------------

  private List<Route> apiRoutes() {
    Arbitrary<Object> anyEmail = Arbitraries.oneOf(
        Arbitraries.of(ana.email(), ben.email(), "nobody@example.org", "a@b", "@", "x@example", " ANA@example.org ").map(Object.class::cast),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(local -> (Object) (local + "@bad-input.example.org")));
    Arbitrary<Object> password = Arbitraries.of(PASSWORD, "password", "12345678", "Vx7!qLm2#pZr9w-" + UUID.randomUUID(), "x".repeat(1_024),
        "x".repeat(1_025)).map(Object.class::cast);
    Arbitrary<Object> code = Arbitraries.oneOf(Arbitraries.strings().numeric().ofLength(6).map(Object.class::cast),
        Arbitraries.of("", "0000000", "abcdef", "1234567890123456", "12345678901234567").map(Object.class::cast));
    Arbitrary<Object> text = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(200).map(Object.class::cast),
        Arbitraries.of(repeat("x", TEXT_MAX), repeat("\uD83D\uDE00", TEXT_MAX), repeat("x", TEXT_MAX + 1), "", " ").map(Object.class::cast));
    Arbitrary<Object> clientMsgId = Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(64).map(Object.class::cast),
        Arbitraries.of("", repeat("c", 65)).map(Object.class::cast));
    Arbitrary<Object> userId = pool(List.of(ana.id(), ben.id(), sam.id()));
    Arbitrary<Object> displayName = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(0).ofMaxLength(70).map(Object.class::cast),
        Arbitraries.of("Ana", repeat("n", 64), repeat("n", 65), " ", "\u0007bell").map(Object.class::cast));
    Arbitrary<Object> language = Arbitraries.of("en", "es", "EN", "e", "eng", "xx", "zz", "").map(Object.class::cast);
    Arbitrary<Object> attachments = Arbitraries.oneOf(
        pool(files).list().ofMaxSize(12).map(ids -> (Object) new JsonArray(new ArrayList<>(ids))),
        Arbitraries.just(new JsonArray().add(new JsonObject().put("fileId", files.get(0)))));
    List<String> roomIds = rooms;
    List<String> sessions = sessionsOf(sam);
    List<Route> routes = new ArrayList<>();
    routes.add(api("POST", "/auth/register", null, fields("email", anyEmail, "password", password, "displayName", displayName, "language", language)));
    routes.add(api("POST", "/auth/verify", null, fields("email", anyEmail, "code", code)));
    routes.add(api("POST", "/auth/resend", null, fields("email", anyEmail)));
    routes.add(api("POST", "/auth/login", null, fields("email", anyEmail, "password", password, "totp", code)));
    routes.add(api("POST", "/auth/refresh", null, fields("refreshToken", Arbitraries.oneOf(pool(List.of(sam.refreshToken())),
        HostileInput.strings().map(Object.class::cast)))));
    routes.add(api("POST", "/auth/logout", sam, fields("refreshToken", HostileInput.strings().map(Object.class::cast))));
    routes.add(api("POST", "/auth/totp/setup", sam, fields()));
    routes.add(api("POST", "/auth/totp/enable", sam, fields("code", code)));
    routes.add(api("POST", "/auth/totp/disable", sam, fields("code", code)));
    routes.add(api("POST", "/auth/password/forgot", null, fields("email", anyEmail)));
    routes.add(api("POST", "/auth/password/reset", null, fields("email", anyEmail, "code", code, "password", password)));
    routes.add(api("POST", "/auth/password/change", sam, fields("oldPassword", password, "password", password)));
    routes.add(api("GET", "/auth/sessions", ana, fields()));
    routes.add(api("DELETE", "/auth/sessions/:id", sam, fields(), Map.of("id", sessions)));
    routes.add(api("GET", "/me", ana, fields()));
    routes.add(api("PATCH", "/me", ben, fields("displayName", displayName, "language", language)));
    routes.add(api("GET", "/users", ana, fields(), Map.of(), List.of("q")));
    routes.add(api("POST", "/rooms", ana, fields("kind", Arbitraries.of("group", "channel", "direct", "self", "GROUP", "", "dm").map(Object.class::cast),
        "name", displayName, "members", userId.list().ofMaxSize(3).map(ids -> (Object) new JsonArray(new ArrayList<>(ids))))));
    routes.add(api("GET", "/rooms", ana, fields()));
    routes.add(api("GET", "/rooms/:room", ana, fields(), Map.of("room", roomIds)));
    routes.add(api("POST", "/rooms/:room/members", ana, fields("userId", userId), Map.of("room", roomIds)));
    routes.add(api("DELETE", "/rooms/:room/members/:userId", ben, fields(), Map.of("room", roomIds, "userId", List.of(ben.id(), ana.id()))));
    routes.add(api("POST", "/rooms/:room/join", ben, fields(), Map.of("room", List.of(channel))));
    routes.add(api("POST", "/rooms/:room/messages", ana, fields("text", text, "clientMsgId", clientMsgId, "attachments", attachments), Map.of("room", roomIds)));
    routes.add(api("GET", "/rooms/:room/messages", ana, fields(), Map.of("room", roomIds), List.of("after", "before", "limit")));
    routes.add(api("GET", "/rooms/:room/changes", ana, fields(), Map.of("room", roomIds), List.of("since", "limit")));
    routes.add(api("PATCH", "/rooms/:room/messages/:id", ana, fields("text", text), Map.of("room", roomIds, "id", messages)));
    routes.add(api("DELETE", "/rooms/:room/messages/:id", ana, fields(), Map.of("room", roomIds, "id", messages)));
    routes.add(api("POST", "/rooms/:room/read", ben, fields("seq", Arbitraries.oneOf(HostileInput.numbers(),
        Arbitraries.of("3", "x").map(Object.class::cast))), Map.of("room", roomIds)));
    Arbitrary<Object> seq = Arbitraries.oneOf(HostileInput.numbers(), Arbitraries.of("3", "x").map(Object.class::cast));
    routes.add(api("POST", "/rooms/:room/messages", ben, fields("text", text, "clientMsgId", clientMsgId,
        "threadRoot", Arbitraries.oneOf(pool(messages), HostileInput.strings().map(Object.class::cast))), Map.of("room", roomIds)));
    routes.add(api("GET", "/rooms/:room/threads/:root", ana, fields(), Map.of("room", roomIds, "root", messages), List.of("after", "limit")));
    routes.add(api("POST", "/rooms/:room/threads/:root/read", ben, fields("seq", seq), Map.of("room", roomIds, "root", messages)));
    routes.add(api("PUT", "/rooms/:room/threads/:root/follow", ben, fields(), Map.of("room", roomIds, "root", messages)));
    routes.add(api("DELETE", "/rooms/:room/threads/:root/follow", ana, fields(), Map.of("room", roomIds, "root", messages)));
    routes.add(api("GET", "/threads", ana, fields(), Map.of(), List.of("limit")));
    routes.add(api("POST", "/rooms/:room/messages/:id/reactions", ben, fields("emoji", emojis().map(Object.class::cast)),
        Map.of("room", roomIds, "id", messages)));
    routes.add(api("DELETE", "/rooms/:room/messages/:id/reactions/:emoji", ben, fields(),
        Map.of("room", roomIds, "id", messages, "emoji", EMOJI)));
    routes.add(api("GET", "/rooms/:room/messages/:id/readers", ben, fields(), Map.of("room", roomIds, "id", messages)));
    routes.add(api("PUT", "/rooms/:room/pins/:id", ben, fields(), Map.of("room", roomIds, "id", messages)));
    routes.add(api("DELETE", "/rooms/:room/pins/:id", ana, fields(), Map.of("room", roomIds, "id", messages)));
    routes.add(api("PATCH", "/rooms/:room/settings", ben, fields("muted", Arbitraries.oneOf(Arbitraries.of(true, false).map(Object.class::cast),
        HostileInput.values())), Map.of("room", roomIds)));
    routes.add(api("GET", "/search", ana, fields(), Map.of(), List.of("q", "room", "limit", "cursor")));
    routes.add(api("POST", "/messages/:messageId/translate", ben, fields("lang", language), Map.of("messageId", messages), List.of(),
        Set.of(503)));
    // 503 translation_unavailable while no APY answers, as for a translation: APY is shared with other test JVMs here.
    routes.add(api("GET", "/translate/languages", ana, fields(), Map.of(), List.of(), Set.of(503)));
    routes.add(api("GET", "/channels", ana, fields(), Map.of(), List.of("q")));
    routes.add(api("GET", "/rooms/:room/emoji", ben, fields(), Map.of("room", roomIds)));
    routes.add(api("DELETE", "/rooms/:room/emoji/:name", ana, fields(), Map.of("room", roomIds, "name", emojiNames)));
    return routes;
  }

  private List<Route> otherRoutes() throws Exception {
    List<Route> routes = new ArrayList<>();
    routes.add(new Route("POST /api/v1/uploads (multipart)", uploads(Arbitraries.just("POST /api/v1/uploads")), Set.of()));
    routes.add(new Route("PUT /api/v1/rooms/:room/emoji/:name (multipart)", uploads(Combinators.combine(pathIds(rooms), pathIds(emojiNames))
        .as((room, name) -> "PUT /api/v1/rooms/" + room + "/emoji/" + name)), Set.of()));
    routes.add(new Route("GET|HEAD /files/:fileId[/thumbnail]", downloads(), Set.of(206, 304, 416)));
    routes.add(new Route("GET|HEAD /emoji/:emojiId", Combinators.combine(Arbitraries.of("GET", "HEAD"), pathIds(emoji),
        Arbitraries.of("", "\"x\"", "*")).as((method, id, etag) -> new Case(method, "/emoji/" + id, ana.token(), new byte[0], null,
            etag.isEmpty() ? Map.of() : Map.of("If-None-Match", etag))), Set.of(304)));
    routes.add(api("POST", "/files/urls", ana, fields("fileIds", pool(files).list().ofMaxSize(3).map(ids -> (Object) new JsonArray(new ArrayList<>(ids))))));
    routes.add(new Route("GET /dev/mail", queryOnly("GET", "/dev/mail", "to",
        Arbitraries.oneOf(Arbitraries.of(ana.email(), "", "x", "%00").map(HostileInput::segment), queryValues().map(HostileInput::segment))), Set.of()));
    routes.add(new Route("any /health/live, /health/ready, /metrics", health(), Set.of()));
    routes.add(new Route("any unknown path", unknownPaths(), Set.of()));
    return routes;
  }

  private Route api(String method, String path, User caller, Map<String, Arbitrary<Object>> fields) {
    return api(method, path, caller, fields, Map.of(), List.of(), Set.of());
  }

  private Route api(String method, String path, User caller, Map<String, Arbitrary<Object>> fields, Map<String, List<String>> ids) {
    return api(method, path, caller, fields, ids, List.of(), Set.of());
  }

  private Route api(String method, String path, User caller, Map<String, Arbitrary<Object>> fields, Map<String, List<String>> ids,
      List<String> query) {
    return api(method, path, caller, fields, ids, query, Set.of());
  }

  /**
   * A route's cases: its path with each {@code :param} a real id or anything, its query parameters, a body
   * (for reads too: a GET may carry garbage), the caller's token (now and then none).
   */
  private Route api(String method, String path, User caller, Map<String, Arbitrary<Object>> fields, Map<String, List<String>> ids,
      List<String> query, Set<Integer> extra) {
    String prefix = path.startsWith("/dev") ? "" : "/api/v1";
    Arbitrary<String> paths = Arbitraries.just(prefix + path);
    for (Map.Entry<String, List<String>> param : ids.entrySet()) {
      Arbitrary<String> value = pathIds(param.getValue());
      paths = Combinators.combine(paths, value).as((template, id) -> template.replace(":" + param.getKey(), id));
    }
    Arbitrary<String> queries = Arbitraries.just("");
    for (String name : query) {
      Arbitrary<String> one = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just("")),
          Tuple.of(3, queryValues().map(value -> "&" + name + "=" + segment(value))));
      queries = Combinators.combine(queries, one).as(String::concat);
    }
    Arbitrary<byte[]> bodies = method.equals("GET") || method.equals("DELETE")
        ? Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(new byte[0])), Tuple.of(1, wire(HostileInput.bodies(fields))))
        : wire(HostileInput.bodies(fields));
    Arbitrary<String> tokens = caller == null ? Arbitraries.just((String) null)
        : Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(caller.token())), Tuple.of(1, Arbitraries.just((String) null)));
    Arbitrary<Case> cases = Combinators.combine(paths, queries, bodies, tokens).as((p, q, b, t) ->
        new Case(method, q.isEmpty() ? p : p + "?" + q.substring(1), t, b, "application/json", Map.of()));
    return new Route(method + " " + prefix + path, cases, extra);
  }

  private Arbitrary<Case> queryOnly(String method, String path, String name, Arbitrary<String> values) {
    return values.map(value -> new Case(method, path + "?" + name + "=" + value, null, new byte[0], null, Map.of()));
  }

  private Arbitrary<Case> health() {
    return Combinators.combine(
        Arbitraries.of("/health/live", "/health/ready", "/metrics", "/health", "/health/", "/metrics/x", "/health/ready/..%2F..%2Fapi"),
        Arbitraries.of("GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"),
        Arbitraries.oneOf(Arbitraries.just(""), queryValues().map(value -> "?q=" + segment(value))),
        wire(HostileInput.bodies(Map.of()))).as((path, method, query, body) ->
        new Case(method, path + query, null, method.equals("GET") || method.equals("HEAD") ? new byte[0] : body, "application/json", Map.of()));
  }

  private Arbitrary<Case> unknownPaths() {
    return Combinators.combine(
        Arbitraries.of("/api/v1/", "/api/v2/", "/api/v1/rooms/x/y/z/w", "/api/", "/", "/eventbus/", "/files/", "/dev/"),
        HostileInput.strings().map(HostileInput::segment),
        Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND")).as((prefix, rest, method) ->
        new Case(method, prefix + rest, ana.token(), method.equals("GET") ? new byte[0] : utf8("{}"), "application/json", Map.of()));
  }

  private Arbitrary<Case> downloads() {
    Arbitrary<String> headersRange = Arbitraries.of("", "bytes=0-10", "bytes=abc", "bytes=99999999-", "bytes=5-1", "bytes=0-1,3-4", "bytes=-0",
        "bytes=-99999999999999999999", "items=0-1", "bytes=" + "0-1,".repeat(500));
    return Combinators.combine(
        Arbitraries.of("GET", "HEAD"),
        pathIds(files),
        Arbitraries.of("", "/thumbnail"),
        Arbitraries.of("", "?sig=abc", "?sig=&u=&exp=", "?sig=x&u=" + ana.id() + "&exp=99999999999999999999", "?exp=-1&sig=%00"),
        headersRange,
        Arbitraries.of("", "\"x\"", "*", "W/\"x\"")).as((method, id, variant, query, range, etag) -> {
          Map<String, String> headers = new LinkedHashMap<>();
          if (!range.isEmpty()) {
            headers.put("Range", range);
          }
          if (!etag.isEmpty()) {
            headers.put("If-None-Match", etag);
          }
          return new Case(method, "/files/" + id + variant + query, query.isEmpty() ? ana.token() : null, new byte[0], null, headers);
        });
  }

  /** Multipart bodies well and badly formed to each of {@code targets} ("METHOD path"): parts of any name and type, lying types, broken framing. */
  private Arbitrary<Case> uploads(Arbitrary<String> targets) throws Exception {
    byte[] png = png();
    Arbitrary<byte[]> contents = Arbitraries.oneOf(
        Arbitraries.of(png, utf8("plain text\n"), new byte[0], utf8("%PDF-1.4\n%âãÏÓ\n"), utf8("GIF89a"), utf8("<svg onload=alert(1)>"),
            utf8("<html><script>alert(1)</script>"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000));
    Arbitrary<String> names = Arbitraries.of("file", "file", "file", "File", "files", "", "other", "file\"; x=\"y");
    Arbitrary<String> filenames = Arbitraries.of("picture.png", "", "../../etc/passwd", "a".repeat(300), "ünï\u202Ecode.txt", "x.exe", "none");
    Arbitrary<String> types = Arbitraries.of("image/png", "text/plain", "application/octet-stream", "", "image/svg+xml", "garbage", "text/html");
    Arbitrary<String> part = Combinators.combine(names, filenames, types, contents).as((name, filename, type, content) ->
        "Content-Disposition: form-data; name=\"" + name + "\"" + ("none".equals(filename) ? "" : "; filename=\"" + filename + "\"") + "\r\n"
            + (type.isEmpty() ? "" : "Content-Type: " + type + "\r\n") + "\r\n" + new String(content, java.nio.charset.StandardCharsets.ISO_8859_1));
    Arbitrary<String> framing = Arbitraries.of("proper", "proper", "proper", "truncated", "no-boundary-param", "other-boundary", "json", "garbage");
    return Combinators.combine(part.list().ofMinSize(0).ofMaxSize(3), framing, targets).as((parts, how, target) -> {
      String boundary = "bnd" + Math.abs(parts.hashCode());
      StringBuilder body = new StringBuilder();
      parts.forEach(p -> body.append("--").append(boundary).append("\r\n").append(p).append("\r\n"));
      body.append("--").append(boundary).append("--\r\n");
      String text = how.equals("truncated") ? body.substring(0, body.length() / 2) : how.equals("garbage") ? "\u0000\u00ff garbage" : body.toString();
      String type = switch (how) {
        case "no-boundary-param" -> "multipart/form-data";
        case "other-boundary" -> "multipart/form-data; boundary=elsewhere";
        case "json" -> "application/json";
        default -> "multipart/form-data; boundary=" + boundary;
      };
      String[] methodAndPath = target.split(" ", 2);
      return new Case(methodAndPath[0], methodAndPath[1], ana.token(), text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), type, Map.of());
    });
  }

  private Map<String, Map<String, Arbitrary<Object>>> bridgeAddresses() {
    Arbitrary<Object> room = pool(rooms);
    Arbitrary<Object> id = pool(messages);
    Arbitrary<Object> seq = Arbitraries.oneOf(HostileInput.numbers(), Arbitraries.of("1", "x").map(Object.class::cast));
    Arbitrary<Object> text = Arbitraries.oneOf(Arbitraries.strings().ofMinLength(1).ofMaxLength(100).map(Object.class::cast),
        Arbitraries.of(repeat("\uD83D\uDE00", TEXT_MAX), repeat("\uD83D\uDE00", TEXT_MAX + 1)).map(Object.class::cast));
    Map<String, Map<String, Arbitrary<Object>>> addresses = new LinkedHashMap<>();
    addresses.put(Addresses.CHAT_SEND, fields("room", room, "text", text, "clientMsgId",
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(Object.class::cast),
        "attachments", pool(files).list().ofMaxSize(2).map(ids -> (Object) new JsonArray(new ArrayList<>(ids)))));
    addresses.put(Addresses.CHAT_HISTORY, fields("room", room, "after", seq, "before", seq, "limit", seq));
    addresses.put(Addresses.CHAT_SYNC, fields("room", room, "since", seq, "limit", seq));
    addresses.put(Addresses.CHAT_READ, fields("room", room, "seq", seq));
    addresses.put(Addresses.CHAT_TYPING, fields("room", room));
    addresses.put(Addresses.CHAT_EDIT, fields("room", room, "id", id, "text", text));
    addresses.put(Addresses.CHAT_DELETE, fields("room", room, "id", id));
    addresses.put(Addresses.CHAT_THREAD, fields("room", room, "root", id, "after", seq, "limit", seq));
    Arbitrary<Object> on = Arbitraries.oneOf(Arbitraries.of(true, false).map(Object.class::cast), HostileInput.values());
    addresses.put(Addresses.CHAT_REACT, fields("room", room, "id", id, "emoji", emojis().map(Object.class::cast), "on", on));
    addresses.put(Addresses.CHAT_PIN, fields("room", room, "id", id, "on", on));
    addresses.put(Addresses.CHAT_READERS, fields("room", room, "id", id));
    addresses.put(Addresses.SEARCH_QUERY, fields("q", text, "room", room, "limit", seq, "cursor", HostileInput.strings().map(Object.class::cast)));
    addresses.put(Addresses.TRANSLATE_REQUEST, fields("messageId", id, "lang", Arbitraries.of("es", "en", "xx", "EN").map(Object.class::cast)));
    addresses.put(Addresses.PRESENCE_QUERY, fields("users", pool(List.of(ana.id(), ben.id(), "nobody")).list().ofMaxSize(201)
        .map(ids -> (Object) new JsonArray(new ArrayList<>(ids)))));
    return addresses;
  }

  /** Raw SockJS websocket frames: not JSON, JSON of the wrong shape, fields of the wrong type, oversize. */
  private Arbitrary<Buffer> garbageFrames() {
    String token = "Bearer " + ana.token();
    Arbitrary<JsonObject> shaped = Combinators.combine(
        Arbitraries.oneOf(Arbitraries.of("send", "publish", "register", "unregister", "ping", "rec", "err", "SEND", "").map(Object.class::cast),
            HostileInput.values()),
        Arbitraries.oneOf(Arbitraries.of(Addresses.CHAT_HISTORY, Addresses.CHAT_SEND, "room." + rooms.get(0), "user." + ana.id(),
            "__vertx.reply.1", "bridge.dispatch", "x".repeat(200)).map(Object.class::cast), HostileInput.values()),
        Arbitraries.oneOf(Arbitraries.just(new JsonObject().put("authorization", token)).map(Object.class::cast), HostileInput.values()),
        HostileInput.values(),
        Arbitraries.oneOf(Arbitraries.just("r-" + UUID.randomUUID()).map(Object.class::cast), HostileInput.values()))
        .as((type, address, headers, body, replyAddress) -> new JsonObject().put("type", type).put("address", address)
            .put("headers", headers).put("body", body).put("replyAddress", replyAddress));
    return Arbitraries.frequencyOf(
        Tuple.of(6, shaped.map(frame -> Buffer.buffer(frame.encode()))),
        Tuple.of(2, HostileInput.wire(HostileInput.bodies(Map.of())).map(Buffer::buffer)),
        Tuple.of(1, Arbitraries.of(70 * 1024, 1024 * 1024).map(size -> Buffer.buffer(new JsonObject().put("type", "send")
            .put("address", Addresses.CHAT_SEND).put("headers", new JsonObject().put("authorization", token))
            .put("body", new JsonObject().put("room", rooms.get(0)).put("text", "a".repeat(size)).put("clientMsgId", "big")).encode()))),
        Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300).map(bytes -> Buffer.buffer(bytes).appendString("\u0001binary"))));
  }

  /** Text frames for text that is valid UTF-8, binary frames for the rest (a text frame must be UTF-8). */
  private static void writeRaw(WebSocket socket, Buffer frame) {
    if (frame.toString().equals(new String(frame.getBytes(), java.nio.charset.StandardCharsets.UTF_8))
        && java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(frame.toString()) && !frame.toString().contains("\u0001binary")) {
      socket.writeTextMessage(frame.toString());
    } else {
      socket.writeBinaryMessage(frame);
    }
  }

  // ---- running cases --------------------------------------------------------------------------------------

  private void run(Route route, int cases) throws Exception {
    RandomGenerator<Case> generator = route.cases().generator(1_000);
    Random random = random(route.label());
    bounded(cases, () -> {
      Case c = generator.next(random).value();
      return http.sendAsync(request(c), HttpResponse.BodyHandlers.ofByteArray())
          .orTimeout(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS)
          .handle((response, failure) -> {
            count(route.label());
            Optional<String> problem = failure != null ? Optional.of("no answer: " + failure)
                : ContractAnswers.http(c.method(), response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body(),
                    route.extraStatuses());
            problem.ifPresent(text -> problems.add(route.label() + " " + c.method() + " " + abbreviate(c.path()) + " "
                + abbreviate(new String(c.body(), java.nio.charset.StandardCharsets.UTF_8)) + " → " + text));
            return null;
          });
    });
  }

  /** Runs {@code cases} cases, at most {@link #IN_FLIGHT} at once, each started by {@code next}. */
  private void bounded(int cases, java.util.function.Supplier<CompletableFuture<?>> next) throws Exception {
    Semaphore slots = new Semaphore(IN_FLIGHT);
    List<CompletableFuture<?>> all = new ArrayList<>();
    for (int i = 0; i < cases; i++) {
      slots.acquire();
      all.add(next.get().whenComplete((v, e) -> slots.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
  }

  private HttpRequest request(Case c) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + c.path())).timeout(ANSWER_WITHIN)
        .method(c.method(), c.body().length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(c.body()));
    if (c.contentType() != null) {
      builder.header("Content-Type", c.contentType());
    }
    if (c.token() != null) {
      builder.header("Authorization", "Bearer " + c.token());
    }
    c.headers().forEach(builder::header);
    return builder.build();
  }

  private void count(String label) {
    tried.computeIfAbsent(label, key -> new AtomicInteger()).incrementAndGet();
  }

  private Random random(String label) {
    return new Random(SEED ^ label.hashCode());
  }

  private void assertNoProblems() {
    assertThat(problems.size()).as("answers outside the contract; the first of them:%n%s",
        String.join("\n", problems.subList(0, Math.min(30, problems.size())))).isZero();
  }

  private static Map<String, Arbitrary<Object>> fields(Object... namesAndValues) {
    Map<String, Arbitrary<Object>> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      Arbitrary<Object> value = (Arbitrary<Object>) namesAndValues[i + 1];
      fields.put((String) namesAndValues[i], value);
    }
    return fields;
  }

  private static Arbitrary<Object> pool(List<String> ids) {
    return Arbitraries.oneOf(Arbitraries.of(ids).map(Object.class::cast), HostileInput.strings().map(Object.class::cast));
  }

  // ---- the fixture ----------------------------------------------------------------------------------------

  /** Ana's rooms of every kind with Ben, messages in each, an upload attached: real ids for the cases to hit. */
  private void seed() throws Exception {
    for (JsonObject room : List.of(
        new JsonObject().put("kind", "group").put("name", "Group").put("members", new JsonArray().add(ben.id())),
        new JsonObject().put("kind", "channel").put("name", "Channel " + UUID.randomUUID()),
        new JsonObject().put("kind", "direct").put("members", new JsonArray().add(ben.id())),
        new JsonObject().put("kind", "self"))) {
      HttpResponse<String> created = raw("POST", "/api/v1/rooms", ana.token(), utf8(room.encode()));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      rooms.add(new JsonObject(created.body()).getString("id"));
    }
    channel = rooms.get(1);
    String boundary = "seed-boundary";
    byte[] png = png();
    ByteArrayOutputStream multipart = new ByteArrayOutputStream();
    multipart.write(utf8("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\nContent-Type: image/png\r\n\r\n"));
    multipart.write(png);
    multipart.write(utf8("\r\n--" + boundary + "--\r\n"));
    HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/uploads"))
        .header("Authorization", "Bearer " + ana.token()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
    files.add(new JsonObject(uploaded.body()).getString("fileId"));
    HttpResponse<String> emojiAdded = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rooms/" + rooms.get(0) + "/emoji/party_parrot"))
        .header("Authorization", "Bearer " + ana.token()).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(multipart.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(emojiAdded.statusCode()).as(emojiAdded.body()).isEqualTo(201);
    emoji.add(new JsonObject(emojiAdded.body()).getString("url").substring("/emoji/".length()));
    for (String room : rooms) {
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> sent = raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(), utf8(new JsonObject()
            .put("text", "Hello, how are you? " + i).put("clientMsgId", "seed-" + i).put("attachments", new JsonArray().add(files.get(0))).encode()));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
        messages.add(new JsonObject(sent.body()).getString("id"));
      }
    }
  }

  private User signUp(String name) throws Exception {
    String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bad-input.example.org";
    HttpResponse<String> registered = raw("POST", "/api/v1/auth/register", null, utf8(new JsonObject().put("email", email)
        .put("password", PASSWORD).put("displayName", name).encode()));
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    String code = ConfabApi.mailedCode(port, email);
    assertThat(raw("POST", "/api/v1/auth/verify", null, utf8(new JsonObject().put("email", email).put("code", code).encode())).statusCode())
        .isEqualTo(204);
    JsonObject login = new JsonObject(raw("POST", "/api/v1/auth/login", null, utf8(new JsonObject().put("email", email)
        .put("password", PASSWORD).encode())).body());
    return new User(login.getJsonObject("user").getString("id"), email, login.getString("accessToken"), login.getString("refreshToken"));
  }

  private List<String> sessionsOf(User user) {
    try {
      JsonArray sessions = new JsonArray(get("/api/v1/auth/sessions", user.token()).body());
      return sessions.stream().map(JsonObject.class::cast).map(session -> session.getString("id")).toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    Eventually.until(() -> get("/health/ready", null).statusCode() == 200, Duration.ofSeconds(60), "the node ready");
  }

  private HttpResponse<String> send(String room, String text) throws Exception {
    return raw("POST", "/api/v1/rooms/" + room + "/messages", ana.token(), utf8(new JsonObject().put("text", text)
        .put("clientMsgId", "limit-" + UUID.randomUUID().toString().substring(0, 8)).encode()));
  }

  private HttpResponse<String> raw(String method, String path, String token, byte[] body) throws Exception {
    return http.send(request(new Case(method, path, token, body, "application/json", Map.of())), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return raw("GET", path, token, new byte[0]);
  }

  private static byte[] png() throws Exception {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 64; x++) {
      for (int y = 0; y < 48; y++) {
        image.setRGB(x, y, (x * 31 + y * 17) & 0xFFFFFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
