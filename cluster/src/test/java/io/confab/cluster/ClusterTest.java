package io.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ClusterTest {

  private static final String HOST = "127.0.0.1";
  private Vertx first;
  private Vertx second;

  @AfterEach
  void leave() {
    Future.join(close(first), close(second)).await();
  }

  @Test
  @DisplayName("two nodes on loopback form one cluster: a request sent on one is answered by a consumer only on the other")
  void aRequestIsAnsweredByTheOtherNode() throws Exception {
    List<String> members = List.of(HOST + ":" + FreePorts.next(), HOST + ":" + FreePorts.next());
    Future<Vertx> starting = node(members, 0);
    second = node(members, 1).await();
    first = starting.await();
    second.eventBus().<JsonObject>consumer("test.echo", message -> message.reply(new JsonObject().put("answeredBy", "second")));

    JsonObject answer = requestUntilAnswered(first, Duration.ofSeconds(20));

    assertThat(answer.getString("answeredBy")).isEqualTo("second");
    assertThat(first.isClustered()).isTrue();
  }

  private static Future<Vertx> node(List<String> members, int index) {
    int port = Integer.parseInt(members.get(index).split(":")[1]);
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(Cluster.eventBus(HOST)))
        .withClusterManager(Cluster.manager(HOST, port, members))
        .buildClustered();
  }

  /** Subscriptions spread through the cluster asynchronously: ask until the consumer is known. */
  private static JsonObject requestUntilAnswered(Vertx vertx, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        return vertx.eventBus().<JsonObject>request("test.echo", new JsonObject()).await().body();
      } catch (ReplyException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static Future<Void> close(Vertx vertx) {
    return vertx == null ? Future.succeededFuture() : vertx.close();
  }
}
