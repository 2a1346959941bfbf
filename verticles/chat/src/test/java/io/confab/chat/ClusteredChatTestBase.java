package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.LocalServices;
import io.confab.testing.NodeTestBase;
import io.confab.testing.TestMongo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Several chat nodes in one JVM on one store ({@link ChatCluster}), clustered or {@link #standalone}, with
 * the write limit out of the way; and what tests of writers racing each other ask of them: senders in a
 * group, every message of a room read back, and the check that its seqs are gapless with nothing twice.
 */
abstract class ClusteredChatTestBase {

  final TestMongo mongo = new TestMongo();
  /** What every node deploys. */
  final JsonObject config = NodeTestBase.nodeConfig(mongo, 0).put(ChatVerticle.WRITES_PER_SECOND, 100_000);
  ChatCluster cluster;

  @BeforeEach
  void requireRedis() {
    LocalServices.requireRedis();
  }

  @AfterEach
  void stopTheNodes() {
    if (cluster != null) {
      cluster.close();
    }
    mongo.close();
  }

  /** {@code size} clustered nodes, none started yet: each room has one owner among those that run. */
  ChatCluster clustered(int size) {
    cluster = new ChatCluster(size, config);
    return cluster;
  }

  /** {@code size} nodes that do not know each other, none started yet: each writes every room, as two owners during a move. */
  ChatCluster standalone(int size) {
    cluster = ChatCluster.standalone(size, config);
    return cluster;
  }

  /** {@code count} verified users, "Sender 0" onwards. */
  List<String> senders(int count) {
    return IntStream.range(0, count).mapToObj(i -> mongo.verifiedUser(cluster.node(0), "Sender " + i, "en")).toList();
  }

  /** A group named {@code name} of {@code users}, created by the first through node 0. */
  String group(List<String> users, String name) {
    return cluster.request(0, Addresses.ROOMS_CREATE, users.get(0), new JsonObject().put("kind", "group").put("name", name)
        .put("members", new JsonArray(users.subList(1, users.size())))).await().getString("id");
  }

  /** Every message of {@code room}, by seq, read by {@code user} through {@code node}. */
  List<JsonObject> allMessages(int node, String user, String room) {
    List<JsonObject> all = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonObject page = cluster.request(node, Addresses.CHAT_HISTORY, user,
          new JsonObject().put("room", room).put("after", after).put("limit", 200)).await();
      page.getJsonArray("messages").forEach(m -> all.add((JsonObject) m));
      if (!page.getBoolean("hasMore")) {
        return all;
      }
      after = all.get(all.size() - 1).getLong("seq");
    }
  }

  /** Seqs exactly 1..total, every rev once, every (sender, clientMsgId) once. */
  static void assertGaplessOnce(List<JsonObject> all, int total) {
    assertThat(all.stream().map(m -> m.getLong("seq")).toList()).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    Set<Long> revs = new HashSet<>();
    all.forEach(m -> revs.add(m.getLong("rev")));
    assertThat(revs).as("every rev once").hasSize(total);
    Set<String> clientIds = new HashSet<>();
    all.forEach(m -> clientIds.add(m.getJsonObject("sender").getString("id") + "/" + m.getString("clientMsgId")));
    assertThat(clientIds).as("every message once").hasSize(total);
  }
}
