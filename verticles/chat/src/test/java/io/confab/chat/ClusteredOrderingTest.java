package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two chat nodes sharing one store, with senders going through both at once: where chat servers usually
 * lose or duplicate messages. Clustered, each room has one owner; standalone, both write the same room
 * (two owners at once) and only the store's unique indexes keep them apart.
 */
class ClusteredOrderingTest extends ClusteredChatTestBase {

  private static final int SENDERS = 4;
  private static final int MESSAGES_EACH = 250;

  @Test
  @DisplayName("4 concurrent senders x 250 messages through both nodes of a cluster: seq is exactly 1..1000, rev unique, nothing twice")
  void concurrentSendsThroughTwoNodesAreGapless() {
    clustered(2).start(0, 1);
    sendAndCheck(false);
  }

  @Test
  @DisplayName("two owners of one room at once (a stale one), sending and editing: the store fences them, no gap, no duplicate, edits keep their text")
  void twoOwnersOfOneRoomAreFencedByTheStore() {
    standalone(2).start(0, 1);
    sendAndCheck(true);
  }

  @Test
  @DisplayName("a stale owner's send after the other owner's edits freed revs above what it knows takes a rev above every rev synced")
  void aStaleOwnersSendIsNotHiddenBelowASyncedRev() {
    standalone(2).start(0, 1);
    String ana = mongo.verifiedUser(cluster.node(0), "Ana", "en");
    String room = group(List.of(ana), "Window");
    String first = send(0, ana, room, "one").getString("id");
    send(0, ana, room, "two");
    // The other writer edits twice: revs 3 and 4 are claimed, and rev 3 is freed again by the second edit.
    edit(1, ana, room, first, "one, edited");
    edit(1, ana, room, first, "one, edited again");
    JsonObject synced = cluster.request(1, Addresses.CHAT_SYNC, ana, new JsonObject().put("room", room).put("since", 0)).await();

    JsonObject late = send(0, ana, room, "three");

    assertThat(late.getLong("rev")).as("above the rev a client synced to").isGreaterThan(synced.getLong("rev"));
    JsonObject next = cluster.request(1, Addresses.CHAT_SYNC, ana, new JsonObject().put("room", room).put("since", synced.getLong("rev"))).await();
    assertThat(next.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("three");
  }

  private JsonObject send(int node, String sender, String room, String text) {
    return cluster.request(node, Addresses.CHAT_SEND, sender, new JsonObject().put("room", room).put("text", text).put("clientMsgId", text)).await();
  }

  private void edit(int node, String sender, String room, String id, String text) {
    cluster.request(node, Addresses.CHAT_EDIT, sender, new JsonObject().put("room", room).put("id", id).put("text", text)).await();
  }

  private void sendAndCheck(boolean editing) {
    List<String> senders = senders(SENDERS);
    String room = group(senders, "Load");

    // Each sender sends its messages one after another, alternating nodes (editing each tenth through the other); the senders run at once.
    Future.all(senders.stream().map(sender -> sendAll(sender, room, 0, editing)).toList()).await();

    List<JsonObject> all = allMessages(1, senders.get(0), room);
    assertGaplessOnce(all, SENDERS * MESSAGES_EACH);
    if (editing) {
      assertThat(all.stream().filter(m -> m.getString("text").startsWith("edited")).count()).isEqualTo(SENDERS * MESSAGES_EACH / 10);
    }
  }

  private Future<Void> sendAll(String sender, String room, int i, boolean editing) {
    if (i == MESSAGES_EACH) {
      return Future.succeededFuture();
    }
    return cluster.request(i % 2, Addresses.CHAT_SEND, sender, new JsonObject().put("room", room).put("text", "m" + i).put("clientMsgId", "c" + i))
        .compose(sent -> !editing || i % 10 != 0 ? Future.succeededFuture()
            : cluster.request((i + 1) % 2, Addresses.CHAT_EDIT, sender, new JsonObject().put("room", room).put("id", sent.getString("id"))
                .put("text", "edited " + i)))
        .compose(done -> sendAll(sender, room, i + 1, editing));
  }
}
