package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.confab.testing.ChatClient;
import io.confab.testing.ChatTraffic;
import io.confab.testing.ConfabApi;
import io.confab.testing.DeliveryVerdict;
import io.confab.testing.Eventually;
import io.confab.testing.LocalCluster;
import io.confab.testing.LocalServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill test of bench/kill-test, bounded for the suite: the same three nodes from the built jar
 * (node 1 every role and the embedded MongoDB, node 2 chat and bridge, node 3 auth, chat and bridge,
 * each with its own data dir), people chatting in one group room through the bridges of nodes 2 and 3,
 * node 2 killed with {@code kill -9} under traffic and started again, then node 3 stopped with SIGTERM.
 * Black-box through the contract: what was acknowledged, what history holds, what each client saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeLossIT {

  private static final Logger LOG = LoggerFactory.getLogger(NodeLossIT.class);

  /** This test's own, emptied when it starts: see LocalServices. */
  private static final int REDIS_DATABASE = 11;
  private static final int PEOPLE = 4;
  /** Messages a second in all: a few a second each, well under the per-person write limit. */
  private static final int RATE = 10;
  /** Acknowledgements to wait for in each phase, so every phase runs under traffic. */
  private static final int ACKS_PER_PHASE = 40;
  private static final Duration PHASE = Duration.ofSeconds(120);
  /** A bridge reply, refusals included, comes within this or the test fails rather than hangs. */
  private static final long REPLY_SECONDS = 15;

  private Path work;
  private LocalCluster cluster;
  private Vertx vertx;

  @BeforeAll
  void startThreeNodes() throws Exception {
    work = Files.createTempDirectory("confab-node-loss-it");
    cluster = new LocalCluster(work, Path.of("target", "confab.jar").toAbsolutePath(),
        LocalServices.emptiedRedisDatabase(REDIS_DATABASE));
    cluster.start(Duration.ofSeconds(180));
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stopThem() {
    if (vertx != null) {
      vertx.close().await();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  @DisplayName("kill -9 of a chat and bridge node under traffic, its restart, then a SIGTERM of another: every acknowledged "
      + "message is stored once, seqs stay gapless, and every client resumes on another node without a gap or a duplicate")
  void aKilledAndAStoppedNodeLoseNoAcknowledgedMessage() throws Exception {
    int api = cluster.node(1).httpPort;
    List<JsonObject> people = new ArrayList<>();
    for (int i = 0; i < PEOPLE; i++) {
      people.add(ConfabApi.signUp(api, "Node Loss " + (char) ('A' + i)));
    }
    String token = people.get(0).getString("accessToken");
    JsonArray members = new JsonArray();
    people.subList(1, PEOPLE).forEach(p -> members.add(p.getJsonObject("user").getString("id")));
    String room = ConfabApi.createRoom(api, token, new JsonObject().put("kind", "group").put("name", "node-loss").put("members", members));

    LocalCluster.Node node2 = cluster.node(2);
    LocalCluster.Node node3 = cluster.node(3);
    Map<Integer, Integer> bridges = Map.of(2, node2.httpPort, 3, node3.httpPort);
    try (ChatTraffic traffic = new ChatTraffic(people, room, bridges, List.of(2, 3), Duration.ofSeconds(60))) {
      // Stopped by drain below, once the phases are over; 90 s bounds it whatever happens.
      traffic.start(RATE, Duration.ofSeconds(90));
      awaitAcks(traffic, ACKS_PER_PHASE, "before the kill");

      traffic.event("kill -9 node 2");
      node2.stop(false, 30);
      node2.start();
      assertThat(node2.awaitReady(PHASE)).as("node 2 ready again after its kill; logs in %s", work).isTrue();
      traffic.event("node 2 ready again");
      traffic.goHome();
      awaitAcks(traffic, ACKS_PER_PHASE, "after node 2's restart");
      await(() -> traffic.clients().stream().allMatch(c -> c.currentNode == c.homeNode), "every client back on its home node", traffic);

      traffic.event("SIGTERM node 3");
      node3.stop(true, 60);
      traffic.event("node 3 exited");
      awaitAcks(traffic, ACKS_PER_PHASE, "after node 3's stop");

      boolean drained = traffic.drain(Duration.ofSeconds(60));
      List<JsonObject> history = ConfabApi.history(api, token, room);
      traffic.awaitTimelines(history, Duration.ofSeconds(30));
      List<ChatTraffic.ClientView> clients = traffic.clients();
      DeliveryVerdict verdict = new DeliveryVerdict(history, traffic, clients, drained);

      String story = String.join("\n", traffic.events()) + "\nnode logs in " + work;
      // The run's figures, in the failsafe output file (docs/RELIABILITY.md quotes them).
      LOG.atInfo().setMessage("node-loss.events").addKeyValue("story", story).log();
      Map<String, Long> sendFailures = clients.stream().flatMap(c -> c.failures.stream())
          .collect(Collectors.groupingBy(ChatClient.Failure::code, TreeMap::new, Collectors.counting()));
      LOG.atInfo().setMessage("node-loss.figures").addKeyValue("sent", traffic.sent().size()).addKeyValue("acked", traffic.acks().size())
          .addKeyValue("history", verdict.historySize).addKeyValue("maxSeq", verdict.maxSeq)
          .addKeyValue("reconnects", clients.stream().mapToInt(c -> c.reconnects).sum())
          .addKeyValue("sendFailures", sendFailures)
          .addKeyValue("problems", verdict.problems).log();
      assertThat(verdict.problems).as(story).isEmpty();
      assertThat(clients).as("node 2's clients lost their sockets to the kill and resumed elsewhere; %s", story)
          .filteredOn(c -> c.homeNode == 2).allMatch(c -> c.reconnects >= 1);
      assertThat(clients).as("node 3's clients resumed on node 2 after its stop; %s", story)
          .filteredOn(c -> c.homeNode == 3).allMatch(c -> c.reconnects >= 1 && c.currentNode == 2);
      assertThat(history).as("history holds every message sent").hasSize(traffic.sent().size());
      assertThat(RoomHistory.read(path -> ConfabApi.http("GET", api, path, token, null), room))
          .as("history read as a resuming client reads it, up to the room's lastSeq").hasSameSizeAs(history);
    }
  }

  @Test
  @DisplayName("a session signed out through node 1 is refused on its socket already open on node 2: its next frame")
  void logoutReachesAnOpenSocketOnAnotherNode() throws Exception {
    int api = cluster.node(1).httpPort;
    JsonObject ana = ConfabApi.signUp(api, "Ana");
    String token = ana.getString("accessToken");
    String room = ConfabApi.createRoom(api, token, new JsonObject().put("kind", "self"));
    try (BridgeClient socket = BridgeClient.connect(vertx, cluster.node(2).httpPort, token)) {
      assertThat(socket.request("chat.send", send(room, "before")).await(REPLY_SECONDS, TimeUnit.SECONDS).getString("type"))
          .isEqualTo("rec");

      assertThat(ConfabApi.http("POST", api, "/api/v1/auth/logout", token, new JsonObject()).statusCode()).isEqualTo(204);

      assertRefused(socket, "chat.history", new JsonObject().put("room", room));
    }
  }

  @Test
  @DisplayName("a member removed through node 1 stops receiving the room on a socket open on node 2, and is refused it")
  void memberRemovalReachesAnOpenSocketOnAnotherNode() throws Exception {
    int api = cluster.node(1).httpPort;
    JsonObject ana = ConfabApi.signUp(api, "Ana");
    JsonObject bo = ConfabApi.signUp(api, "Bo");
    JsonObject cy = ConfabApi.signUp(api, "Cy");
    String anaToken = ana.getString("accessToken");
    String boId = bo.getJsonObject("user").getString("id");
    String room = ConfabApi.createRoom(api, anaToken, new JsonObject().put("kind", "group").put("name", "removal")
        .put("members", new JsonArray().add(boId).add(cy.getJsonObject("user").getString("id"))));
    // Bo stays in this one: what he receives in it after the removal marks that the removal's moment has passed for him.
    String other = ConfabApi.createRoom(api, anaToken, new JsonObject().put("kind", "group").put("name", "kept")
        .put("members", new JsonArray().add(boId)));
    int node2 = cluster.node(2).httpPort;
    try (BridgeClient boSocket = BridgeClient.connect(vertx, node2, bo.getString("accessToken"));
        BridgeClient cySocket = BridgeClient.connect(vertx, node2, cy.getString("accessToken"))) {
      boSocket.register("room." + room);
      boSocket.register("room." + other);
      cySocket.register("room." + room);
      // Registers are not acknowledged: a message that reaches both says they are in place.
      postUntilReceived(api, anaToken, room, "hello", boSocket, cySocket);
      postUntilReceived(api, anaToken, other, "hello too", boSocket);

      assertThat(ConfabApi.http("DELETE", api, "/api/v1/rooms/" + room + "/members/" + boId, anaToken, null).statusCode())
          .isEqualTo(204);
      String secret = post(api, anaToken, room, "after Bo left");
      cySocket.await(frame -> secret.equals(messageId(frame)), Duration.ofSeconds(30));
      String later = post(api, anaToken, other, "later, elsewhere");
      boSocket.await(frame -> later.equals(messageId(frame)), Duration.ofSeconds(30));

      assertThat(boSocket.received()).as("Bo's socket after his removal").noneMatch(frame -> secret.equals(messageId(frame)));
      assertRefused(boSocket, "chat.history", new JsonObject().put("room", room), 403);
    }
  }

  private static JsonObject send(String room, String text) {
    return new JsonObject().put("room", room).put("text", text).put("clientMsgId", UUID.randomUUID().toString());
  }

  /** Posts to the room through the API: the stored message's id. */
  private static String post(int api, String token, String room, String text) throws Exception {
    HttpResponse<String> sent = ConfabApi.http("POST", api, "/api/v1/rooms/" + room + "/messages", token, send(room, text));
    assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
    return new JsonObject(sent.body()).getString("id");
  }

  /** Posts until every socket has received one of the posts (each waited for a few seconds). */
  private static void postUntilReceived(int api, String token, String room, String text, BridgeClient... sockets) throws Exception {
    for (int attempt = 1; ; attempt++) {
      String id = post(api, token, room, text + " " + attempt);
      try {
        for (BridgeClient socket : sockets) {
          socket.await(frame -> id.equals(messageId(frame)), Duration.ofSeconds(3));
        }
        return;
      } catch (AssertionError notYet) {
        assertThat(attempt).as("registered within 10 attempts: %s", notYet.getMessage()).isLessThan(10);
      }
    }
  }

  /** The id of the message a {@code message} event carries, else null. */
  private static String messageId(JsonObject frame) {
    JsonObject body = frame.getJsonObject("body");
    return body != null && "message".equals(body.getString("type")) ? body.getString("id") : null;
  }

  private static void assertRefused(BridgeClient socket, String address, JsonObject body) throws Exception {
    assertRefused(socket, address, body, 401);
  }

  /** The frame is answered with the failure code, or the socket is closed instead. */
  private static void assertRefused(BridgeClient socket, String address, JsonObject body, int failureCode) throws Exception {
    Future<JsonObject> answer = socket.request(address, body);
    JsonObject reply = answer.otherwiseEmpty().await(REPLY_SECONDS, TimeUnit.SECONDS);
    if (reply == null) {
      assertThat(socket.isClosed()).as("a request that failed (%s) means a closed socket", answer.cause()).isTrue();
      return;
    }
    assertThat(reply.getString("type")).as("%s answered %s", address, reply).isEqualTo("err");
    assertThat(reply.getInteger("failureCode")).as("%s answered %s", address, reply).isEqualTo(failureCode);
  }

  private void awaitAcks(ChatTraffic traffic, int more, String phase) {
    int target = traffic.acks().size() + more;
    await(() -> traffic.acks().size() >= target, more + " more acknowledged sends " + phase, traffic);
  }

  private void await(BooleanSupplier condition, String what, ChatTraffic traffic) {
    assertThat(Eventually.holds(condition::getAsBoolean, PHASE)).as("not within %s: %s; events:%n%s%nnode logs in %s", PHASE, what,
        String.join("\n", traffic.events()), work).isTrue();
  }
}
