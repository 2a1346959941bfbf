package io.confab.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * Hazelcast for the clustered event bus: TCP-IP join on the configured members only, bound to the
 * cluster host only, never multicast, never auto-detection, never phone-home (../shared/VERTX-NOTES.md).
 */
public final class Cluster {

  static {
    // Read by Hazelcast before any Config exists.
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.logging.type", "slf4j");
  }

  public static HazelcastClusterManager manager(String host, int port, List<String> members) {
    Config config = ConfigUtil.loadConfig();
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false).setPublicAddress(host + ":" + port);
    network.getInterfaces().setEnabled(true).setInterfaces(List.of(host));
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    return new HazelcastClusterManager(config);
  }

  /** The event bus's own TCP server: on the cluster host, announced under the same address. */
  public static EventBusOptions eventBus(String host) {
    return new EventBusOptions().setHost(host).setClusterPublicHost(host).setPort(0);
  }

  private Cluster() {
  }
}
