package io.confab.launcher;

import static io.confab.contract.ConfigKeys.CLUSTER_HOST;
import static io.confab.contract.ConfigKeys.CLUSTER_PORT;
import static io.confab.contract.ConfigKeys.HTTP_PORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.confab.cluster.Cluster;
import io.confab.cluster.Discovery;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * k8s/ as Kubernetes would get it: both overlays rendered by {@code kubectl kustomize} (offline; Debian's
 * kubernetes-client, which bin/services installs), then checked against what docs/OPERATIONS.md promises
 * and against the modules themselves: the images Jib builds (the poms' image names), the node's ports and
 * options (NodeConfig), and the Hazelcast config a pod's environment makes (Cluster).
 */
class KubernetesManifestsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final List<String> OVERLAYS = List.of("dev", "prod");
  /** Deployment name → its --verticles. */
  private static final Map<String, String> NODE_GROUPS = Map.of("confab-edge", "bridge", "confab-files", "files",
      "confab-auth", "auth", "confab-email", "email", "confab-chat", "chat", "confab-translation", "translation",
      "confab-search", "search", "confab-previews", "previews");
  /** Deployment name → the module whose image it runs. */
  private static final Map<String, String> WORKERS = Map.of("confab-mail-worker", "workers/mail",
      "confab-translation-worker", "workers/translation");
  private static final String APY_IMAGE = "apertium-apy";

  private static final Map<String, Rendered> RENDERED = new LinkedHashMap<>();

  /** One overlay's objects, by kind. */
  private record Rendered(String overlay, Map<String, List<JsonObject>> byKind) {

    List<JsonObject> all(String kind) {
      return byKind.getOrDefault(kind, List.of());
    }

    Map<String, JsonObject> named(String kind) {
      return all(kind).stream().collect(Collectors.toMap(KubernetesManifestsTest::name, o -> o));
    }

    /** The ConfigMap every pod reads its CONFAB_* variables from. */
    Map<String, String> config() {
      JsonObject data = named("ConfigMap").values().stream()
          .filter(m -> name(m).startsWith("confab-config")).findFirst().orElseThrow().getJsonObject("data");
      return data.getMap().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }
  }

  @BeforeAll
  static void render() throws Exception {
    for (String overlay : OVERLAYS) {
      Process kubectl;
      try {
        // Newer kubectls warn on stderr of the fields kept for Debian 12's (bases, patchesJson6902): not YAML.
        kubectl = new ProcessBuilder("kubectl", "kustomize", ROOT.resolve("k8s/overlays/" + overlay).toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      } catch (IOException missing) {
        throw new AssertionError("kubectl is needed to render k8s/ (bin/services installs Debian's kubernetes-client)", missing);
      }
      String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(kubectl.exitValue()).as("kubectl kustomize k8s/overlays/%s failed (run it to see why)", overlay).isZero();
      Map<String, List<JsonObject>> byKind = new LinkedHashMap<>();
      for (Object doc : new Yaml().loadAll(out)) {
        if (doc instanceof Map<?, ?> map) {
          JsonObject object = new JsonObject(castMap(map));
          byKind.computeIfAbsent(object.getString("kind"), k -> new ArrayList<>()).add(object);
        }
      }
      RENDERED.put(overlay, new Rendered(overlay, byKind));
    }
  }

  @Test
  @DisplayName("Both overlays render: one Deployment per node group and per worker, dev with one replica of each, prod with at least two")
  void bothOverlaysRenderEveryGroup() {
    forEach((r, p) -> {
      Map<String, JsonObject> deployments = r.named("Deployment");
      assertThat(deployments.keySet()).as(p).containsExactlyInAnyOrderElementsOf(
          Stream.concat(NODE_GROUPS.keySet().stream(), WORKERS.keySet().stream()).toList());
      deployments.forEach((name, d) -> {
        int replicas = d.getJsonObject("spec").getInteger("replicas", 1);
        assertThat(replicas).as("%s %s replicas", p, name).isEqualTo("dev".equals(r.overlay()) ? 1 : Math.max(2, replicas));
      });
    });
  }

  @Test
  @DisplayName("Every container has resources, readiness and liveness probes; every Deployment a PodDisruptionBudget, a preStop pause and a grace period beyond it")
  void everyDeploymentHasProbesResourcesAndABudget() {
    forEach((r, p) -> r.named("Deployment").forEach((name, d) -> {
      JsonObject pod = podSpec(d);
      JsonObject labels = d.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
      assertThat(matches(d.getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"), labels))
          .as("%s %s: its selector selects its pods", p, name).isTrue();
      assertThat(r.all("PodDisruptionBudget").stream()
          .anyMatch(b -> matches(b.getJsonObject("spec").getJsonObject("selector").getJsonObject("matchLabels"), labels)))
          .as("%s %s: a PodDisruptionBudget", p, name).isTrue();
      for (JsonObject c : containers(d)) {
        String what = p + " " + name + "/" + c.getString("name");
        JsonObject resources = c.getJsonObject("resources", new JsonObject());
        assertThat(resources.getJsonObject("requests", new JsonObject()).fieldNames()).as(what + " requests").contains("cpu", "memory");
        assertThat(resources.getJsonObject("limits", new JsonObject()).fieldNames()).as(what + " limits").contains("memory");
        assertThat(c.containsKey("readinessProbe") && c.containsKey("livenessProbe")).as(what + " probes").isTrue();
      }
      JsonObject main = containers(d).get(0);
      JsonArray preStop = main.getJsonObject("lifecycle").getJsonObject("preStop").getJsonObject("exec").getJsonArray("command");
      assertThat(preStop.getString(0)).isEqualTo("sleep");
      // preStop, then the node's own drain (readiness DOWN for Node.DRAIN), undeploy and leaving the cluster.
      assertThat(pod.getInteger("terminationGracePeriodSeconds"))
          .as("%s %s: grace beyond preStop %s + drain", p, name, preStop)
          .isGreaterThanOrEqualTo(Integer.parseInt(preStop.getString(1)) + (int) Node.DRAIN.toSeconds() + 10);
    }));
  }

  @Test
  @DisplayName("Pods start their JVM with the node's options of conf/jvm.options, as bin/run does")
  void podsRunWithTheNodesJvmOptions() throws IOException {
    List<String> options = Files.readAllLines(ROOT.resolve("conf/jvm.options")).stream().map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    assertThat(options).isNotEmpty();
    forEach((r, p) -> assertThat(r.config().get("JAVA_TOOL_OPTIONS").split("\\s+")).as(p).contains(options.toArray(String[]::new)));
  }

  @Test
  @DisplayName("Nodes run the image Jib builds from launcher/, with the node's ports and probes on /health/*, their roles as --verticles")
  void nodesMatchTheLauncherModule() {
    String image = image("launcher");
    forEach((r, p) -> {
      Map<String, String> config = r.config();
      NODE_GROUPS.forEach((name, roles) -> {
        JsonObject c = containers(r.named("Deployment").get(name)).get(0);
        assertThat(c.getString("image")).as(p + " " + name).startsWith(image + ":").doesNotEndWith(":TAG");
        assertThat(c.getJsonArray("args").getList()).as(p + " " + name).containsExactly("--verticles", roles);
        assertThat(NodeConfig.ALL_VERTICLES).contains(roles.split(","));
        assertThat(port(c, "http")).as(p + " " + name + " http").isEqualTo(Integer.parseInt(config.get(env(HTTP_PORT))));
        assertThat(port(c, "hazelcast")).as(p + " " + name + " hazelcast").isEqualTo(Integer.parseInt(config.get(env(CLUSTER_PORT))));
        assertProbe(c, "readinessProbe", "/health/ready", "http");
        assertProbe(c, "livenessProbe", "/health/live", "http");
        assertProbe(c, "startupProbe", "/health/live", "http");
        assertThat(envValue(c, "CONFAB_JWT_PRIVATE_KEY") != null).as(p + " " + name + ": the signing key only where auth runs")
            .isEqualTo(roles.contains("auth"));
        assertThat(envValue(c, "CONFAB_SECRETS_KEY") != null).as(p + " " + name + ": the secrets key (TOTP at rest) only where auth runs")
            .isEqualTo(roles.contains("auth"));
        Set<String> mounted = mountedSecretFiles(r.named("Deployment").get(name), c);
        Stream.of("CONFAB_JWT_PUBLIC_KEY", "CONFAB_JWT_PRIVATE_KEY", "CONFAB_SECRETS_KEY").map(key -> envValue(c, key)).filter(Objects::nonNull)
            .forEach(file -> assertThat(mounted).as(p + " " + name + ": a key file the node reads is mounted").contains(file));
      });
    });
  }

  @Test
  @DisplayName("Search takes its engine's URI (credentials and all) from a Secret, and only search does; previews never gets the tests' allow-list")
  void searchHasItsEngineFromASecretAndPreviewsNoAllowList() {
    forEach((r, p) -> {
      r.named("Deployment").forEach((name, d) -> {
        JsonObject c = containers(d).get(0);
        String uri = envSecret(c, "CONFAB_SEARCH_URI");
        assertThat(uri).as(p + " " + name + ": the search engine's URI only where search runs")
            .isEqualTo("confab-search".equals(name) ? "confab-search/search-uri" : null);
        assertThat(envEntries(c).map(e -> e.getString("name")).toList()).as(p + " " + name + ": preview-allow-hosts is for tests")
            .doesNotContain("CONFAB_PREVIEW_ALLOW_HOSTS");
      });
      assertThat(r.config()).as(p + " the ConfigMap").doesNotContainKey("CONFAB_PREVIEW_ALLOW_HOSTS").doesNotContainKey("CONFAB_SEARCH_URI");
      JsonObject previews = containers(r.named("Deployment").get("confab-previews")).get(0);
      assertThat(envSecret(previews, "CONFAB_REDIS_URI")).as(p + " previews caches in Redis").isEqualTo("confab-stores/redis-uri");
    });
  }

  @Test
  @DisplayName("Workers run the images Jib builds from workers/, their probes on the health port they are given; APY beside the translation worker")
  void workersMatchTheirModules() {
    forEach((r, p) -> WORKERS.forEach((name, module) -> {
      JsonObject d = r.named("Deployment").get(name);
      JsonObject c = containers(d).get(0);
      assertThat(c.getString("image")).as(p + " " + name).startsWith(image(module) + ":").doesNotEndWith(":TAG");
      assertThat(port(c, "health")).isEqualTo(Integer.parseInt(r.config().get("CONFAB_HEALTH_PORT")));
      assertProbe(c, "readinessProbe", "/health/ready", "health");
      assertProbe(c, "livenessProbe", "/health/live", "health");
      assertThat(podSpec(d).getBoolean("automountServiceAccountToken")).as(p + " " + name + ": no API token").isFalse();
    }));
    forEach((r, p) -> {
      List<JsonObject> sidecars = containers(r.named("Deployment").get("confab-translation-worker"));
      assertThat(sidecars).hasSize(2);
      assertThat(sidecars.get(1).getString("image")).startsWith(registry() + "/" + APY_IMAGE + ":");
      assertThat(ROOT.resolve("workers/translation/apy/Dockerfile")).as("what builds the APY image").isRegularFile();
      assertThat(envValue(sidecars.get(0), "CONFAB_APY_URL")).isEqualTo("http://127.0.0.1:" + port(sidecars.get(1), "apy"));
    });
  }

  @Test
  @DisplayName("The Hazelcast config each node pod's environment makes uses Kubernetes discovery on the headless Service, multicast and auto-detection off, with the RBAC it needs")
  void hazelcastDiscoversThroughKubernetesNeverMulticast() {
    forEach((r, p) -> NODE_GROUPS.keySet().forEach(name -> {
      JsonObject d = r.named("Deployment").get(name);
      JsonObject c = containers(d).get(0);
      JsonObject options = NodeConfig.DEFAULTS.copy().mergeIn(NodeConfig.fromEnvironment(environment(r, c)));
      NodeConfig node = NodeConfig.from(options);
      assertThat(envField(c, "CONFAB_CLUSTER_HOST")).as(p + " " + name + ": the cluster host is the pod's IP").isEqualTo("status.podIP");
      Config hazelcast = Cluster.config(node.clusterHost(), node.clusterPort(), node.clusterDiscovery());
      JoinConfig join = hazelcast.getNetworkConfig().getJoin();
      assertThat(join.getMulticastConfig().isEnabled()).as(p + " " + name + " multicast").isFalse();
      assertThat(join.getAutoDetectionConfig().isEnabled()).as(p + " " + name + " auto-detection").isFalse();
      assertThat(join.getTcpIpConfig().isEnabled()).as(p + " " + name + " tcp-ip").isFalse();
      assertThat(join.getKubernetesConfig().isEnabled()).as(p + " " + name + " kubernetes").isTrue();

      Discovery.Kubernetes discovery = (Discovery.Kubernetes) node.clusterDiscovery();
      JsonObject service = r.named("Service").get(discovery.service());
      assertThat(service).as(p + " the discovery Service " + discovery.service()).isNotNull();
      assertThat(service.getJsonObject("spec").getString("clusterIP")).isEqualTo("None");
      assertThat(service.getJsonObject("spec").getBoolean("publishNotReadyAddresses")).isTrue();
      assertThat(matches(service.getJsonObject("spec").getJsonObject("selector"), podLabels(d))).as(p + " " + name + " in the Service").isTrue();
      assertThat(service.getJsonObject("spec").getJsonArray("ports").getJsonObject(0).getInteger("port")).isEqualTo(node.clusterPort());

      JsonObject pod = podSpec(d);
      assertThat(pod.getBoolean("automountServiceAccountToken")).as(p + " " + name + ": the token Hazelcast reads the API with").isTrue();
      assertThat(mayListEndpoints(r, pod.getString("serviceAccountName"))).as(p + " " + name + ": RBAC to list endpoints").isTrue();
    }));
  }

  @Test
  @DisplayName("Only the edge is reachable from outside: default-deny ingress, the ingress controller to edge pods only, monitoring to the http port only")
  void onlyTheEdgeIsReachableFromOutside() {
    forEach((r, p) -> {
      List<JsonObject> policies = r.all("NetworkPolicy");
      assertThat(policies).as(p + " a default deny").anyMatch(n -> n.getJsonObject("spec").getJsonObject("podSelector").isEmpty()
          && n.getJsonObject("spec").getJsonArray("policyTypes").contains("Ingress") && !n.getJsonObject("spec").containsKey("ingress"));
      for (JsonObject policy : policies) {
        JsonObject selected = policy.getJsonObject("spec").getJsonObject("podSelector").getJsonObject("matchLabels", new JsonObject());
        for (Object rule : policy.getJsonObject("spec").getJsonArray("ingress", new JsonArray())) {
          for (Object from : ((JsonObject) rule).getJsonArray("from")) {
            JsonObject namespaces = ((JsonObject) from).getJsonObject("namespaceSelector");
            if (namespaces == null) {
              continue; // pods of this namespace
            }
            String namespace = namespaces.getJsonObject("matchLabels").getString("kubernetes.io/metadata.name");
            JsonArray ports = ((JsonObject) rule).getJsonArray("ports");
            assertThat(ports).as(p + " " + name(policy) + ": ports limited").isNotNull();
            assertThat(ports.stream().map(o -> ((JsonObject) o).getValue("port"))).as(p + " " + name(policy)).containsOnly("http");
            if ("ingress-nginx".equals(namespace)) {
              assertThat(selected.getString("confab.io/tier")).as(p + " " + name(policy) + ": the controller reaches the edge only").isEqualTo("edge");
            } else {
              assertThat(namespace).as(p + " " + name(policy) + ": who else gets in").isEqualTo("monitoring");
            }
          }
        }
      }
    });
  }

  @Test
  @DisplayName("Services and Ingress backends point at pods that exist; the bridge's Ingress has cookie affinity and WebSocket timeouts; edge and chat autoscale")
  void servicesIngressAndAutoscalers() {
    forEach((r, p) -> {
      List<JsonObject> pods = r.all("Deployment").stream().map(KubernetesManifestsTest::podLabels).toList();
      r.all("Service").forEach(s -> assertThat(pods).as(p + " service " + name(s))
          .anyMatch(labels -> matches(s.getJsonObject("spec").getJsonObject("selector"), labels)));
      Set<String> services = r.named("Service").keySet();
      JsonObject bridge = null;
      for (JsonObject ingress : r.all("Ingress")) {
        for (Object rule : ingress.getJsonObject("spec").getJsonArray("rules")) {
          for (Object path : ((JsonObject) rule).getJsonObject("http").getJsonArray("paths")) {
            assertThat(services).as(p + " " + name(ingress)).contains(((JsonObject) path).getJsonObject("backend").getJsonObject("service").getString("name"));
            bridge = "/eventbus".equals(((JsonObject) path).getString("path")) ? ingress : bridge;
          }
        }
      }
      assertThat(bridge).as(p + " an Ingress for /eventbus").isNotNull();
      JsonObject annotations = bridge.getJsonObject("metadata").getJsonObject("annotations");
      assertThat(annotations.getString("nginx.ingress.kubernetes.io/affinity")).isEqualTo("cookie");
      assertThat(Integer.parseInt(annotations.getString("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(3600);
      assertThat(Integer.parseInt(annotations.getString("nginx.ingress.kubernetes.io/proxy-send-timeout"))).isGreaterThanOrEqualTo(3600);
      assertThat(r.all("HorizontalPodAutoscaler").stream().map(h -> h.getJsonObject("spec").getJsonObject("scaleTargetRef").getString("name")))
          .as(p + " autoscalers").containsExactlyInAnyOrder("confab-edge", "confab-chat");
    });
  }

  // ---- helpers ----------------------------------------------------------------------------------------

  private static void forEach(BiConsumer<Rendered, String> check) {
    RENDERED.values().forEach(r -> check.accept(r, "[" + r.overlay() + "]"));
  }

  private static String name(JsonObject object) {
    return object.getJsonObject("metadata").getString("name");
  }

  private static JsonObject podSpec(JsonObject deployment) {
    return deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
  }

  private static JsonObject podLabels(JsonObject deployment) {
    return deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
  }

  private static List<JsonObject> containers(JsonObject deployment) {
    return podSpec(deployment).getJsonArray("containers").stream().map(JsonObject.class::cast).toList();
  }

  private static boolean matches(JsonObject selector, JsonObject labels) {
    return selector != null && !selector.isEmpty()
        && selector.fieldNames().stream().allMatch(key -> Objects.equals(selector.getValue(key), labels.getValue(key)));
  }

  private static int port(JsonObject container, String name) {
    return container.getJsonArray("ports").stream().map(JsonObject.class::cast).filter(port -> name.equals(port.getString("name")))
        .findFirst().orElseThrow(() -> new AssertionError("no port " + name + " on " + container.getString("name")))
        .getInteger("containerPort");
  }

  private static void assertProbe(JsonObject container, String probe, String path, String port) {
    JsonObject get = container.getJsonObject(probe).getJsonObject("httpGet");
    assertThat(get.getString("path")).as(container.getString("name") + " " + probe).isEqualTo(path);
    assertThat(get.getValue("port")).as(container.getString("name") + " " + probe).isEqualTo(port);
  }

  /** The files the container sees from secret volumes: mount path and item path. */
  private static Set<String> mountedSecretFiles(JsonObject deployment, JsonObject container) {
    Map<String, JsonObject> secrets = new LinkedHashMap<>();
    deployment.getJsonObject("spec").getJsonObject("template").getJsonObject("spec").getJsonArray("volumes", new JsonArray()).stream()
        .map(JsonObject.class::cast).filter(v -> v.containsKey("secret")).forEach(v -> secrets.put(v.getString("name"), v.getJsonObject("secret")));
    return container.getJsonArray("volumeMounts", new JsonArray()).stream().map(JsonObject.class::cast)
        .filter(m -> secrets.containsKey(m.getString("name")))
        .flatMap(m -> secrets.get(m.getString("name")).getJsonArray("items", new JsonArray()).stream().map(JsonObject.class::cast)
            .map(item -> m.getString("mountPath") + "/" + item.getString("path")))
        .collect(Collectors.toSet());
  }

  private static Stream<JsonObject> envEntries(JsonObject container) {
    return container.getJsonArray("env", new JsonArray()).stream().map(JsonObject.class::cast);
  }

  private static String envValue(JsonObject container, String name) {
    return envEntries(container).filter(e -> name.equals(e.getString("name"))).map(e -> e.getString("value")).findFirst().orElse(null);
  }

  /** {@code secret/key} a variable is read from, or null. */
  private static String envSecret(JsonObject container, String name) {
    return envEntries(container).filter(e -> name.equals(e.getString("name")) && e.containsKey("valueFrom"))
        .map(e -> e.getJsonObject("valueFrom").getJsonObject("secretKeyRef")).filter(Objects::nonNull)
        .map(ref -> ref.getString("name") + "/" + ref.getString("key")).findFirst().orElse(null);
  }

  private static String envField(JsonObject container, String name) {
    return envEntries(container).filter(e -> name.equals(e.getString("name")))
        .map(e -> e.getJsonObject("valueFrom").getJsonObject("fieldRef").getString("fieldPath")).findFirst().orElse(null);
  }

  /** What the container's process sees: the ConfigMap, then its own values; a pod's IP stands in for field references. */
  private static Map<String, String> environment(Rendered rendered, JsonObject container) {
    Map<String, String> env = new LinkedHashMap<>(rendered.config());
    envEntries(container).forEach(e -> {
      if (e.containsKey("value")) {
        env.put(e.getString("name"), e.getString("value"));
      } else if (e.getJsonObject("valueFrom").containsKey("fieldRef")) {
        env.put(e.getString("name"), "10.0.0.7");
      }
    });
    return env;
  }

  private static String env(String option) {
    return "CONFAB_" + option.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
  }

  /** A RoleBinding of {@code account} to a Role that may get and list endpoints. */
  private static boolean mayListEndpoints(Rendered rendered, String account) {
    Map<String, JsonObject> roles = rendered.named("Role");
    return rendered.all("RoleBinding").stream()
        .filter(b -> b.getJsonArray("subjects").stream().anyMatch(s -> account.equals(((JsonObject) s).getString("name"))))
        .map(b -> roles.get(b.getJsonObject("roleRef").getString("name")))
        .filter(Objects::nonNull)
        .flatMap(role -> role.getJsonArray("rules").stream().map(JsonObject.class::cast))
        .anyMatch(rule -> rule.getJsonArray("resources").contains("endpoints")
            && rule.getJsonArray("verbs").contains("get") && rule.getJsonArray("verbs").contains("list"));
  }

  /** {@code registry/name} of the image Jib builds from {@code module} (the root's image.registry, the module's image.name). */
  private static String image(String module) {
    return registry() + "/" + property(ROOT.resolve(module).resolve("pom.xml"), "image.name");
  }

  private static String registry() {
    return property(ROOT.resolve("pom.xml"), "image.registry");
  }

  private static String property(Path pom, String name) {
    try {
      Matcher matcher = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(pom));
      if (!matcher.find()) {
        fail(pom + " has no property " + name);
      }
      return matcher.group(1).trim();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }
}
