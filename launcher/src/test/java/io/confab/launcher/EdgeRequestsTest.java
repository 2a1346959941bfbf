package io.confab.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.edge.BusRequests;
import io.confab.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the edge's requests go in a cluster whose nodes both serve an address. */
class EdgeRequestsTest {

  private static final String ADDRESS = "test.where";
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir
  Path dataDir;

  @Test
  @DisplayName("an edge's request is answered by its own node when that node serves the address, and by another node once it does not")
  void ownNodeFirstThenTheCluster() throws Exception {
    try (TwoNodes nodes = new TwoNodes(dataDir, "bridge", "bridge")) {
      MessageConsumer<JsonObject> firstServes = serve(nodes.first.vertx(), "first");
      serve(nodes.second.vertx(), "second");
      // The cluster's plain round robin reaches the second node once its subscription is known to the first.
      Eventually.until(() -> "second".equals(nodes.first.vertx().eventBus().<String>request(ADDRESS, new JsonObject()).await().body()),
          WAIT, "the second node's consumer known to the first");

      assertThat(answers(nodes.first.vertx(), 20)).containsOnly("first");
      firstServes.unregister().await();
      // One answer from the second node is not enough: round robin alternates with the first node's entry
      // until its removal has spread, so wait until a row of answers all come from the second.
      Eventually.until(() -> IntStream.range(0, 4).allMatch(i -> "second".equals(answerOrNull(nodes.first.vertx()))),
          WAIT, "the first node's consumer gone from the cluster");
      assertThat(answers(nodes.first.vertx(), 20)).containsOnly("second");
    }
  }

  private static MessageConsumer<JsonObject> serve(Vertx vertx, String name) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(ADDRESS, request -> request.reply(name));
    consumer.completion().await();
    return consumer;
  }

  /** One answer as the edge asks, or null while the cluster still lists a consumer that is gone. */
  private static String answerOrNull(Vertx vertx) {
    return BusRequests.<String>request(vertx, ADDRESS, new JsonObject(), new DeliveryOptions().setSendTimeout(5_000))
        .map(io.vertx.core.eventbus.Message::body).otherwise((String) null).await();
  }

  private static List<String> answers(Vertx vertx, int count) {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(BusRequests.<String>request(vertx, ADDRESS, new JsonObject(), new DeliveryOptions().setSendTimeout(5_000)).await().body());
    }
    return answers;
  }
}
