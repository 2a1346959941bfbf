package io.confab.cluster;

import java.util.List;

/**
 * How a node finds the other members. Never multicast, never Hazelcast's auto-detection.
 *
 * <ul>
 *   <li>{@link TcpIp}: the listed {@code host:port} members (local runs, bin/cluster, the kill test);</li>
 *   <li>{@link Kubernetes}: Hazelcast's built-in Kubernetes discovery, in API mode (the endpoints of
 *       {@code service}, a Service selecting every cluster pod, ready or not; needs the RBAC in k8s/) or,
 *       with {@code serviceDns}, in DNS lookup mode (every address of that headless Service; no RBAC).</li>
 * </ul>
 */
public sealed interface Discovery {

  String TCP_IP = "tcp-ip";
  String KUBERNETES = "kubernetes";

  record TcpIp(List<String> members) implements Discovery {
    public TcpIp {
      members = List.copyOf(members);
    }
  }

  /** {@code namespace} null: the pod's own; {@code serviceDns} non-null selects DNS lookup mode. */
  record Kubernetes(String service, String namespace, String serviceDns) implements Discovery {
    public Kubernetes {
      if ((service == null) == (serviceDns == null)) {
        throw new IllegalArgumentException("kubernetes discovery needs a service name (API mode) or a service DNS name (DNS mode), not both");
      }
    }
  }
}
