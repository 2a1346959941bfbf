package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.Failures;
import io.confab.base.Replies;
import io.confab.contract.Addresses;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A rolling upgrade: a room's owner runs another version, which refuses as invalid what it is handed and
 * does not serve (as a node from before resume from the owner's memory answers a forwarded history or
 * sync: 400 {@code invalid_request}). The node that took the request serves it itself.
 */
class MixedVersionsTest extends ClusteredChatTestBase {

  private String ana;
  private String room;

  @BeforeEach
  void anOwnerOfAnotherVersion() {
    clustered(2).start(0);
    cluster.join(1);
    // Node 1 stands for an older chat: it advertises chat and refuses every request handed to it as invalid.
    cluster.node(1).eventBus().<JsonObject>consumer(Owners.address(cluster.nodeId(1)),
        handed -> Replies.fail(handed, ErrorCode.INVALID_REQUEST)).completion().await();
    cluster.advertise(1, Owners.CHAT_ROLE);
    List<String> users = senders(2);
    ana = users.get(0);
    List<String> members = List.of(cluster.nodeId(0), cluster.nodeId(1));
    do {
      room = group(users, "Upgrading");
    } while (!Owners.ownerAmong(members, room, null).equals(cluster.nodeId(1)));
  }

  @Test
  @DisplayName("a send, a history and a sync that the room's owner of another version refuses as invalid are served by the node that took them")
  void whatAnOwnerOfAnotherVersionRefusesIsServedByTheTaker() {
    JsonObject sent = cluster.request(0, Addresses.CHAT_SEND, ana, new JsonObject().put("room", room).put("text", "hello").put("clientMsgId", "c1"))
        .await();
    JsonObject history = cluster.request(0, Addresses.CHAT_HISTORY, ana, new JsonObject().put("room", room)).await();
    JsonObject changes = cluster.request(0, Addresses.CHAT_SYNC, ana, new JsonObject().put("room", room).put("since", 0)).await();

    assertThat(sent.getLong("seq")).isEqualTo(1);
    assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text")).toList()).containsExactly("hello");
    assertThat(changes.encode()).contains("hello");
  }

  @Test
  @DisplayName("a request that is invalid is still refused as invalid when the owner of another version refuses it")
  void anInvalidRequestIsStillRefused() {
    Throwable refused = cluster.request(0, Addresses.CHAT_HISTORY, ana, new JsonObject().put("room", room).put("after", 1).put("before", 5))
        .transform(answered -> Future.succeededFuture(answered.cause())).await();

    assertThat(refused).isNotNull();
    assertThat(Failures.toContract(refused).error()).isEqualTo(ErrorCode.INVALID_REQUEST);
  }
}
