package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;

import io.confab.cluster.Discovery;
import io.confab.edge.ClientAddress;
import io.confab.search.OpenSearchEngine;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The node's configuration, typed and checked. Sources, later ones winning:
 * built-in defaults &lt; the conf file &lt; {@code CONFAB_*} environment variables &lt; command-line options.
 * Every source uses the contract's option names ({@code http-port}); a variable is the name in capitals
 * with underscores after {@code CONFAB_} ({@code CONFAB_HTTP_PORT}).
 *
 * <p>Dev mode is the one-JVM embedded default only: no broker and no external MongoDB. Only then is
 * {@code /dev/mail} served; without a broker the workers still run in-process ({@link #inProcessWorkers}).
 */
public record NodeConfig(
    Set<String> verticles,
    String httpHost,
    int httpPort,
    String clusterHost,
    int clusterPort,
    List<String> clusterMembers,
    String mongoUri,
    String mongoDatabase,
    int embeddedMongoPort,
    String redisUri,
    String amqpUri,
    Path dataDir,
    Path jwtPrivateKey,
    List<Path> jwtPublicKeys,
    List<Path> secretsKeys,
    JsonObject passThrough,
    boolean devMode,
    Discovery clusterDiscovery) {

  /** How members are found: {@code tcp-ip} (the default: {@code cluster-members}) or {@code kubernetes}. */
  public static final String CLUSTER_DISCOVERY = "cluster-discovery";
  /** Kubernetes API mode: the Service whose endpoints are the cluster's pods. */
  public static final String CLUSTER_KUBERNETES_SERVICE = "cluster-kubernetes-service";
  /** Its namespace (default: the pod's own). */
  public static final String CLUSTER_KUBERNETES_NAMESPACE = "cluster-kubernetes-namespace";
  /** Kubernetes DNS lookup mode instead: the headless Service's DNS name. */
  public static final String CLUSTER_KUBERNETES_SERVICE_DNS = "cluster-kubernetes-service-dns";

  public static final List<String> ALL_VERTICLES = List.of("auth", "email", "chat", "translation", "files", "search", "bridge", "previews");
  public static final Path DEFAULT_CONF_FILE = Path.of("conf", "confab.yaml");
  private static final String ENV_PREFIX = "CONFAB_";
  /** Verticles' own tuning keys (docs/CONFIGURATION.md), handed over from the conf file and CONFAB_* variables. */
  static final List<String> PASS_THROUGH_PREFIXES = List.of("auth-", "chat-", "email-", "mail-", "translation-", "translate-", "apy-", "files-", "amqp-", "bridge-", "preview-", "search-");
  /** Options the launcher does not use itself but hands to the verticles as they are. */
  static final List<String> PASS_THROUGH = List.of(PUBLIC_URL, APY_URL, SMTP_HOST, SMTP_PORT, SMTP_USERNAME, SMTP_PASSWORD, SMTP_FROM, SMTP_STARTTLS,
      TRUSTED_PROXIES, JWT_KEY_ROTATION_HOURS, SESSION_IDLE_DAYS);

  static final JsonObject DEFAULTS = new JsonObject()
      .put(VERTICLES, String.join(",", ALL_VERTICLES))
      .put(HTTP_HOST, "0.0.0.0")
      .put(HTTP_PORT, 8080)
      .put(CLUSTER_HOST, "127.0.0.1")
      .put(CLUSTER_PORT, 5701)
      .put(CLUSTER_DISCOVERY, Discovery.TCP_IP)
      .put(MONGO_DATABASE, "confab")
      .put(EMBEDDED_MONGO_PORT, 27027)
      .put(DATA_DIR, "./data");

  /** Reads every source; {@code confFile} may be absent. */
  public static Future<NodeConfig> load(Vertx vertx, Path confFile, Map<String, String> env, JsonObject options) {
    ConfigRetrieverOptions sources = new ConfigRetrieverOptions()
        .setScanPeriod(0)
        .addStore(json(DEFAULTS));
    if (Files.isRegularFile(confFile)) {
      String format = confFile.toString().endsWith(".json") ? "json" : "yaml";
      sources.addStore(new ConfigStoreOptions().setType("file").setFormat(format)
          .setConfig(new JsonObject().put("path", confFile.toString())));
    }
    sources.addStore(json(fromEnvironment(env))).addStore(json(options));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, sources);
    return retriever.getConfig()
        .eventually(retriever::close)
        .map(NodeConfig::from);
  }

  private static ConfigStoreOptions json(JsonObject values) {
    return new ConfigStoreOptions().setType("json").setConfig(values);
  }

  /** Only the {@code CONFAB_*} variables, renamed to option names. */
  static JsonObject fromEnvironment(Map<String, String> env) {
    JsonObject values = new JsonObject();
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value);
      }
    });
    return values;
  }

  /** Checks and types the merged values; a bad value stops the node with a message naming the option. */
  static NodeConfig from(JsonObject json) {
    Set<String> verticles = new LinkedHashSet<>(list(json.getValue(VERTICLES)));
    verticles.forEach(name -> {
      if (!ALL_VERTICLES.contains(name)) {
        throw new IllegalArgumentException("--" + VERTICLES + ": unknown verticle '" + name + "'; known: " + ALL_VERTICLES);
      }
    });
    // Read by the edge; checked here so that a bad CIDR stops the node before anything starts.
    ClientAddress.trusting(json.getValue(TRUSTED_PROXIES));
    if (blankToNull(json.getValue(SEARCH_URI)) != null) {
      OpenSearchEngine.checkUri(blankToNull(json.getValue(SEARCH_URI)));
    }
    String clusterHost = text(json, CLUSTER_HOST);
    int clusterPort = port(json, CLUSTER_PORT);
    List<String> members = json.getValue(CLUSTER_MEMBERS) == null
        ? List.of(clusterHost + ":" + clusterPort)
        : list(json.getValue(CLUSTER_MEMBERS));
    return new NodeConfig(
        Set.copyOf(verticles),
        text(json, HTTP_HOST),
        port(json, HTTP_PORT),
        clusterHost,
        clusterPort,
        members,
        blankToNull(json.getValue(MONGO_URI)),
        text(json, MONGO_DATABASE),
        port(json, EMBEDDED_MONGO_PORT),
        blankToNull(json.getValue(REDIS_URI)),
        blankToNull(json.getValue(AMQP_URI)),
        absolute(text(json, DATA_DIR)),
        path(json, JWT_PRIVATE_KEY),
        paths(json, JWT_PUBLIC_KEY),
        paths(json, SECRETS_KEY),
        passThrough(json),
        blankToNull(json.getValue(AMQP_URI)) == null && blankToNull(json.getValue(MONGO_URI)) == null,
        discovery(json, members));
  }

  /** TCP-IP on the members, or Kubernetes by a service name (API mode) or a service DNS name (DNS mode). */
  private static Discovery discovery(JsonObject json, List<String> members) {
    String kind = text(json, CLUSTER_DISCOVERY);
    if (Discovery.TCP_IP.equals(kind)) {
      return new Discovery.TcpIp(members);
    }
    if (!Discovery.KUBERNETES.equals(kind)) {
      throw new IllegalArgumentException("--" + CLUSTER_DISCOVERY + " must be " + Discovery.TCP_IP + " or " + Discovery.KUBERNETES + ", not '" + kind + "'");
    }
    try {
      return new Discovery.Kubernetes(blankToNull(json.getValue(CLUSTER_KUBERNETES_SERVICE)),
          blankToNull(json.getValue(CLUSTER_KUBERNETES_NAMESPACE)), blankToNull(json.getValue(CLUSTER_KUBERNETES_SERVICE_DNS)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + CLUSTER_DISCOVERY + " kubernetes needs --" + CLUSTER_KUBERNETES_SERVICE
          + " (API mode) or --" + CLUSTER_KUBERNETES_SERVICE_DNS + " (DNS mode), one of them");
    }
  }

  /** Without a broker the mail and translation workers run in-process and mail goes to the dev mailbox. */
  public boolean inProcessWorkers() {
    return amqpUri == null;
  }

  /** Link previews on ({@code preview-enabled}, default true): the previews role deploys its worker, chat asks it. */
  public boolean previewsEnabled() {
    return !Boolean.FALSE.equals(passThrough.getValue(PREVIEW_ENABLED));
  }

  public boolean runs(String verticle) {
    return verticles.contains(verticle);
  }

  /** What every verticle is deployed with: the resolved options, the embedded stand-ins' URIs included. */
  public JsonObject toDeploymentConfig() {
    JsonObject json = new JsonObject()
        .put(VERTICLES, String.join(",", verticles))
        .put(HTTP_HOST, httpHost)
        .put(HTTP_PORT, httpPort)
        .put(CLUSTER_HOST, clusterHost)
        .put(CLUSTER_PORT, clusterPort)
        .put(CLUSTER_MEMBERS, String.join(",", clusterMembers))
        .put(MONGO_URI, mongoUri)
        .put(MONGO_DATABASE, mongoDatabase)
        .put(REDIS_URI, redisUri)
        .put(DATA_DIR, dataDir.toString())
        .put(DEV_MODE, devMode);
    if (amqpUri != null) {
      json.put(AMQP_URI, amqpUri);
    }
    return json.mergeIn(passThrough);
  }

  NodeConfig withMongoUri(String uri) {
    return new NodeConfig(verticles, httpHost, httpPort, clusterHost, clusterPort, clusterMembers, uri,
        mongoDatabase, embeddedMongoPort, redisUri, amqpUri, dataDir, jwtPrivateKey, jwtPublicKeys, secretsKeys, passThrough, devMode,
        clusterDiscovery);
  }

  NodeConfig withRedisUri(String uri) {
    return new NodeConfig(verticles, httpHost, httpPort, clusterHost, clusterPort, clusterMembers, mongoUri,
        mongoDatabase, embeddedMongoPort, uri, amqpUri, dataDir, jwtPrivateKey, jwtPublicKeys, secretsKeys, passThrough, devMode,
        clusterDiscovery);
  }

  private static List<String> list(Object value) {
    if (value instanceof Iterable<?> items) {
      return java.util.stream.StreamSupport.stream(items.spliterator(), false).map(String::valueOf).map(String::trim).toList();
    }
    return Arrays.stream(String.valueOf(value).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String text(JsonObject json, String key) {
    String value = blankToNull(json.getValue(key));
    if (value == null) {
      throw new IllegalArgumentException("--" + key + " must not be empty");
    }
    return value;
  }

  private static int port(JsonObject json, String key) {
    String value = text(json, key);
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the option's name
    }
    throw new IllegalArgumentException("--" + key + " must be a port number (1-65535), not '" + value + "'");
  }

  private static Path path(JsonObject json, String key) {
    String value = blankToNull(json.getValue(key));
    return value == null ? null : absolute(value);
  }

  /** Resolved once against the working directory: a child process started elsewhere (APY) gets the same file. */
  private static Path absolute(String path) {
    return Path.of(path).toAbsolutePath().normalize();
  }

  /** A comma-separated list of files; empty when none. */
  private static List<Path> paths(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? List.of() : list(value).stream().map(NodeConfig::absolute).toList();
  }

  private static JsonObject passThrough(JsonObject json) {
    JsonObject values = new JsonObject();
    json.fieldNames().stream()
        .filter(key -> PASS_THROUGH.contains(key) || PASS_THROUGH_PREFIXES.stream().anyMatch(key::startsWith))
        .forEach(key -> {
          String value = blankToNull(json.getValue(key));
          if (value != null) {
            values.put(key, typed(value));
          }
        });
    return values;
  }

  /** Variables and YAML strings arrive as text; verticles read numbers and flags as such. */
  private static Object typed(String value) {
    if (value.matches("-?\\d{1,18}")) {
      return Long.parseLong(value);
    }
    if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
      return Boolean.parseBoolean(value);
    }
    return value;
  }

  private static String blankToNull(Object value) {
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
  }
}
