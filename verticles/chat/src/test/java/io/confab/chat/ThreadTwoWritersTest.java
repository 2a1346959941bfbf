package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Two chat nodes writing one room at once (two owners, as during an ownership move), replying to one root. */
class ThreadTwoWritersTest extends ClusteredChatTestBase {

  private static final int SENDERS = 4;
  private static final int REPLIES_EACH = 40;

  @Test
  @DisplayName("replies to one root through two writers at once: seqs without gap, every rev once (the root's too), its count matching the replies it lists")
  void repliesThroughTwoWritersStayGaplessAndCounted() {
    standalone(2).start(0, 1);
    List<String> senders = senders(SENDERS);
    String room = group(senders, "Thread");
    String root = cluster.request(0, Addresses.CHAT_SEND, senders.get(0), new JsonObject().put("room", room).put("text", "root")
        .put("clientMsgId", "root")).await().getString("id");

    Future.join(senders.stream().map(sender -> replies(sender, room, root, 0)).toList()).await();

    List<JsonObject> all = allMessages(1, senders.get(0), room);
    assertGaplessOnce(all, all.size());
    assertThat(all.size()).isGreaterThan(SENDERS * REPLIES_EACH / 2);
    MongoClient store = MongoClient.create(cluster.node(0), StoreConfig.mongo(config));
    JsonObject stored = store.findOne(Messages.COLLECTION, new JsonObject().put("_id", root), null).await();
    store.close().await();
    assertThat(stored.getJsonObject("thread").getLong("replies")).isEqualTo(stored.getJsonArray(Messages.THREAD_SEQS).size());
  }

  /** One sender's replies one after another, alternating nodes; a reply the writers kept refusing is left out. */
  private Future<Void> replies(String sender, String room, String root, int i) {
    if (i == REPLIES_EACH) {
      return Future.succeededFuture();
    }
    return cluster.request(i % 2, Addresses.CHAT_SEND, sender, new JsonObject().put("room", room).put("text", "r" + i)
            .put("clientMsgId", sender + "-" + i).put("threadRoot", root))
        .transform(done -> replies(sender, room, root, i + 1));
  }
}
