package io.confab.cluster;

import io.confab.contract.Addresses;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The roles a node advertises to the others, {@code {"verticles": [...]}} in its Vert.x node info: chat
 * instances route each room to its owner among the nodes that advertise {@code chat}. A node joins
 * advertising none ({@link #none}), advertises its roles once their verticles' consumers are registered,
 * and withdraws one before its consumers unregister; until then, a node advertising chat as it joined was
 * sent writes it had no handler for yet (docs/RELIABILITY.md). Hazelcast's member attributes are fixed at
 * join, so the roles live in the node info the cluster manager keeps in the cluster ({@code setNodeInfo},
 * read by the others with {@code getNodeInfo(nodeId)}), and each change is announced on
 * {@link Addresses#NODE_ROLES}, after which every reader sees it.
 */
public final class NodeRoles {

  /** The metadata a node joins with: no role yet. */
  public static JsonObject none() {
    return new JsonObject().put(ConfigKeys.VERTICLES, new JsonArray());
  }

  /** Adds {@code roles} to what this node advertises, then tells every node. */
  public static Future<Void> advertise(Vertx vertx, ClusterManager cluster, Collection<String> roles) {
    return change(vertx, cluster, advertised -> advertised.addAll(roles));
  }

  /** Stops advertising {@code role}, then tells every node. */
  public static Future<Void> withdraw(Vertx vertx, ClusterManager cluster, String role) {
    return change(vertx, cluster, advertised -> advertised.remove(role));
  }

  /** Whether a node's info advertises {@code role}. */
  public static boolean runs(NodeInfo info, String role) {
    return info.metadata() != null && info.metadata().getJsonArray(ConfigKeys.VERTICLES, new JsonArray()).contains(role);
  }

  private static Future<Void> change(Vertx vertx, ClusterManager cluster, Consumer<Set<String>> change) {
    // The cluster manager's own node info is read under its lock, which it holds while it handles a
    // member's loss (Hazelcast calls): off the event loop.
    return vertx.<Future<Void>>executeBlocking(() -> {
      synchronized (NodeRoles.class) {
        NodeInfo info = cluster.getNodeInfo();
        JsonObject metadata = info.metadata() == null ? none() : info.metadata().copy();
        Set<String> advertised = new TreeSet<>(metadata.getJsonArray(ConfigKeys.VERTICLES, new JsonArray()).stream().map(String::valueOf).toList());
        change.accept(advertised);
        Promise<Void> stored = Promise.promise();
        cluster.setNodeInfo(new NodeInfo(info.host(), info.port(), metadata.put(ConfigKeys.VERTICLES, new JsonArray(List.copyOf(advertised)))), stored);
        return stored.future();
      }
    }).compose(stored -> stored).andThen(done -> vertx.eventBus().publish(Addresses.NODE_ROLES, cluster.getNodeId()));
  }

  private NodeRoles() {
  }
}
