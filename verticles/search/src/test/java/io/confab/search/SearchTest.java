package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.confab.testing.StoreQueries;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** GET /api/v1/search and search.query on a node: the contract's "Search (v1.1)". */
class SearchTest extends SearchTestBase {

  @Test
  @DisplayName("a new message is found within 5 s by its words, case and accents folded, with plain-text highlights")
  void aNewMessageIsFoundByItsWordsWithHighlights() {
    User ana = user("Ana");
    String room = room(ana, "group");
    sendUntilFound(ana, room, "Notre <b>élan</b> commun", "ELAN");

    JsonObject result = firstResult(ana, "elan commun");
    assertThat(result.getJsonObject("message").getString("text")).isEqualTo("Notre <b>élan</b> commun");
    assertThat(result.getJsonObject("message").getString("room")).isEqualTo(room);
    assertThat(result.getJsonArray("highlights").getString(0)).contains("<b>élan</b> commun");
  }

  @Test
  @DisplayName("newest first, and cursor pages follow each other without overlap")
  void newestFirstAndCursorPagesWithoutOverlap() {
    User ana = user("Ana");
    String room = room(ana, "group");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      sent.add(0, send(ana, room, "paging " + i).getString("id"));
    }
    awaitFound(ana, "paging", sent.toArray(String[]::new));

    List<String> paged = new ArrayList<>();
    String cursor = null;
    do {
      HttpResponse<Buffer> page = search(ana, cursor == null ? Map.of("q", "paging", "limit", "2")
          : Map.of("q", "paging", "limit", "2", "cursor", cursor));
      paged.addAll(ids(page));
      cursor = page.bodyAsJsonObject().getString("cursor");
    } while (cursor != null);

