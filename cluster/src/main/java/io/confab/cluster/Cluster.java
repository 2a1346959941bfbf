package io.confab.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;

/**
 * Hazelcast for the clustered event bus: members found by {@link Discovery} (TCP-IP on the configured
 * members, or Hazelcast's Kubernetes discovery), bound to the cluster host only, never multicast, never
 * auto-detection, never phone-home (../shared/VERTX-NOTES.md).
 */
public final class Cluster {

  /**
   * On Kubernetes, pods of a Deployment that start together may each form a cluster before they see each
   * other; Hazelcast then merges them. Its first look for another cluster is 300 s after start by default:
   * sooner here, so that a split at a fresh rollout heals within a minute.
   */
  static final String MERGE_FIRST_RUN_SECONDS = "30";
  static final String MERGE_NEXT_RUN_SECONDS = "20";

  static {
    // Read by Hazelcast before any Config exists.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "slf4j");
  }

  public static HazelcastClusterManager manager(String host, int port, List<String> members) {
    return manager(host, port, new Discovery.TcpIp(members));
  }

  public static HazelcastClusterManager manager(String host, int port, Discovery discovery) {
    return new HazelcastClusterManager(config(host, port, discovery));
  }

  /** Confab's Hazelcast config (cluster.xml) with this node's address and {@code discovery}. */
  public static Config config(String host, int port, Discovery discovery) {
    Config config = ConfigUtil.loadConfig();
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (discovery instanceof Discovery.TcpIp tcpIp) {
      join.getTcpIpConfig().setEnabled(true).setMembers(tcpIp.members());
    } else if (discovery instanceof Discovery.Kubernetes kubernetes) {
      join.getTcpIpConfig().setEnabled(false);
      KubernetesConfig k8s = join.getKubernetesConfig().setEnabled(true).setProperty("service-port", String.valueOf(port));
      if (kubernetes.serviceDns() != null) {
        k8s.setProperty("service-dns", kubernetes.serviceDns());
      } else {
        k8s.setProperty("service-name", kubernetes.service()).setProperty("resolve-not-ready-addresses", "true");
        if (kubernetes.namespace() != null) {
          k8s.setProperty("namespace", kubernetes.namespace());
        }
      }
      config.setProperty("hazelcast.merge.first.run.delay.seconds", MERGE_FIRST_RUN_SECONDS);
      config.setProperty("hazelcast.merge.next.run.delay.seconds", MERGE_NEXT_RUN_SECONDS);
    }
    return config;
  }

  /**
   * Calls {@code changed} (on a Hazelcast thread) whenever a member joins or leaves, and answers what stops
   * that. A Hazelcast membership listener, beside the one node listener a Vert.x cluster manager holds
   * (Vert.x's own: setting another would replace it). Nothing for another cluster manager.
   */
  public static Runnable onMembersChanged(ClusterManager manager, Runnable changed) {
    if (!(manager instanceof HazelcastClusterManager hazelcast)) {
      return () -> { };
    }
    com.hazelcast.cluster.Cluster members = hazelcast.getHazelcastInstance().getCluster();
    UUID listener = members.addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent joined) {
        changed.run();
      }

      @Override
      public void memberRemoved(MembershipEvent left) {
        changed.run();
      }
    });
    return () -> members.removeMembershipListener(listener);
  }

  /** The event bus's own TCP server: on the cluster host, announced under the same address. */
  public static EventBusOptions eventBus(String host) {
    return new EventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0);
  }

  private Cluster() {
  }
}
