package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.testing.LocalServices;
import io.confab.testing.NodeTestBase;
import io.confab.testing.TestMongo;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two chat nodes writing one room at once (two owners, as during an ownership move), replying to one root. */
class ThreadTwoWritersTest {

  private static final int SENDERS = 4;
  private static final int REPLIES_EACH = 40;
  private final TestMongo mongo = new TestMongo();
  private ChatCluster nodes;

  @AfterEach
  void stop() {
    nodes.close();
    mongo.close();
  }

  @Test
  @DisplayName("replies to one root through two writers at once: seqs without gap, every rev once (the root's too), its count matching the replies it lists")
  void repliesThroughTwoWritersStayGaplessAndCounted() {
    LocalServices.requireRedis();
    nodes = ChatCluster.standalone(2, NodeTestBase.nodeConfig(mongo, 0).put(ChatVerticle.WRITES_PER_SECOND, 100_000));
    nodes.start(0, 1);
    List<String> senders = IntStream.range(0, SENDERS).mapToObj(i -> mongo.verifiedUser(nodes.node(0), "Sender " + i, "en")).toList();
    String room = nodes.request(0, Addresses.ROOMS_CREATE, senders.get(0), new JsonObject().put("kind", "group").put("name", "Thread")
        .put("members", new JsonArray(senders.subList(1, SENDERS)))).await().getString("id");
    String root = nodes.request(0, Addresses.CHAT_SEND, senders.get(0), new JsonObject().put("room", room).put("text", "root")
        .put("clientMsgId", "root")).await().getString("id");

    Future.join(senders.stream().map(sender -> replies(sender, room, root, 0)).toList()).await();

    List<JsonObject> all = OwnershipTest.allMessages((address, body) -> nodes.request(1, address, senders.get(0), body), room);
    OwnershipTest.assertGaplessOnce(all, all.size());
    assertThat(all.size()).isGreaterThan(SENDERS * REPLIES_EACH / 2);
    MongoClient store = MongoClient.create(nodes.node(0), StoreConfig.mongo(mongo.deploymentConfig()));
    JsonObject stored = store.findOne(Messages.COLLECTION, new JsonObject().put("_id", root), null).await();
    store.close().await();
    assertThat(stored.getJsonObject("thread").getLong("replies")).isEqualTo(stored.getJsonArray(Messages.THREAD_SEQS).size());
  }

  /** One sender's replies one after another, alternating nodes; a reply the writers kept refusing is left out. */
  private Future<Void> replies(String sender, String room, String root, int i) {
    if (i == REPLIES_EACH) {
      return Future.succeededFuture();
    }
    return nodes.request(i % 2, Addresses.CHAT_SEND, sender, new JsonObject().put("room", room).put("text", "r" + i)
            .put("clientMsgId", sender + "-" + i).put("threadRoot", root))
        .transform(done -> replies(sender, room, root, i + 1));
  }
}
