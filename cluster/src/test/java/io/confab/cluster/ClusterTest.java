package io.confab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.confab.testing.Eventually;
import io.confab.testing.FreePorts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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

  @Test
  @DisplayName("Kubernetes discovery in API mode: the service's endpoints, not-ready pods included, TCP-IP and multicast off")
  void kubernetesApiModeReplacesTheMemberList() {
    Config config = Cluster.config("10.1.2.3", 5701, new Discovery.Kubernetes("confab-cluster", "confab", null));
    JoinConfig join = config.getNetworkConfig().getJoin();

    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperties()).containsEntry("service-name", "confab-cluster")
        .containsEntry("namespace", "confab").containsEntry("service-port", "5701").containsEntry("resolve-not-ready-addresses", "true");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.1.2.3");
    assertThat(config.getProperty("hazelcast.merge.first.run.delay.seconds")).isEqualTo(Cluster.MERGE_FIRST_RUN_SECONDS);
  }

  @Test
  @DisplayName("Kubernetes discovery in DNS mode: every address of the headless service, no member list")
  void kubernetesDnsModeLooksTheServiceUp() {
    Config config = Cluster.config("10.1.2.3", 5701, new Discovery.Kubernetes(null, null, "confab-cluster.confab.svc.cluster.local"));

    assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().getProperties())
        .containsEntry("service-dns", "confab-cluster.confab.svc.cluster.local").doesNotContainKey("service-name");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("TCP-IP discovery (local runs): the listed members only, Kubernetes and multicast off")
  void tcpIpListsTheMembers() {
    JoinConfig join = Cluster.config(HOST, 5701, new Discovery.TcpIp(List.of("127.0.0.1:5701", "127.0.0.1:5702")))
        .getNetworkConfig().getJoin();

    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5701", "127.0.0.1:5702");
    assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  private static Future<Vertx> node(List<String> members, int index) {
    int port = Integer.parseInt(members.get(index).split(":")[1]);
    return Vertx.builder()
        .with(new VertxOptions().setEventBusOptions(Cluster.eventBus(HOST)))
        .withClusterManager(Cluster.manager(HOST, port, members))
        .buildClustered();
  }

  /** Subscriptions spread through the cluster asynchronously: ask until the consumer is known. */
  private static JsonObject requestUntilAnswered(Vertx vertx, Duration within) {
    return Eventually.value(() -> vertx.eventBus().<JsonObject>request("test.echo", new JsonObject())
        .map(io.vertx.core.eventbus.Message::body).otherwise((JsonObject) null).await(), within, "an answer from the other node");
  }

  private static Future<Void> close(Vertx vertx) {
    return vertx == null ? Future.succeededFuture() : vertx.close();
  }
}
