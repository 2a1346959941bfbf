package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.confab.testing.TestMongo;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed behind the search verticle, fed chat's notices by hand over the bus, with a store holding only
 * what a test puts there: what it finds without the store came from the notices.
 */
class FeedTest {

  private static final Duration WITHIN = Duration.ofSeconds(10);

  @TempDir
  Path directory;
  private final TestMongo store = new TestMongo();
  private final String room = "room-" + UUID.randomUUID();
  private Vertx vertx;
  private MongoClient mongo;
  private volatile SearchEngine engine;

  @BeforeEach
  void startSearch() {
    vertx = Vertx.vertx();
    JsonObject config = store.deploymentConfig().put(SearchVerticle.RECONCILE_MS, 3_600_000);
    mongo = MongoClient.create(vertx, StoreConfig.mongo(config));
    vertx.deployVerticle(new SearchVerticle((opening, deployed) -> LuceneEngine.open(opening, directory).map(opened -> {
      engine = opened;
      return opened;
    })), new DeploymentOptions().setConfig(config)).await();
  }

  @AfterEach
  void stop() {
    try {
      mongo.close().await();
      vertx.close().await();
    } finally {
      store.close();
    }
  }

  @Test
  @DisplayName("a notice that continues from the room's indexed rev is indexed from its states, without reading the store")
  void aNoticeThatContinuesIsIndexedWithoutTheStore() {
    notice(2, message("m1", 1, "alpha one"), message("m2", 2, "alpha two"));

    awaitFound("alpha", "m2", "m1");
  }

  @Test
  @DisplayName("a notice that does not account for every rev since the indexed one gets the room read from the store")
  void aNoticeWithAGapIsReadFromTheStore() {
    stored(message("m1", 1, "beta one"), message("m2", 2, "beta two"));

    notice(2, message("m2", 2, "beta two"));

    awaitFound("beta", "m2", "m1");
  }

  @Test
  @DisplayName("after a lost notice the gap is read from the store, and the notices after it are indexed from their states again")
  void afterALostNoticeTheNextOnesContinue() {
    notice(1, message("m1", 1, "gamma one"));
    awaitFound("gamma", "m1");
    // Stored by a batch whose notice never came, then the next batch stored and noticed.
    stored(message("m2", 2, "gamma two"), message("m3", 3, "gamma three"));

    notice(3, message("m3", 3, "gamma three"));
    awaitFound("gamma", "m3", "m2", "m1");
    notice(4, message("m4", 4, "gamma four"));

    awaitFound("gamma", "m4", "m3", "m2", "m1");
  }

  @Test
  @DisplayName("notices out of order: everything is indexed, the store filling in what the later one could not account for")
  void noticesOutOfOrderIndexEverything() {
    JsonObject[] first = {message("m1", 1, "delta one"), message("m2", 2, "delta two")};
    JsonObject[] second = {message("m3", 3, "delta three"), message("m4", 4, "delta four")};
    stored(first);
    stored(second);

    notice(4, second);
    notice(2, first);

    awaitFound("delta", "m4", "m3", "m2", "m1");
  }

  @Test
  @DisplayName("a message sent, edited and deleted in one batch, another edited: the newest state of each is what is found")
  void changesInOneNoticeLeaveTheNewestState() {
    notice(5, message("m1", 1, "epsilon first"), message("m2", 2, "epsilon second"), message("m1", 3, "epsilon edited"),
        deleted("m2", 4), message("m1", 5, "epsilon final"));

    awaitFound("epsilon", "m1");
    assertThat(found("edited")).isEmpty();
    assertThat(found("final")).containsExactly(id("m1"));
  }

  @Test
  @DisplayName("a notice of an earlier chat, the rooms' revs alone, gets the rooms read from the store")
  void anEarlierChatsNoticeIsReadFromTheStore() {
    stored(message("m1", 1, "zeta one"));

    vertx.eventBus().publish(Addresses.SEARCH_CHANGED, new JsonObject().put(room, 1));

    awaitFound("zeta", "m1");
  }

  @Test
  @DisplayName("a notice with more text than the feed keeps gets its rooms read from the store")
  void aNoticePastWhatTheFeedKeepsIsReadFromTheStore() {
    stored(message("m1", 1, "eta as stored"));

    notice(1, message("m1", 1, "eta " + "x".repeat(Feed.NOTED_TEXT_MAX)));

    awaitFound("stored", "m1");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** A message as stored, in the fields search reads; ts follows rev. */
  private JsonObject message(String id, long rev, String text) {
    return new JsonObject().put("_id", id(id)).put("room", room).put("rev", rev).put("ts", rev).put("text", text);
  }

  private JsonObject deleted(String id, long rev) {
    return new JsonObject().put("_id", id(id)).put("room", room).put("rev", rev).put("ts", rev).put("deleted", true);
  }

  private String id(String shortId) {
    return room + "-" + shortId;
  }

  /** Chat's notice: the room's rev as a top-level entry, the states beside it. */
  private void notice(long rev, JsonObject... states) {
    vertx.eventBus().publish(Addresses.SEARCH_CHANGED, new JsonObject().put(room, rev)
        .put(Addresses.SEARCH_CHANGED_STATES, new JsonArray(List.of(states))));
  }

  private void stored(JsonObject... messages) {
    Future.all(List.of(messages).stream().map(message -> mongo.insert(Feed.MESSAGES, message.copy())).toList()).await();
  }

  private List<String> found(String words) {
    return engine.search(new SearchQuery(words, Set.of(room), 50, null)).await().stream().map(SearchHit::id).toList();
  }

  private void awaitFound(String words, String... shortIds) {
    List<String> ids = List.of(shortIds).stream().map(this::id).toList();
    Eventually.until(() -> found(words).equals(ids), WITHIN, "'" + words + "' finding " + ids);
  }
}
