package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.edge.BusRequests;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the edge's requests go in a cluster whose nodes both serve an address. */
class EdgeRequestsTest {

  private static final String ADDRESS = "test.where";

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("an edge's request is answered by its own node when that node serves the address, and by another node once it does not")
  void ownNodeFirstThenTheCluster() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir, "bridge", "bridge")) {
      MessageConsumer<JsonObject> firstServes = serve(nodes.first.vertx(), "first");
      serve(nodes.second.vertx(), "second");
      Thread.sleep(500);

      assertThat(answers(nodes.first.vertx(), 20)).containsOnly("first");
      firstServes.unregister().await();
      Thread.sleep(500);
      assertThat(answers(nodes.first.vertx(), 20)).containsOnly("second");
    }
  }

  private static MessageConsumer<JsonObject> serve(Vertx vertx, String name) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS, request -> request.reply(name));
    consumer.completion().await();
    return consumer;
  }

  private static List<String> answers(Vertx vertx, int count) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(BusRequests.<String>request(vertx, ADDRESS, new JsonObject(), new DeliveryOptions().setSendTimeout(5_000)).await().body());
    }
    return answers;
  }
}
