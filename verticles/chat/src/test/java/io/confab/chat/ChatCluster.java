package io.confab.chat;

import io.confab.auth.AuthVerticle;
import io.confab.cluster.Cluster;
import io.confab.cluster.NodeRoles;
import io.confab.base.Codecs;
import io.confab.contract.Headers;
import io.confab.testing.FreePorts;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Clustered nodes in one JVM, each running auth and chat as the launcher deploys them (joining with no
 * role advertised, advertising its roles once they are deployed, the cluster manager handed to chat),
 * sharing one store. Or, made
 * {@link #standalone}, nodes that do not know each other: each chat owns every room, as two owners of one
 * room would during a move or after a partition.
 */
final class ChatCluster implements AutoCloseable {

  private static final long REQUEST_TIMEOUT_MS = 10_000;

  private final List<String> members;
  private final JsonObject config;
  private final Map<Integer, Vertx> nodes = new HashMap<>();
  private final Map<Integer, HazelcastClusterManager> managers = new HashMap<>();
  private final Map<Integer, String> chats = new HashMap<>();
  private final boolean clustered;

  /** {@code size} member addresses; nodes start with {@link #start}. */
  ChatCluster(int size, JsonObject config) {
    this(size, config, true);
  }

  private ChatCluster(int size, JsonObject config, boolean clustered) {
    this.members = IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + FreePorts.next()).toList();
    this.config = config;
    this.clustered = clustered;
  }

  /** Nodes on one store that are not clustered: every chat instance owns every room. */
  static ChatCluster standalone(int size, JsonObject config) {
    return new ChatCluster(size, config, false);
  }

  /** Starts the nodes at {@code indexes} together (a lone first member waits for the others it lists). */
  void start(int... indexes) {
    join(indexes);
    for (int index : indexes) {
      deployChat(index);
    }
  }

  /** The nodes at {@code indexes} join the cluster and run auth, their chat not yet deployed: as the launcher's node while it deploys. */
  void join(int... indexes) {
    List<Future<Vertx>> started = new ArrayList<>();
    for (int index : indexes) {
      if (!clustered) {
        started.add(Future.succeededFuture(Vertx.vertx()));
        continue;
      }
      HazelcastClusterManager manager = Cluster.manager("127.0.0.1", Integer.parseInt(members.get(index).split(":")[1]), members);
      managers.put(index, manager);
      started.add(Vertx.builder()
          .with(new VertxOptions().setEventBusOptions(Cluster.eventBus("127.0.0.1").setClusterNodeMetadata(NodeRoles.none())))
          .withClusterManager(manager)
          .buildClustered());
    }
    for (int i = 0; i < indexes.length; i++) {
      Vertx node = started.get(i).await();
      Codecs.register(node);
      node.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)).await();
      nodes.put(indexes[i], node);
    }
  }

  /** Deploys the node's chat, then advertises its roles, as the launcher does. */
  void deployChat(int index) {
    Vertx node = nodes.get(index);
    chats.put(index, node.deployVerticle(new ChatVerticle(managers.get(index)), new DeploymentOptions().setConfig(config)).await());
    if (clustered) {
      advertise(index, "auth", Owners.CHAT_ROLE);
    }
  }

  /** The node advertises {@code roles} to the others. */
  void advertise(int index, String... roles) {
    NodeRoles.advertise(nodes.get(index), managers.get(index), List.of(roles)).await();
  }

  Vertx node(int index) {
    return nodes.get(index);
  }

  /** The node's cluster member id (a clustered node's). */
  String nodeId(int index) {
    return managers.get(index).getNodeId();
  }

  /** Undeploys the node's chat as a graceful stop does (its node stays a cluster member advertising chat until it closes). */
  void undeployChat(int index) {
    nodes.get(index).undeploy(chats.remove(index)).await();
  }

  /** Leaves the cluster properly: its chat drains, its member goes away at once. */
  void stop(int index) {
    nodes.remove(index).close().await();
  }

  /** As a crash: its cluster member vanishes without a word, and its event bus with it. */
  void kill(int index) {
    managers.get(index).getHazelcastInstance().getLifecycleService().terminate();
    nodes.remove(index).close();
  }

  /**
   * A request as a client makes it through {@code node}: repeated with the same body when it got no
   * answer in time or found no handler (a node went away under it), as the contract's clients do.
   */
  Future<JsonObject> request(int node, String address, String user, JsonObject body) {
    return request(node, address, user, body, 5);
  }

  private Future<JsonObject> request(int node, String address, String user, JsonObject body, int tries) {
    Vertx via = nodes.get(node);
    return via.eventBus().<JsonObject>request(address, body, new DeliveryOptions().addHeader(Headers.USER, user).setSendTimeout(REQUEST_TIMEOUT_MS))
        .map(reply -> reply.body())
        .recover(failure -> tries > 1 && failure instanceof ReplyException reply
            && (reply.failureType() != ReplyFailure.RECIPIENT_FAILURE || reply.failureCode() == 503)
            ? request(nodes.containsKey(node) ? node : nodes.keySet().iterator().next(), address, user, body, tries - 1)
            : Future.failedFuture(failure));
  }

  @Override
  public void close() {
    Future.join(nodes.values().stream().map(Vertx::close).toList()).await();
  }
}