    assertThat(paged).isEqualTo(sent);
  }

  @Test
  @DisplayName("a removed member stops finding the room's messages at once")
  void aRemovedMemberStopsFindingAtOnce() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = room(ana, "group", ben);
    String id = send(ana, room, "confidential plans").getString("id");
    awaitFound(ben, "confidential", id);

    HttpResponse<Buffer> removed = as(ana, http.delete("/api/v1/rooms/" + room + "/members/" + ben.id())).send().await();
    assertThat(removed.statusCode()).as(removed.bodyAsString()).isEqualTo(204);

    assertThat(found(ben, "confidential")).isEmpty();
    assertThat(found(ana, "confidential")).containsExactly(id);
  }

  @Test
  @DisplayName("a channel not joined is not searched; joined, it is")
  void aChannelNotJoinedIsNotSearched() {
    User ana = user("Ana");
    User ben = user("Ben");
    String channel = room(ana, "channel");
    String id = sendUntilFound(ana, channel, "public announcement", "announcement");

    assertThat(found(ben, "announcement")).isEmpty();

    assertThat(as(ben, http.post("/api/v1/rooms/" + channel + "/join")).send().await().statusCode()).isEqualTo(204);
    assertThat(found(ben, "announcement")).containsExactly(id);
  }

  @Test
  @DisplayName("room= narrows to that room; a room the caller is not in finds nothing")
  void roomNarrowsToOneRoom() {
    User ana = user("Ana");
    User ben = user("Ben");
    String first = room(ana, "group");
    String second = room(ana, "group");
    String bens = room(ben, "group");
    String inFirst = send(ana, first, "shared topic").getString("id");
    String inSecond = send(ana, second, "shared topic").getString("id");
    String inBens = send(ben, bens, "shared topic").getString("id");
    awaitFound(ana, "topic", inSecond, inFirst);
    awaitFound(ben, "topic", inBens);

    assertThat(ids(search(ana, Map.of("q", "topic", "room", first)))).containsExactly(inFirst);
    assertThat(ids(search(ana, Map.of("q", "topic", "room", bens)))).isEmpty();
    assertThat(ids(search(ana, Map.of("q", "topic", "room", "no-such-room")))).isEmpty();
  }

  @Test
  @DisplayName("an edit is found by its new text and no longer by its old within 5 s; a deleted message no longer at all")
  void editsAndDeletesWithinTheContractsDelay() {
    User ana = user("Ana");
    String room = room(ana, "group");
    String edited = send(ana, room, "original wording").getString("id");
    String deleted = send(ana, room, "original mistake").getString("id");
    awaitFound(ana, "original", deleted, edited);

    edit(ana, room, edited, "revised phrasing");
    assertThat(as(ana, http.delete("/api/v1/rooms/" + room + "/messages/" + deleted)).send().await().statusCode()).isEqualTo(204);

    awaitFound(ana, "original");
    awaitFound(ana, "revised", edited);
    assertThat(firstResult(ana, "phrasing").getJsonObject("message").getString("text")).isEqualTo("revised phrasing");
  }

  @Test
  @DisplayName("a sent message is indexed from chat's notice: search reads none of the room's revs back from the store")
  void aSentMessageIsIndexedWithoutReadingItBack() {
    User ana = user("Ana");
    String room = room(ana, "group");
    // The owner's counters of the room are loaded by its first send (exact lookups on (room, rev) too).
    sendUntilFound(ana, room, "first words", "first");

    try (StoreQueries queries = mongo.recordQueries()) {
      sendUntilFound(ana, room, "noticed words", "noticed");

      assertThat(queries.on("messages")).noneMatch(query -> query.filtersBy("room", "rev"));
    }
  }

  @Test
  @DisplayName("messages sent while search was down are found once it starts again, each once")
  void aRestartCatchesUpFromTheIndexedRev() {
    User ana = user("Ana");
    String room = room(ana, "group");
    String before = sendUntilFound(ana, room, "catchup before", "catchup");

    stopSearch();
    String during = send(ana, room, "catchup during").getString("id");
    String other = send(ana, room(ana, "group"), "catchup elsewhere").getString("id");
    startSearch(config);

    awaitCaughtUp(ana, "catchup", other, during, before);
  }

  @Test
  @DisplayName("an engine out of reach when search starts: the role starts anyway, answers 503, and catches up once the engine answers")
  void anEngineDownAtStartCatchesUpOnceItAnswers() {
    User ana = user("Ana");
    stopSearch();
    String id = send(ana, room(ana, "group"), "waiting words").getString("id");

    startSearch(config.copy().put(SearchVerticle.RECONCILE_MS, 200), true);
    assertError(search(ana, Map.of("q", "waiting")), 503, "unavailable");
    engine.down = false;

    awaitCaughtUp(ana, "waiting", id);
  }

  @Test
  @DisplayName("a change whose notice was lost is indexed by the next periodic reconcile")
  void aLostNoticeIsMadeUpByTheReconcile() {
    stopSearch();
    startSearch(config.copy().put(SearchVerticle.RECONCILE_MS, 200));
    User ana = user("Ana");
    String room = room(ana, "group");
    String id = sendUntilFound(ana, room, "before the loss", "loss");

    // Written to the store directly, as by an owner whose notice never reached search.
    MongoClient store = MongoClient.create(vertx, StoreConfig.mongo(config));
    store.updateCollection("messages", new JsonObject().put("_id", id),
        new JsonObject().put("$set", new JsonObject().put("text", "recovered words").put("rev", 2L))).await();
    store.updateCollection("rooms", new JsonObject().put("_id", room), new JsonObject().put("$set", new JsonObject().put("lastRev", 2L))).await();
    store.close().await();

    awaitCaughtUp(ana, "recovered", id);
  }

  @Test
  @DisplayName("--search-rebuild empties the index and indexes every message again")
  void aRebuildIndexesEverythingAgain() {
    User ana = user("Ana");
    String room = room(ana, "group");
    String id = sendUntilFound(ana, room, "rebuilt content", "rebuilt");
    // An index that lost its messages but kept its revs: only a rebuild brings them back.
    engine.clear().compose(cleared -> engine.recordRevs(Map.of(room, 1_000L))).await();
    stopSearch();

    startSearch(config.copy().put(SearchVerticle.REBUILD, true));

    awaitCaughtUp(ana, "rebuilt", id);
  }

  @Test
  @DisplayName("bad input is 400 invalid_request: q missing, empty or over 200 characters, a bad limit, a garbage cursor")
  void badInputIs400() {
    User ana = user("Ana");
    String longest = "字".repeat(200);
    assertThat(search(ana, Map.of("q", longest)).statusCode()).isEqualTo(200);

    for (Map<String, String> bad : List.of(Map.<String, String>of(), Map.of("q", ""), Map.of("q", longest + "a"),
        Map.of("q", "x", "limit", "0"), Map.of("q", "x", "limit", "51"), Map.of("q", "x", "limit", "ten"),
        Map.of("q", "x", "cursor", "garbage!"), Map.of("q", "x", "cursor", "WzEsMl0"))) {
      assertError(search(ana, bad), 400, "invalid_request");
    }
  }

  @Test
  @DisplayName("search.query over the bridge answers as HTTP does, and refuses bad input with 400")
  void overTheBridge() {
    User ana = user("Ana");
    String room = room(ana, "group");
    String id = sendUntilFound(ana, room, "bridged words", "bridged");

    try (BridgeClient client = BridgeClient.connect(vertx, port, ana.token())) {
      JsonObject reply = client.request("search.query", new JsonObject().put("q", "words").put("room", room).put("limit", 5)).await();
      JsonArray results = reply.getJsonObject("body").getJsonArray("results");
      assertThat(results).hasSize(1);
      assertThat(results.getJsonObject(0).getJsonObject("message").getString("id")).isEqualTo(id);
      assertThat(results.getJsonObject(0).getJsonArray("highlights").getString(0)).contains("words");

      JsonObject refused = client.request("search.query", new JsonObject().put("q", "words").put("limit", 99)).await();
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(400);
      assertThat(refused.getString("message")).isEqualTo("invalid_request");
    }
  }

  @Test
  @DisplayName("an engine that is down answers 503 unavailable over HTTP and the bridge, and health shows search DOWN")
  void anEngineDownIs503AndHealthDown() {
    User ana = user("Ana");
    assertThat(http.get("/health/ready").send().await().statusCode()).isEqualTo(200);

    engineDown();

    assertError(search(ana, Map.of("q", "anything")), 503, "unavailable");
    try (BridgeClient client = BridgeClient.connect(vertx, port, ana.token())) {
      JsonObject refused = client.request("search.query", new JsonObject().put("q", "anything")).await();
      assertThat(refused.getInteger("failureCode")).isEqualTo(503);
      assertThat(refused.getString("message")).isEqualTo("unavailable");
    }
    HttpResponse<Buffer> health = http.get("/health/ready").send().await();
    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(health.bodyAsString()).contains("search");
  }

  @Test
  @DisplayName("search.ping (how the edge's features learn that search is offered) answers while the engine works, and fails once it is down")
  void thePingFollowsTheEngine() {
    assertThat(vertx.eventBus().request(Addresses.SEARCH_PING, new JsonObject()).await().body()).isEqualTo(new JsonObject());

    engineDown();

    assertThatThrownBy(() -> vertx.eventBus().request(Addresses.SEARCH_PING, new JsonObject()).await()).isInstanceOf(ReplyException.class);
  }

  @Test
  @DisplayName("without the search role anywhere, search answers 503 unavailable")
  void noSearchRoleIs503() {
    User ana = user("Ana");
    stopSearch();

    Eventually.until(() -> search(ana, Map.of("q", "anything")).statusCode() == 503, Duration.ofSeconds(10), "503 once undeployed");
    assertError(search(ana, Map.of("q", "anything")), 503, "unavailable");
  }
}
