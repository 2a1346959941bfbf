package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.Codecs;
import io.confab.cluster.Cluster;
import io.confab.cluster.NodeRoles;
import io.confab.testing.FreePorts;
import io.confab.testing.LocalServices;
import io.confab.testing.TestMongo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node advertises to the others as it starts: a role only once its verticle answers. */
class NodeRolesTest {

  /** Chat's owner address of a node (chat's {@code Owners.address}, package-private there). */
  private static final String OWNER_ADDRESS = "confab.chat.owner.";

  private final TestMongo mongo = new TestMongo();
  private Vertx observer;
  private Node node;

  @TempDir
  Path dataDir;

  @AfterEach
  void stop() {
    if (node != null) {
      node.stop();
    }
    if (observer != null) {
      observer.close().await();
    }
    mongo.close();
  }

  @Test
  @DisplayName("a starting chat node advertises chat only once its owner address answers: the first request sent there on seeing it finds a handler")
  void chatIsAdvertisedOnlyOnceItsOwnerAddressAnswers() throws Exception {
    LocalServices.requireRedis();
    List<String> members = List.of("127.0.0.1:" + FreePorts.next(), "127.0.0.1:" + FreePorts.next());
    HazelcastClusterManager watching = Cluster.manager("127.0.0.1", port(members.get(0)), members);
    observer = Vertx.builder().with(new VertxOptions().setEventBusOptions(Cluster.eventBus("127.0.0.1").setClusterNodeMetadata(NodeRoles.none())))
        .withClusterManager(watching).buildClustered().await();
    Codecs.register(observer);
    // Looks at the other member's roles every 5 ms; on first seeing chat, asks its owner address at once.
    CompletableFuture<Throwable> firstAsked = new CompletableFuture<>();
    observer.setPeriodic(5, timer -> watching.getNodes().stream().filter(id -> !id.equals(watching.getNodeId())).findFirst()
        .ifPresent(other -> nodeInfo(watching, other).onSuccess(info -> {
          if (NodeRoles.runs(info, "chat") && observer.cancelTimer(timer)) {
            observer.eventBus().request(OWNER_ADDRESS + other, new JsonObject(), new DeliveryOptions().setSendTimeout(5_000))
                .onComplete(answer -> firstAsked.complete(answer.cause()));
          }
        })));

    node = Node.start(NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(VERTICLES, "chat")
        .put(HTTP_PORT, FreePorts.next())
        .put(CLUSTER_PORT, port(members.get(1)))
        .put(CLUSTER_MEMBERS, String.join(",", members))
        .put(MONGO_URI, mongo.uri())
        .put(REDIS_URI, LocalServices.REDIS_URI)
        .put(DATA_DIR, dataDir.toString())));

    Throwable answer = firstAsked.get(30, TimeUnit.SECONDS);
    // Chat refuses the empty request (400): what matters is that a handler was there to refuse it.
    assertThat(answer).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) answer).failureCode()).as(answer.toString()).isEqualTo(400);
  }

  private static Future<NodeInfo> nodeInfo(HazelcastClusterManager cluster, String node) {
    Promise<NodeInfo> info = Promise.promise();
    cluster.getNodeInfo(node, info);
    return info.future();
  }

  private static int port(String member) {
    return Integer.parseInt(member.split(":")[1]);
  }
}
