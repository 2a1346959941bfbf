package io.confab.launcher;

import io.confab.base.Codecs;
import io.confab.cluster.Cluster;
import io.confab.cluster.NodeRoles;
import io.confab.contract.Addresses;
import io.confab.edge.EdgeVerticle;
import io.micrometer.core.instrument.Metrics;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Confab node: embedded stand-ins where no store was configured, a clustered Vert.x, the
 * verticles of its roles and the HTTP server. {@link #start} and {@link #stop} block, so they run on
 * the launcher's thread or the shutdown hook, never on an event loop.
 */
public final class Node {

  private static final Logger LOG = LoggerFactory.getLogger(Node.class);
  /** How long readiness says DOWN before the node stops serving, so load balancers stop sending to it. */
  static final Duration DRAIN = Duration.ofSeconds(2);
  private static final long READY_POLL_MS = 250;

  private final NodeConfig config;
  private final EmbeddedStores stores;
  private final Vertx vertx;
  private final NodeHealth health;
  private final ClusterManager cluster;

  private Node(NodeConfig config, EmbeddedStores stores, Vertx vertx, NodeHealth health, ClusterManager cluster) {
    this.config = config;
    this.cluster = cluster;
    this.stores = stores;
    this.vertx = vertx;
    this.health = health;
  }

  public static Node start(NodeConfig requested) {
    return start(requested, new VertxOptions());
  }

  /** As {@link #start(NodeConfig)}, on Vert.x options a test tunes (the blocked-thread checker's bounds). */
  static Node start(NodeConfig requested, VertxOptions base) {
    EmbeddedStores stores = new EmbeddedStores();
    Vertx vertx = null;
    try {
      NodeConfig config = stores.complete(requested);
      HazelcastClusterManager cluster = Cluster.manager(config.clusterHost(), config.clusterPort(), config.clusterDiscovery());
      vertx = Vertx.builder()
          .with(new VertxOptions(base)
              // No role advertised until its verticle answers (below): chat instances route rooms to the nodes that advertise chat.
              .setEventBusOptions(Cluster.eventBus(config.clusterHost()).setClusterNodeMetadata(NodeRoles.none()))
              .setMetricsOptions(new MicrometerMetricsOptions()
                  .setEnabled(true)
                  .setJvmMetricsEnabled(true)
                  .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
          .withMetrics(new MicrometerMetricsFactory())
          .withClusterManager(cluster)
          .buildClustered()
          .await();
      Codecs.register(vertx);
      // Confab's own meters (confab_*) live on Micrometer's global registry: /metrics shows them beside Vert.x's.
      Metrics.globalRegistry.add(BackendRegistries.getDefaultNow());
      JsonObject deployment = config.toDeploymentConfig().mergeIn(KeyFiles.read(config));
      NodeHealth health = new NodeHealth(vertx, deployment);
      Node node = new Node(config, stores, vertx, health, cluster);
      node.deploy(deployment).await();
      NodeRoles.advertise(vertx, cluster, config.verticles()).await();
      LOG.atInfo().setMessage("node.started").addKeyValue("verticles", config.verticles())
          .addKeyValue("devMode", config.devMode()).log();
      node.announceWhenReady();
      return node;
    } catch (RuntimeException e) {
      if (vertx != null) {
        vertx.close().await(); // leave the cluster properly rather than by timeout
      }
      stores.close();
      throw e;
    }
  }

  private Future<?> deploy(JsonObject deployment) {
    DeploymentOptions options = new DeploymentOptions().setConfig(deployment);
    List<Future<String>> verticles = Roles.verticles(config, cluster).stream()
        .map(verticle -> vertx.deployVerticle(verticle, options))
        .toList();
    return Future.all(verticles).compose(done -> vertx.deployVerticle(
        () -> new EdgeVerticle(health.live(), health.ready(), Roles.routes(config)),
        new DeploymentOptions(options).setInstances(Runtime.getRuntime().availableProcessors())));
  }

  /** The contract: the node logs its URL once its own /health/ready answers 200. */
  private void announceWhenReady() {
    HttpClient client = vertx.createHttpClient();
    vertx.setPeriodic(0, READY_POLL_MS, timer -> client.request(HttpMethod.GET, config.httpPort(), localHost(), "/health/ready")
        .compose(request -> request.send())
        .onSuccess(response -> {
          if (response.statusCode() == 200 && vertx.cancelTimer(timer)) {
            LOG.atInfo().setMessage("node.ready").addKeyValue("url", url()).log();
            client.close();
          }
        }));
  }

  public String url() {
    return "http://" + localHost() + ":" + config.httpPort() + "/";
  }

  /** Where this node's own HTTP server answers: the bound host, or loopback when it binds every interface. */
  private String localHost() {
    return "0.0.0.0".equals(config.httpHost()) ? "127.0.0.1" : config.httpHost();
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful stop (SIGTERM): readiness DOWN and the bridge's sockets closed first (clients reconnect
   * elsewhere), a pause for load balancers and requests in flight, then undeploy all.
   */
  public void stop() {
    LOG.atInfo().setMessage("node.draining").addKeyValue("drainMs", DRAIN.toMillis()).log();
    health.drain();
    vertx.eventBus().publish(Addresses.NODE_DRAINING, null);
    try {
      Thread.sleep(DRAIN.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      health.close().await();
      Metrics.globalRegistry.remove(BackendRegistries.getDefaultNow());
      vertx.close().await();
      LOG.atInfo().setMessage("node.stopped").log();
    } finally {
      stores.close();
    }
  }
}
