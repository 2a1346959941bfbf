package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * History and sync are answered by each room's owner, from its memory where it holds the page: rooms
 * change owner as a chat node joins and leaves, and every node still answers every page as the store
 * has it (a room that comes back to an earlier owner is not answered from what that owner held before).
 */
class OwnerMemoryTest extends ClusteredChatTestBase {

  /** Enough rooms that some change owner at each join and leave (rendezvous hashing spreads them). */
  private static final int ROOMS = 12;

  @BeforeEach
  void create() {
    clustered(3);
  }

  @Test
  @DisplayName("after ownership moves (a node joins, then leaves) every node answers history and sync as the store has them")
  void pagesAfterOwnershipMovesEqualTheStore() {
    cluster.start(0, 1);
    String ana = mongo.verifiedUser(cluster.node(0), "Ana", "en");
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < ROOMS; i++) {
      rooms.add(group(List.of(ana), "Room " + i));
    }
    MongoClient direct = MongoClient.create(cluster.node(0), StoreConfig.mongo(config));
    // Owning no room, this writer reads every page from the store.
    Messages store = new Messages(direct, new RecentMessages(), new Rooms(direct), fresh -> Future.succeededFuture(), anyRoom -> false);

    writeThenRead(rooms, ana, "before", 0, 1);
    assertPagesEqualTheStore(store, rooms, ana, 0, 1);
    cluster.start(2);
    assertPagesEqualTheStore(store, rooms, ana, 0, 1, 2);
    writeThenRead(rooms, ana, "joined", 0, 1, 2);
    assertPagesEqualTheStore(store, rooms, ana, 0, 1, 2);
    cluster.stop(2);
    // Read before any write: a room back with its earlier owner must not be answered from what it held then.
    assertPagesEqualTheStore(store, rooms, ana, 0, 1);
    writeThenRead(rooms, ana, "left", 0, 1);
    assertPagesEqualTheStore(store, rooms, ana, 0, 1);
  }

  /** Sends, an edit and a delete in every room through the given nodes in turn, then a read through each (owners build their memory). */
  private void writeThenRead(List<String> rooms, String user, String phase, int... nodes) {
    for (String room : rooms) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add(cluster.request(nodes[i % nodes.length], Addresses.CHAT_SEND, user, new JsonObject().put("room", room)
            .put("text", phase + " " + i).put("clientMsgId", phase + "-" + i)).await().getString("id"));
      }
      cluster.request(nodes[0], Addresses.CHAT_EDIT, user, new JsonObject().put("room", room).put("id", ids.get(1)).put("text", phase + " edited"))
          .await();
      cluster.request(nodes[nodes.length - 1], Addresses.CHAT_DELETE, user, new JsonObject().put("room", room).put("id", ids.get(2))).await();
      for (int node : nodes) {
        cluster.request(node, Addresses.CHAT_HISTORY, user, new JsonObject().put("room", room)).await();
      }
    }
  }

  private void assertPagesEqualTheStore(Messages store, List<String> rooms, String user, int... nodes) {
    for (String room : rooms) {
      JsonObject roomDoc = new JsonObject().put("_id", room);
      List<JsonObject> asked = List.of(
          new JsonObject().put("room", room).put("limit", 5),
          new JsonObject().put("room", room).put("after", 0).put("limit", 200),
          new JsonObject().put("room", room).put("after", 3).put("limit", 4),
          new JsonObject().put("room", room).put("before", 6).put("limit", 3));
      for (JsonObject page : asked) {
        JsonObject expected = store.history(roomDoc, page.getLong("after"), page.getLong("before"), page.getInteger("limit")).await();
        for (int node : nodes) {
          assertThat(cluster.request(node, Addresses.CHAT_HISTORY, user, page).await()).as("history %s through node %d", page, node)
              .isEqualTo(expected);
        }
      }
      for (long since : new long[] {0, 3, 7}) {
        JsonObject expected = store.changes(roomDoc, since, 200).await();
        for (int node : nodes) {
          assertThat(cluster.request(node, Addresses.CHAT_SYNC, user, new JsonObject().put("room", room).put("since", since)).await())
              .as("sync since %d through node %d", since, node).isEqualTo(expected);
        }
      }
    }
  }
}
