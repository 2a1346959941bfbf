package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.cluster.Discovery;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class NodeConfigTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("command line beats environment, which beats the conf file, which beats the defaults")
  void precedenceIsFileThenEnvironmentThenCommandLine(Vertx vertx) throws Exception {
    Path conf = dir.resolve("confab.yaml");
    Files.writeString(conf, String.join("\n",
        "http-port: 1000",
        "cluster-port: 1001",
        "data-dir: /from/file",
        "verticles: [chat, bridge]"));
    Map<String, String> env = Map.of("CONFAB_HTTP_PORT", "2000", "CONFAB_CLUSTER_PORT", "2001", "PATH", "/usr/bin");
    JsonObject commandLine = new JsonObject().put(HTTP_PORT, "3000");

    NodeConfig config = NodeConfig.load(vertx, conf, env, commandLine).await();

    assertThat(config.httpPort()).as("command line").isEqualTo(3000);
    assertThat(config.clusterPort()).as("environment").isEqualTo(2001);
    assertThat(config.dataDir()).as("file").isEqualTo(Path.of("/from/file"));
    assertThat(config.verticles()).as("file, as a YAML list").containsExactlyInAnyOrder("chat", "bridge");
    assertThat(config.clusterHost()).as("default").isEqualTo("127.0.0.1");
  }

  @Test
  @DisplayName("with no source at all the node runs every verticle on the embedded defaults, in dev mode")
  void defaultsMakeTheOneJvmRun(Vertx vertx) {
    NodeConfig config = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of(), new JsonObject()).await();

    assertThat(config.verticles()).containsExactlyInAnyOrderElementsOf(NodeConfig.ALL_VERTICLES);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.clusterMembers()).containsExactly("127.0.0.1:5701");
    assertThat(config.mongoUri()).isNull();
    assertThat(config.redisUri()).isNull();
    assertThat(config.devMode()).isTrue();
  }

  @Test
  @DisplayName("a relative data dir and key files are made absolute at once, against the working directory")
  void relativePathsBecomeAbsolute(Vertx vertx) {
    JsonObject commandLine = new JsonObject().put(DATA_DIR, "./data/../data").put(JWT_PRIVATE_KEY, "keys/private.pem")
        .put(JWT_PUBLIC_KEY, "keys/public.pem,keys/previous.pem").put(SECRETS_KEY, "keys/secrets.key");

    NodeConfig config = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of(), commandLine).await();

    Path workingDir = Path.of("").toAbsolutePath();
    assertThat(config.dataDir()).isEqualTo(workingDir.resolve("data"));
    assertThat(config.jwtPrivateKey()).isEqualTo(workingDir.resolve("keys/private.pem"));
    assertThat(config.jwtPublicKeys()).containsExactly(workingDir.resolve("keys/public.pem"), workingDir.resolve("keys/previous.pem"));
    assertThat(config.secretsKeys()).containsExactly(workingDir.resolve("keys/secrets.key"));
    assertThat(config.toDeploymentConfig().getString(DATA_DIR)).isEqualTo(workingDir.resolve("data").toString());
  }

  @Test
  @DisplayName("trusted proxies reach the edge as given; one that is not a CIDR stops the node, naming the option")
  void trustedProxiesAreCheckedAtStart(Vertx vertx) {
    JsonObject deployment = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of("CONFAB_TRUSTED_PROXIES", "10.0.0.0/8,fd00::/8"),
        new JsonObject()).await().toDeploymentConfig();
    assertThat(deployment.getString(TRUSTED_PROXIES)).isEqualTo("10.0.0.0/8,fd00::/8");

    assertThatThrownBy(() -> NodeConfig.from(NodeConfig.DEFAULTS.copy().put(TRUSTED_PROXIES, "ingress-nginx")))
        .hasMessageContaining("--trusted-proxies");
  }

  @Test
  @DisplayName("the search URI reaches the search verticle as given; one that is not http(s)://host stops the node, naming the option and not the password")
  void searchUriIsCheckedAtStart(Vertx vertx) {
    JsonObject deployment = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of("CONFAB_SEARCH_URI", "https://confab:s3cret@search:9200"),
        new JsonObject()).await().toDeploymentConfig();
    assertThat(deployment.getString(SEARCH_URI)).isEqualTo("https://confab:s3cret@search:9200");

    assertThatThrownBy(() -> NodeConfig.from(NodeConfig.DEFAULTS.copy().put(SEARCH_URI, "ftp://confab:s3cret@search:9200")))
        .hasMessageContaining("--search-uri").hasMessageNotContaining("s3cret");
  }

  @Test
  @DisplayName("only CONFAB_ variables count, renamed to option names")
  void onlyConfabVariablesCount() {
    JsonObject values = NodeConfig.fromEnvironment(Map.of(
        "CONFAB_MONGO_URI", "mongodb://db:27017", "CONFAB_CLUSTER_MEMBERS", "a:1,b:2", "HOME", "/root", "CONFAB_", "x"));
    assertThat(values).isEqualTo(new JsonObject().put(MONGO_URI, "mongodb://db:27017").put(CLUSTER_MEMBERS, "a:1,b:2"));
  }

  @Test
  @DisplayName("verticles' tuning keys pass through from the environment, typed: numbers as numbers, flags as flags")
  void tuningKeysPassThroughTyped(Vertx vertx) {
    Map<String, String> env = Map.of("CONFAB_CHAT_WRITES_PER_SECOND", "50", "CONFAB_APY_AUTOSTART", "false",
        "CONFAB_APY_URL", "http://127.0.0.1:2738", "CONFAB_SMTP_PORT", "2525", "CONFAB_SOMETHING_ELSE", "x",
        "CONFAB_AUTH_REGISTRATIONS_PER_ADDRESS", "1000");
    JsonObject deployment = NodeConfig.load(vertx, dir.resolve("absent.yaml"), env, new JsonObject()).await().toDeploymentConfig();

    assertThat(deployment.getInteger("chat-writes-per-second")).isEqualTo(50);
    assertThat(deployment.getInteger("auth-registrations-per-address")).isEqualTo(1000);
    assertThat(deployment.getBoolean("apy-autostart")).isFalse();
    assertThat(deployment.getString("apy-url")).isEqualTo("http://127.0.0.1:2738");
    assertThat(deployment.getInteger(SMTP_PORT)).isEqualTo(2525);
    assertThat(deployment.containsKey("something-else")).isFalse();
  }

  @Test
  @DisplayName("link previews: on by default with no allowed host; preview-enabled false turns them off, preview-allow-hosts passes to the worker")
  void previewOptions(Vertx vertx) {
    NodeConfig defaults = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of(), new JsonObject()).await();
    NodeConfig off = NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of("CONFAB_PREVIEW_ENABLED", "false",
        "CONFAB_PREVIEW_ALLOW_HOSTS", "127.0.0.1:8081,localhost"), new JsonObject()).await();

    assertThat(defaults.previewsEnabled()).isTrue();
    assertThat(defaults.toDeploymentConfig().containsKey(PREVIEW_ALLOW_HOSTS)).isFalse();
    assertThat(Roles.verticles(defaults, null)).hasSize(Roles.verticles(off, null).size() + 1);
    assertThat(off.previewsEnabled()).isFalse();
    assertThat(off.toDeploymentConfig().getBoolean(PREVIEW_ENABLED)).isFalse();
    assertThat(off.toDeploymentConfig().getString(PREVIEW_ALLOW_HOSTS)).isEqualTo("127.0.0.1:8081,localhost");
  }

  @Test
  @DisplayName("a bad port stops the node with a message naming the option")
  void aBadPortIsRefusedByName() {
    JsonObject json = NodeConfig.DEFAULTS.copy().put(HTTP_PORT, "eighty");
    assertThatThrownBy(() -> NodeConfig.from(json)).hasMessageContaining("--http-port");
  }

  @Test
  @DisplayName("an unknown verticle name is refused, listing the known ones")
  void anUnknownVerticleIsRefused() {
    JsonObject json = NodeConfig.DEFAULTS.copy().put(VERTICLES, "chat,gateway");
    assertThatThrownBy(() -> NodeConfig.from(json)).hasMessageContaining("gateway").hasMessageContaining("bridge");
  }

  @Test
  @DisplayName("an external MongoDB turns dev mode off, while without a broker the workers still run in-process")
  void anExternalMongoTurnsDevModeOff() {
    NodeConfig config = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(MONGO_URI, "mongodb://127.0.0.1:27027"));
    assertThat(config.devMode()).isFalse();
    assertThat(config.inProcessWorkers()).isTrue();
  }

  @Test
  @DisplayName("an AMQP URI turns dev mode off")
  void anAmqpUriTurnsDevModeOff() {
    NodeConfig config = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(AMQP_URI, "amqp://guest:guest@127.0.0.1:5672"));
    assertThat(config.devMode()).isFalse();
    assertThat(config.toDeploymentConfig().getBoolean(DEV_MODE)).isFalse();
  }

  @Test
  @DisplayName("CONFAB_CLUSTER_DISCOVERY=kubernetes with a service selects Hazelcast's Kubernetes API discovery; TCP-IP stays the default")
  void kubernetesDiscoveryIsChosenByConfig(Vertx vertx) {
    Map<String, String> env = Map.of("CONFAB_CLUSTER_DISCOVERY", "kubernetes", "CONFAB_CLUSTER_KUBERNETES_SERVICE", "confab-cluster",
        "CONFAB_CLUSTER_KUBERNETES_NAMESPACE", "confab");

    assertThat(NodeConfig.load(vertx, dir.resolve("absent.yaml"), env, new JsonObject()).await().clusterDiscovery())
        .isEqualTo(new Discovery.Kubernetes("confab-cluster", "confab", null));
    assertThat(NodeConfig.load(vertx, dir.resolve("absent.yaml"), Map.of(), new JsonObject()).await().clusterDiscovery())
        .isEqualTo(new Discovery.TcpIp(List.of("127.0.0.1:5701")));
  }

  @Test
  @DisplayName("kubernetes discovery without a service (or with both a service and a DNS name), or an unknown kind, stops the node naming the option")
  void incompleteKubernetesDiscoveryIsRefused() {
    JsonObject kubernetes = NodeConfig.DEFAULTS.copy().put(NodeConfig.CLUSTER_DISCOVERY, "kubernetes");
    assertThatThrownBy(() -> NodeConfig.from(kubernetes))
        .hasMessageContaining("--cluster-kubernetes-service");
    assertThatThrownBy(() -> NodeConfig.from(NodeConfig.DEFAULTS.copy().put(NodeConfig.CLUSTER_DISCOVERY, "multicast")))
        .hasMessageContaining("--cluster-discovery");
  }
}
