package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chat through two nodes: a client of one edge talks with a client of the other. */
class CrossNodeChatTest {

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("a message sent through one node's bridge reaches a member on the other node's bridge, and presence is seen across nodes")
  void chatAndPresenceAcrossNodes() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir)) {
      JsonObject ana = nodes.signedIn("Ana");
      JsonObject ben = nodes.signedIn("Ben");
      String benId = ben.getJsonObject("user").getString("id");
      String room = new JsonObject(nodes.post(nodes.firstPort, "/api/v1/rooms", ana.getString("accessToken"),
          new JsonObject().put("kind", "direct").put("members", new JsonArray().add(benId))).body()).getString("id");

      try (BridgeClient anas = BridgeClient.connect(nodes.first.vertx(), nodes.firstPort, ana.getString("accessToken"));
           BridgeClient bens = BridgeClient.connect(nodes.second.vertx(), nodes.secondPort, ben.getString("accessToken"))) {
        bens.register("room." + room);
        JsonObject probe = new JsonObject().put("room", room).put("text", "probe").put("clientMsgId", "p-0");
        // The registration on the second node is asynchronous: send until the first delivery arrives.
        int[] sent = {0};
        Eventually.until(() -> {
          anas.request("chat.send", probe.copy().put("clientMsgId", "p-" + sent[0]++)).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
          return !bens.received().isEmpty();
        }, Duration.ofSeconds(10), "a probe delivered on the other node");
        JsonObject reply = anas.request("chat.send", new JsonObject().put("room", room).put("text", "across nodes").put("clientMsgId", "x-1"))
            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(reply.getJsonObject("body").getLong("seq")).isEqualTo(sent[0] + 1L);
        JsonObject delivered = bens.await(f -> "across nodes".equals(f.getJsonObject("body").getString("text")), Duration.ofSeconds(5));
        assertThat(delivered.getJsonObject("body").getLong("seq")).isEqualTo(sent[0] + 1L);

        JsonObject presence = anas.request("presence.query", new JsonObject().put("users", new JsonArray().add(benId)))
            .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        assertThat(presence.getJsonObject("body").getString(benId)).as("Ben is connected to the other node").isEqualTo("online");
      }
    }
  }
}
