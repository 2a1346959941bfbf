package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;

import io.confab.search.SearchVerticle;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar confab.jar [options]}: the contract's "Running a node". */
@Command(name = "confab", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs a Confab node: any set of verticles on a clustered Vert.x. Every option may also come "
        + "from CONFAB_<NAME> variables and from the conf file; command line > environment > file > defaults.")
public final class Main implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  @Option(names = "--verticles", description = "Comma-separated subset of auth,email,chat,translation,files,search,bridge,previews (default: all).")
  String verticles;
  @Option(names = "--http-port", description = "HTTP port (default 8080).")
  String httpPort;
  @Option(names = "--http-host", description = "HTTP bind address (default 0.0.0.0).")
  String httpHost;
  @Option(names = "--cluster-host", description = "Address Hazelcast and the event bus bind and announce (default 127.0.0.1).")
  String clusterHost;
  @Option(names = "--cluster-port", description = "Hazelcast port (default 5701).")
  String clusterPort;
  @Option(names = "--cluster-members", description = "HOST:PORT,... of the cluster (default: this node only).")
  String clusterMembers;
  @Option(names = "--cluster-discovery", description = "tcp-ip (default: --cluster-members) or kubernetes (Hazelcast's Kubernetes discovery; never multicast).")
  String clusterDiscovery;
  @Option(names = "--cluster-kubernetes-service", description = "With kubernetes: the Service whose endpoints are the cluster pods (API mode, needs the RBAC in k8s/).")
  String clusterKubernetesService;
  @Option(names = "--cluster-kubernetes-namespace", description = "With kubernetes: that Service's namespace (default: the pod's own).")
  String clusterKubernetesNamespace;
  @Option(names = "--cluster-kubernetes-service-dns", description = "With kubernetes, instead of a service: a headless Service's DNS name (DNS lookup mode).")
  String clusterKubernetesServiceDns;
  @Option(names = "--mongo-uri", description = "MongoDB URI (default: the embedded server on the data dir).")
  String mongoUri;
  @Option(names = "--redis-uri", description = "Redis URI (default redis://127.0.0.1:6379, embedded when nothing answers).")
  String redisUri;
  @Option(names = "--amqp-uri", description = "RabbitMQ URI (default: none; mail and translation workers in-process).")
  String amqpUri;
  @Option(names = "--data-dir", description = "Where the embedded stores keep their files (default ./data).")
  String dataDir;
  @Option(names = "--embedded-mongo-port", description = "Port of the embedded MongoDB-compatible server (default 27027).")
  String embeddedMongoPort;
  @Option(names = "--mongo-database", description = "MongoDB database name (default confab).")
  String mongoDatabase;
  @Option(names = "--jwt-private-key", description = "PEM (PKCS#8) of the ES256 key that signs access tokens (default: each auth instance generates its own in memory and shares the public part through MongoDB).")
  String jwtPrivateKey;
  @Option(names = "--jwt-public-key", description = "PEM file(s) of the public keys every edge verifies tokens with, comma-separated, the first the private key's pair; when set, only these are trusted.")
  String jwtPublicKey;
  @Option(names = "--jwt-key-rotation-hours", description = "Without key files: how long each auth instance signs with a generated key before it brings in a new one (default 24).")
  String jwtKeyRotationHours;
  @Option(names = "--secrets-key", description = "File(s) of the key that encrypts TOTP secrets at rest and keys emailed codes (at least 32 characters, e.g. openssl rand -base64 32), comma-separated, the first encrypts (default: one generated key kept in MongoDB).")
  String secretsKey;
  @Option(names = "--session-idle-days", description = "A session not refreshed for this many days is refused and revoked (default 14).")
  String sessionIdleDays;
  @Option(names = "--public-url", description = "Where people reach the platform, for links in mails (default: this node's URL).")
  String publicUrl;
  @Option(names = "--trusted-proxies", description = "CIDR,... of the proxies (an ingress) whose X-Forwarded-For gives the client's address for per-address limits (default: none; the header is ignored).")
  String trustedProxies;
  @Option(names = "--preview-enabled", description = "Link previews: true (default) or false (chat asks for none, the previews role runs nothing).")
  String previewEnabled;
  @Option(names = "--preview-allow-hosts", description = "host[:port],... the link-preview worker may fetch from whatever address they resolve to, on those ports (default: none). For tests only: it lifts the address policy.")
  String previewAllowHosts;
  @Option(names = "--smtp-host", description = "SMTP server of the in-process mail worker (default: none, the dev mailbox).")
  String smtpHost;
  @Option(names = "--smtp-port", description = "SMTP port (default 25).")
  String smtpPort;
  @Option(names = "--smtp-username", description = "SMTP user name.")
  String smtpUsername;
  @Option(names = "--smtp-password", description = "SMTP password (prefer CONFAB_SMTP_PASSWORD: command lines are visible to other users).")
  String smtpPassword;
  @Option(names = "--smtp-from", description = "Sender of the platform's mails.")
  String smtpFrom;
  @Option(names = "--smtp-starttls", description = "required, optional or disabled.")
  String smtpStarttls;
  @Option(names = "--search-uri", description = "With the search role: the OpenSearch cluster to index and search in, http(s)://[user:password@]host:port (default: none, an embedded Lucene index under the data dir; prefer CONFAB_SEARCH_URI when it holds a password).")
  String searchUri;
  @Option(names = "--search-rebuild", description = "With the search role: empty the search index at start and index every message again (searching finds more as it goes).")
  boolean searchRebuild;
  @Option(names = "--conf", description = "Config file, YAML or JSON (default conf/confab.yaml when present).")
  Path conf;

  public static void main(String[] args) {
    int exit = new CommandLine(new Main()).execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  @Override
  public Integer call() {
    NodeConfig config;
    try {
      config = readConfig();
    } catch (RuntimeException e) {
      LOG.atError().setMessage("node.config.invalid").addKeyValue("error", e.getMessage()).log();
      return 2;
    }
    Node node = Node.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "confab-shutdown"));
    return 0;
  }

  private NodeConfig readConfig() {
    JsonObject options = new JsonObject();
    putIfSet(options, VERTICLES, verticles);
    putIfSet(options, HTTP_PORT, httpPort);
    putIfSet(options, HTTP_HOST, httpHost);
    putIfSet(options, CLUSTER_HOST, clusterHost);
    putIfSet(options, CLUSTER_PORT, clusterPort);
    putIfSet(options, CLUSTER_MEMBERS, clusterMembers);
    putIfSet(options, NodeConfig.CLUSTER_DISCOVERY, clusterDiscovery);
    putIfSet(options, NodeConfig.CLUSTER_KUBERNETES_SERVICE, clusterKubernetesService);
    putIfSet(options, NodeConfig.CLUSTER_KUBERNETES_NAMESPACE, clusterKubernetesNamespace);
    putIfSet(options, NodeConfig.CLUSTER_KUBERNETES_SERVICE_DNS, clusterKubernetesServiceDns);
    putIfSet(options, MONGO_URI, mongoUri);
    putIfSet(options, REDIS_URI, redisUri);
    putIfSet(options, AMQP_URI, amqpUri);
    putIfSet(options, DATA_DIR, dataDir);
    putIfSet(options, EMBEDDED_MONGO_PORT, embeddedMongoPort);
    putIfSet(options, MONGO_DATABASE, mongoDatabase);
    putIfSet(options, JWT_PRIVATE_KEY, jwtPrivateKey);
    putIfSet(options, JWT_PUBLIC_KEY, jwtPublicKey);
    putIfSet(options, JWT_KEY_ROTATION_HOURS, jwtKeyRotationHours);
    putIfSet(options, SECRETS_KEY, secretsKey);
    putIfSet(options, SESSION_IDLE_DAYS, sessionIdleDays);
    putIfSet(options, PUBLIC_URL, publicUrl);
    putIfSet(options, TRUSTED_PROXIES, trustedProxies);
    putIfSet(options, PREVIEW_ENABLED, previewEnabled);
    putIfSet(options, PREVIEW_ALLOW_HOSTS, previewAllowHosts);
    putIfSet(options, SMTP_HOST, smtpHost);
    putIfSet(options, SMTP_PORT, smtpPort);
    putIfSet(options, SMTP_USERNAME, smtpUsername);
    putIfSet(options, SMTP_PASSWORD, smtpPassword);
    putIfSet(options, SMTP_FROM, smtpFrom);
    putIfSet(options, SMTP_STARTTLS, smtpStarttls);
    putIfSet(options, SEARCH_URI, searchUri);
    if (searchRebuild) {
      options.put(SearchVerticle.REBUILD, "true");
    }
    if (conf != null && !java.nio.file.Files.isRegularFile(conf)) {
      throw new IllegalArgumentException("--conf: no such file " + conf);
    }
    // Config sources are read through vertx-config, which needs a Vert.x; the node's own one is
    // clustered and cannot exist before the config does.
    Vertx reader = Vertx.vertx();
    try {
      return NodeConfig.load(reader, conf == null ? NodeConfig.DEFAULT_CONF_FILE : conf, System.getenv(), options).await();
    } finally {
      reader.close().await();
    }
  }

  private static void putIfSet(JsonObject options, String key, String value) {
    if (value != null) {
      options.put(key, value);
    }
  }
}
