package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.auth.AuthVerticle;
import io.confab.base.Codecs;
import io.confab.cluster.Cluster;
import io.confab.contract.Addresses;
import io.confab.contract.Headers;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes in one JVM, each running chat and auth, sharing the Mongo wire server and Redis:
 * where chat servers usually lose or duplicate messages.
 */
class ClusteredOrderingTest {

  private static final int SENDERS = 4;
  private static final int MESSAGES_EACH = 250;
  private final TestMongo mongo = new TestMongo();
  private final List<Vertx> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    Future.join(nodes.stream().map(Vertx::close).toList()).await();
    mongo.close();
  }

  @Test
  @DisplayName("4 concurrent senders x 250 messages through both nodes: seq is exactly 1..1000, rev unique, nothing twice")
  void concurrentSendsThroughTwoNodesAreGapless() throws Exception {
    LocalServices.requireRedis();
    List<String> members = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
    JsonObject config = ChatTestBase.config(mongo, FreePorts.next()).put(ChatVerticle.WRITES_PER_SECOND, 100_000);
    Future<Vertx> first = node(members, 0);
    nodes.add(node(members, 1).await());
    nodes.add(first.await());
    for (Vertx node : nodes) {
      Codecs.register(node);
      node.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)).await();
      node.deployVerticle(new ChatVerticle(), new DeploymentOptions().setConfig(config)).await();
    }
    List<ChatTestBase.User> senders = new ArrayList<>();
    for (int i = 0; i < SENDERS; i++) {
      senders.add(ChatTestBase.user(nodes.get(0), mongo, "Sender " + i));
    }
    JsonArray memberIds = new JsonArray(senders.stream().skip(1).map(ChatTestBase.User::id).toList());
    String room = request(nodes.get(0), Addresses.ROOMS_CREATE, senders.get(0),
        new JsonObject().put("kind", "group").put("name", "Load").put("members", memberIds)).await().getString("id");

    // Each sender sends its messages one after another, alternating nodes; the senders run at once.
    List<Future<Void>> running = new ArrayList<>();
    for (ChatTestBase.User sender : senders) {
      running.add(sendAll(sender, room, 0));
    }
    Future.all(running).await();

    JsonObject page1 = request(nodes.get(1), Addresses.CHAT_HISTORY, senders.get(0), new JsonObject().put("room", room).put("after", 0).put("limit", 200)).await();
    List<JsonObject> all = new ArrayList<>();
    JsonObject page = page1;
    while (true) {
      page.getJsonArray("messages").forEach(m -> all.add((JsonObject) m));
      if (!page.getBoolean("hasMore")) {
        break;
      }
      long last = all.get(all.size() - 1).getLong("seq");
      page = request(nodes.get(0), Addresses.CHAT_HISTORY, senders.get(0), new JsonObject().put("room", room).put("after", last).put("limit", 200)).await();
    }
    int total = SENDERS * MESSAGES_EACH;
    assertThat(all.stream().map(m -> m.getLong("seq")).toList()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    Set<Long> revs = new HashSet<>();
    all.forEach(m -> revs.add(m.getLong("rev")));
    assertThat(revs).hasSize(total);
    Set<String> clientIds = new HashSet<>();
    all.forEach(m -> clientIds.add(m.getJsonObject("sender").getString("id") + "/" + m.getString("clientMsgId")));
    assertThat(clientIds).as("every message once").hasSize(total);
  }

  private Future<Void> sendAll(ChatTestBase.User sender, String room, int i) {
    if (i == MESSAGES_EACH) {
      return Future.succeededFuture();
    }
    Vertx node = nodes.get(i % 2);
    return request(node, Addresses.CHAT_SEND, sender, new JsonObject().put("room", room).put("text", "m" + i).put("clientMsgId", "c" + i))
        .compose(sent -> sendAll(sender, room, i + 1));
  }

  private static Future<JsonObject> request(Vertx node, String address, ChatTestBase.User user, JsonObject body) {
    return node.eventBus().<JsonObject>request(address, body, new DeliveryOptions().addHeader(Headers.USER, user.id()).setSendTimeout(30_000))
        .map(reply -> reply.body());
  }

  private static Future<Vertx> node(List<String> members, int index) {
    int port = Integer.parseInt(members.get(index).split(":")[1]);
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(Cluster.eventBus("127.0.0.1")))
        .withClusterManager(Cluster.manager("127.0.0.1", port, members))
        .buildClustered();
  }
}
