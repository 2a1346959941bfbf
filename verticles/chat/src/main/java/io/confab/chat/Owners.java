package io.confab.chat;

import io.confab.contract.ConfigKeys;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import io.vertx.core.spi.cluster.NodeListener;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which chat instance owns a room: rendezvous hashing over the cluster's nodes that advertise the chat
 * role in their node metadata (the launcher's {@code verticles}, {@link ConfigKeys#VERTICLES}), so every node computes the same owner from the same member
 * list, and a join or a loss moves only the rooms that the joining or lost node wins or held. The member
 * list comes from the cluster manager Vert.x already runs (its node listener); two nodes may briefly
 * disagree during a change, which the store's unique indexes make harmless ({@link Messages}).
 * Without a cluster manager (one JVM) this instance owns every room.
 */
final class Owners {

  static final String CHAT_ROLE = "chat";
  private static final String ADDRESS_PREFIX = "confab.chat.owner.";

  private final ClusterManager cluster;
  private final String self;
  /** Chat nodes, sorted; replaced whole on a change, read on the event loop. */
  private volatile List<String> nodes;
  private Runnable changed = () -> { };

  Owners(ClusterManager cluster) {
    this.cluster = cluster;
    this.self = cluster == null ? "local" : cluster.getNodeId();
    this.nodes = List.of(self);
  }

  /** Learns the chat nodes now and follows joins and losses, calling {@code changed} on {@code context} after each. */
  Future<Void> start(Context context, Runnable changed) {
    this.changed = changed;
    if (cluster == null) {
      return Future.succeededFuture();
    }
    cluster.nodeListener(new NodeListener() {
      @Override
      public void nodeAdded(String nodeId) {
        context.runOnContext(now -> refresh());
      }

      @Override
      public void nodeLeft(String nodeId) {
        context.runOnContext(now -> refresh());
      }
    });
    return refresh();
  }

  private Future<Void> refresh() {
    List<String> members = cluster.getNodes();
    List<Future<String>> chat = members.stream().map(node -> runsChat(node).map(runs -> runs ? node : null)).toList();
    return Future.join(chat).transform(done -> {
      Set<String> found = new TreeSet<>(List.of(self));
      chat.stream().filter(Future::succeeded).map(Future::result).filter(node -> node != null).forEach(found::add);
      List<String> now = List.copyOf(found);
      if (!now.equals(nodes)) {
        nodes = now;
        changed.run();
      }
      return Future.succeededFuture();
    });
  }

  private Future<Boolean> runsChat(String node) {
    if (node.equals(self)) {
      return Future.succeededFuture(true);
    }
    Promise<NodeInfo> info = Promise.promise();
    cluster.getNodeInfo(node, info);
    return info.future().map(found -> found != null && found.metadata() != null
        && found.metadata().getJsonArray(ConfigKeys.VERTICLES, new JsonArray()).contains(CHAT_ROLE));
  }

  /** The node that owns {@code room}: the highest score of (node, room) over the chat nodes. */
  String owner(String room) {
    String best = self;
    long bestScore = Long.MIN_VALUE;
    for (String node : nodes) {
      long score = score(node, room);
      if (score > bestScore || (score == bestScore && node.compareTo(best) < 0)) {
        best = node;
        bestScore = score;
      }
    }
    return best;
  }

  boolean ownsLocally(String room) {
    return owner(room).equals(self);
  }

  String self() {
    return self;
  }

  /** Where an instance takes the writes of the rooms it owns. */
  static String address(String node) {
    return ADDRESS_PREFIX + node;
  }

  /** A well-mixed 64-bit score: the first half of the name-based UUID (MD5) of node and room. */
  private static long score(String node, String room) {
    return UUID.nameUUIDFromBytes((node + "\n" + room).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }
}
