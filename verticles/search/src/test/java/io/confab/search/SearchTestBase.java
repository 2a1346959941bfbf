package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.auth.AuthVerticle;
import io.confab.bridge.BridgeRoutes;
import io.confab.chat.ChatVerticle;
import io.confab.contract.ConfigKeys;
import io.confab.edge.EdgeVerticle;
import io.confab.testing.Eventually;
import io.confab.testing.NodeTestBase;
import io.confab.testing.TestTokens;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search behind a real edge, with auth and chat for users, rooms and messages, on the node base's Mongo
 * wire server; the Lucene index in a directory of the test's own. The engine is wrapped so a test can
 * make it fail ({@link #engineDown}).
 */
abstract class SearchTestBase extends NodeTestBase {

  /** The contract's bound: an acknowledged change is searchable within 5 s. */
  static final Duration CONTRACT_DELAY = Duration.ofSeconds(5);

  record User(String id, String name, String token) {
  }

  @TempDir
  Path dataDir;
  /** The engine of the search verticle now deployed. */
  FailingEngine engine;
  private String searchDeployment;

  @Override
  protected JsonObject configure(JsonObject config) {
    return config.put(ConfigKeys.DATA_DIR, dataDir.toString());
  }

  @Override
  protected void deployNode() {
    deploy(AuthVerticle::new, config, 1);
    deploy(ChatVerticle::new, config, 1);
    startSearch(config);
    HealthChecks ready = HealthChecks.create(vertx).register("search", 2_000, SearchHealth.procedure(vertx, 2_000));
    deploy(() -> new EdgeVerticle(HealthChecks.create(vertx), ready, List.of(new BridgeRoutes())), config, 1);
  }

  void startSearch(JsonObject searchConfig) {
    startSearch(searchConfig, false);
  }

  /** {@code down}: the engine fails every call from the start, as one out of reach when the node starts. */
  void startSearch(JsonObject searchConfig, boolean down) {
    searchDeployment = deploy(() -> new SearchVerticle((vertx, deployed) -> Engines.open(vertx, deployed).map(opened -> {
      engine = new FailingEngine(opened);
      engine.down = down;
      return engine;
    })), searchConfig, 1);
  }

  void stopSearch() {
    vertx.undeploy(searchDeployment).await();
  }

  void engineDown() {
    engine.down = true;
  }

  User user(String name) {
    String id = mongo.verifiedUser(vertx, name, "en");
    return new User(id, name, TestTokens.access(vertx, id, "s-" + id));
  }

  HttpRequest<Buffer> as(User user, HttpRequest<Buffer> request) {
    return request.putHeader("Authorization", "Bearer " + user.token());
  }

  String room(User creator, String kind, User... others) {
    JsonArray members = new JsonArray();
    for (User other : others) {
      members.add(other.id());
    }
    HttpResponse<Buffer> created = as(creator, http.post("/api/v1/rooms"))
        .sendJsonObject(new JsonObject().put("kind", kind).put("name", "Room").put("members", members)).await();
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject().getString("id");
  }

  JsonObject send(User sender, String room, String text) {
    HttpResponse<Buffer> sent = as(sender, http.post("/api/v1/rooms/" + room + "/messages"))
        .sendJsonObject(new JsonObject().put("text", text).put("clientMsgId", UUID.randomUUID().toString())).await();
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    return sent.bodyAsJsonObject();
  }

  /** Sends {@code text} and waits, within the contract's 5 s, until {@code q} finds exactly it: its id. */
  String sendUntilFound(User sender, String room, String text, String q) {
    String id = send(sender, room, text).getString("id");
    awaitFound(sender, q, id);
    return id;
  }

  void edit(User author, String room, String id, String text) {
    HttpResponse<Buffer> edited = as(author, http.patch("/api/v1/rooms/" + room + "/messages/" + id))
        .sendJsonObject(new JsonObject().put("text", text)).await();
    assertThat(edited.statusCode()).as(edited.bodyAsString()).isEqualTo(200);
  }

  /** GET /api/v1/search with these query parameters. */
  HttpResponse<Buffer> search(User user, Map<String, String> params) {
    HttpRequest<Buffer> request = as(user, http.get("/api/v1/search"));
    params.forEach(request::addQueryParam);
    return request.send().await();
  }

  /** The ids found for {@code q}, newest first (a 200 expected). */
  List<String> found(User user, String q) {
    return ids(search(user, Map.of("q", q)));
  }

  /** The first result {@code q} finds for {@code user} (a 200 expected): {@code {message, highlights}}. */
  JsonObject firstResult(User user, String q) {
    HttpResponse<Buffer> answer = search(user, Map.of("q", q));
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getJsonArray("results").getJsonObject(0);
  }

  /** The ids of a search's results, in its order (a 200 expected). */
  static List<String> ids(HttpResponse<Buffer> answer) {
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    return answer.bodyAsJsonObject().getJsonArray("results").stream()
        .map(result -> ((JsonObject) result).getJsonObject("message").getString("id")).toList();
  }

  /** Waits, within the contract's 5 s, until {@code q} finds exactly {@code ids}. */
  void awaitFound(User user, String q, String... ids) {
    Eventually.until(() -> found(user, q).equals(List.of(ids)), CONTRACT_DELAY, "'" + q + "' finding " + List.of(ids));
  }

  /** Waits (generously: the feed runs on its own) until {@code q} finds exactly {@code ids}. */
  void awaitCaughtUp(User user, String q, String... ids) {
    Eventually.until(() -> found(user, q).equals(List.of(ids)), Duration.ofSeconds(30), "'" + q + "' finding " + List.of(ids));
  }

  /** The engine as opened, failing every call once {@link #down}. */
  static final class FailingEngine implements SearchEngine {
    private final SearchEngine engine;
    volatile boolean down;

    FailingEngine(SearchEngine engine) {
      this.engine = engine;
    }

    private <T> Future<T> unlessDown(java.util.function.Supplier<Future<T>> call) {
      return down ? Future.failedFuture(new IllegalStateException("engine down (test)")) : call.get();
    }

    @Override
    public Future<Void> index(List<JsonObject> messages) {
      return unlessDown(() -> engine.index(messages));
    }

    @Override
    public Future<List<SearchHit>> search(SearchQuery query) {
      return unlessDown(() -> engine.search(query));
    }

    @Override
    public Future<Map<String, Long>> indexedRevs() {
      return unlessDown(engine::indexedRevs);
    }

    @Override
    public Future<Void> recordRevs(Map<String, Long> revs) {
      return unlessDown(() -> engine.recordRevs(revs));
    }

    @Override
    public Future<Void> clear() {
      return unlessDown(engine::clear);
    }

    @Override
    public Future<Void> check() {
      return unlessDown(engine::check);
    }

    @Override
    public Future<Void> close() {
      return engine.close();
    }
  }
}
