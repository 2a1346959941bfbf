package io.confab.chat;

import io.confab.cluster.Cluster;
import io.confab.cluster.NodeRoles;
import io.confab.contract.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.core.spi.cluster.NodeInfo;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Which chat instance owns a room: rendezvous hashing over the cluster's nodes that advertise the chat
 * role ({@link NodeRoles}: once their chat's consumers are registered, until their chat leaves), so every
 * node computes the same owner from the same member list, and a join or a loss moves only the rooms that
 * the joining or lost node wins or held. The member list comes from the cluster manager Vert.x already
 * runs (its members, followed by a Hazelcast membership listener beside Vert.x's own node listener, of
 * which a cluster manager holds one), the roles from each member's node info, read again whole on every
 * membership change and every {@link Addresses#NODE_ROLES} announcement (the latest reading wins, so
 * views converge whatever order the changes come in); two nodes may briefly disagree during a change,
 * which the store's unique indexes make harmless ({@link Messages}). Without a cluster manager (one JVM)
 * this instance owns every room.
 *
 * <p>A graceful leave moves ownership before the leaving instance stops answering ({@link #leave}): it
 * withdraws its chat role, so that a node reading the roles from now on (one joining meanwhile) never
 * counts it, then tells every other member, each chat instance among them dropping it from its owner set
 * at once and confirming, while its node is still a cluster member and would otherwise stay the owner
 * until Hazelcast lets it go. Requests handed to it before a confirmation travel ahead of that
 * confirmation on the same connection, so they are already being served when it unregisters.
 */
final class Owners {

  static final String CHAT_ROLE = "chat";
  private static final String ADDRESS_PREFIX = "confab.chat.owner.";
  /** How soon the members are read again while one's node info is not there yet. */
  private static final long INFO_RETRY_MS = 500;
  /** How long a leaving instance waits for another's confirmation (one that does not answer is gone or going). */
  private static final long LEAVE_TIMEOUT_MS = 2_000;

  private final ClusterManager cluster;
  private final String self;
  /** Chat nodes, sorted; replaced whole on a change, read on the event loop. */
  private volatile List<String> nodes;
  /** Chat nodes that announced they leave and are still members: owners of nothing. */
  private final Set<String> leaving = new HashSet<>();
  /** {@link #nodes} without {@link #leaving}: the owners' candidates. */
  private volatile List<String> candidates;
  private MessageConsumer<String> leaves;
  private MessageConsumer<String> roles;
  /** Readings of the members started; only the latest one's view is kept. */
  private long readings;
  private Runnable changed = () -> { };
  private Runnable stopListening = () -> { };
  private Context context;

  Owners(ClusterManager cluster) {
    this.cluster = cluster;
    this.self = cluster == null ? "local" : cluster.getNodeId();
    this.nodes = List.of(self);
    this.candidates = nodes;
  }

  /** Learns the chat nodes now and follows joins and losses, calling {@code changed} on {@code context} after each. */
  Future<Void> start(Context context, Runnable changed) {
    this.changed = changed;
    if (cluster == null) {
      return Future.succeededFuture();
    }
    this.context = context;
    stopListening = Cluster.onMembersChanged(cluster, () -> context.runOnContext(now -> refresh()));
    leaves = context.owner().eventBus().consumer(leavingAddress(self), leaver -> {
      left(leaver.body());
      leaver.reply(null);
    });
    roles = context.owner().eventBus().consumer(Addresses.NODE_ROLES, announced -> refresh());
    return Future.all(leaves.completion(), roles.completion()).compose(listening -> refresh());
  }

  /**
   * This instance stops owning rooms: its chat role is withdrawn, and every other chat instance is told
   * and has confirmed (or did not answer in time) when the future completes; this one hands its own
   * requests to the new owners at once. Every member is told, not only the chat nodes this one knows: one
   * that joined a moment ago may not be among them yet.
   */
  Future<Void> leave() {
    if (cluster == null) {
      return Future.succeededFuture();
    }
    left(self);
    DeliveryOptions bounded = new DeliveryOptions().setSendTimeout(LEAVE_TIMEOUT_MS);
    return NodeRoles.withdraw(context.owner(), cluster, CHAT_ROLE).otherwiseEmpty()
        .compose(withdrawn -> Future.join(cluster.getNodes().stream().filter(node -> !node.equals(self))
            .map(node -> context.owner().eventBus().request(leavingAddress(node), self, bounded)).toList()))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /** Stops following the cluster's members. */
  void stop() {
    stopListening.run();
    if (leaves != null) {
      leaves.unregister();
      roles.unregister();
    }
  }

  private void left(String node) {
    if (leaving.add(node)) {
      ownersChanged();
    }
  }

  private void ownersChanged() {
    candidates = nodes.stream().filter(node -> !leaving.contains(node)).toList();
    changed.run();
  }

  /**
   * Reads the members and what each runs. A member that just joined may not have published its node info
   * yet: looked at again shortly, until every member's is known.
   */
  private Future<Void> refresh() {
    long reading = ++readings;
    List<String> members = cluster.getNodes();
    List<Future<NodeInfo>> infos = members.stream().map(this::nodeInfo).toList();
    return Future.join(infos).transform(done -> {
      if (reading != readings) {
        return Future.succeededFuture(); // a later reading saw the members after this one did
      }
      Set<String> found = new TreeSet<>();
      boolean complete = true;
      for (int i = 0; i < members.size(); i++) {
        NodeInfo info = infos.get(i).succeeded() ? infos.get(i).result() : null;
        if (info == null) {
          complete = false;
        } else if (NodeRoles.runs(info, CHAT_ROLE)) {
          found.add(members.get(i));
        }
      }
      List<String> now = List.copyOf(found);
      leaving.retainAll(members);
      if (!now.equals(nodes)) {
        nodes = now;
        ownersChanged();
      }
      if (!complete) {
        context.owner().setTimer(INFO_RETRY_MS, timer -> refresh());
      }
      return Future.succeededFuture();
    });
  }

  /** A member's node info as the others read it (this instance's too: it owns rooms only once it advertises chat). */
  private Future<NodeInfo> nodeInfo(String node) {
    Promise<NodeInfo> info = Promise.promise();
    cluster.getNodeInfo(node, info);
    return info.future();
  }

  /** The node that owns {@code room}: the highest score of (node, room) over the chat nodes that stay. */
  String owner(String room) {
    return ownerAmong(candidates, room, self);
  }

  /** Who owns {@code room} once {@code gone} is no longer a chat node (it did not answer). */
  String ownerWithout(String gone, String room) {
    return ownerAmong(candidates.stream().filter(node -> !node.equals(gone)).toList(), room, self);
  }

  /** The highest score of (node, room) over {@code nodes}; {@code none} when there is no node. */
  static String ownerAmong(Collection<String> nodes, String room, String none) {
    String best = none;
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

  /** Where an instance hears that another leaves (the leaver's node id), and confirms. */
  private static String leavingAddress(String node) {
    return ADDRESS_PREFIX + node + ".leaving";
  }

  /** A well-mixed 64-bit score: the first half of the name-based UUID (MD5) of node and room. */
  private static long score(String node, String room) {
    return UUID.nameUUIDFromBytes((node + "\n" + room).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
  }
}
