package io.confab.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SearchEngine} does, run against each engine by a subclass ({@code LuceneEngineTest},
 * the OpenSearch one): words, folding, phrases, CJK, plain highlights, order and paging, rooms, and the
 * upsert rules the feed relies on. Each test works in rooms of its own.
 */
public abstract class SearchEngineContract {

  private static final long WAIT_SECONDS = 30;

  protected Vertx vertx;
  protected SearchEngine engine;
  private final String room = "room-" + UUID.randomUUID();
  private final String otherRoom = "room-" + UUID.randomUUID();

  /** A new engine over an empty index (or one this test's rooms never touched). */
  protected abstract Future<SearchEngine> open(Vertx vertx);

  @BeforeEach
  void openEngine() {
    vertx = Vertx.vertx();
    engine = await(open(vertx));
  }

  @AfterEach
  void closeEngine() {
    try {
      await(engine.close());
    } finally {
      await(vertx.close());
    }
  }

  @Test
  void everyWordMustMatch() {
    index(message("a", 1, 1, "red apple pie"), message("b", 2, 2, "red car"), message("c", 3, 3, "an apple"));

    assertThat(ids("red apple")).containsExactly("a");
  }

  @Test
  void caseAndAccentsAreFolded() {
    index(message("a", 1, 1, "Élan vital"), message("b", 2, 2, "CAFÉ au lait"));

    assertThat(ids("elan")).containsExactly("a");
    assertThat(ids("ÉLAN")).containsExactly("a");
    assertThat(ids("cafe")).containsExactly("b");
  }

  @Test
  void anApostropheSeparatesWords() {
    index(message("a", 1, 1, "l'Engine de Babbage’s"));

    assertThat(ids("engine babbage")).containsExactly("a");
  }

  @Test
  void aQuotedPhraseMatchesOnlyAsWritten() {
    index(message("a", 1, 1, "the quick brown fox"), message("b", 2, 2, "brown and quick"));

    assertThat(ids("\"quick brown\"")).containsExactly("a");
    assertThat(ids("quick brown")).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void operatorSyntaxIsJustWords() {
    index(message("a", 1, 1, "pear cake"), message("b", 2, 2, "plum cake"));

    assertThat(ids("pear OR plum")).isEmpty();
    assertThat(ids("cake -pear")).containsExactly("a");
    assertThat(ids("pea*")).isEmpty();
  }

  @Test
  void chineseAndJapaneseAreFoundByATwoCharacterWordInsideASentence() {
    index(message("zh", 1, 1, "我们明天去北京开会"), message("ja", 2, 2, "東京駅で友達に会いました"),
        message("ko", 3, 3, "오늘 한국어 공부를 했어요"));

    assertThat(ids("北京")).containsExactly("zh");
    assertThat(ids("友達")).containsExactly("ja");
    assertThat(ids("한국")).containsExactly("ko");
  }

  @Test
  void highlightsArePlainTextAroundTheMatch() {
    index(message("a", 1, 1, "see <b>bold</b> plans & more"));

    List<SearchHit> hits = search("plans", Set.of(room), 10, null);

    assertThat(hits).hasSize(1);
    assertThat(hits.get(0).highlights()).isNotEmpty().allSatisfy(piece -> assertThat(piece).contains("plans"));
    assertThat(String.join(" ", hits.get(0).highlights())).contains("<b>bold</b> plans & more").doesNotContain("&amp;");
  }

  @Test
  void highlightsAreShortPiecesOfALongText() {
    String filler = "lorem ipsum dolor sit amet ".repeat(140);
    index(message("a", 1, 1, filler + "needle in the middle " + filler));

    List<SearchHit> hits = search("needle", Set.of(room), 10, null);

    assertThat(hits.get(0).highlights()).isNotEmpty()
        .allSatisfy(piece -> assertThat(piece.length()).isLessThanOrEqualTo(300))
        .anySatisfy(piece -> assertThat(piece).contains("needle"));
  }

  @Test
  void newestFirstAndPagesFollowEachOtherWithoutOverlap() {
    // Two pairs share a ts: the id breaks the tie.
    long[] ts = {10, 20, 20, 30, 40, 40, 50};
    index(IntStream.range(0, ts.length).mapToObj(i -> message("m" + i, i + 1, ts[i], "word " + i)).toArray(JsonObject[]::new));

    List<String> seen = new ArrayList<>();
    SearchHit.Position after = null;
    for (int page = 0; page < 10; page++) {
      List<SearchHit> hits = search("word", Set.of(room), 3, after);
      hits.forEach(hit -> seen.add(shortId(hit)));
      if (hits.size() < 3) {
        break;
      }
      after = hits.get(hits.size() - 1).position();
    }

    assertThat(seen).containsExactly("m6", "m5", "m4", "m3", "m2", "m1", "m0");
  }

  @Test
  void onlyTheGivenRoomsAreSearched() {
    index(message("a", 1, 1, "shared word"), new JsonObject().put("id", "b").put("room", otherRoom).put("rev", 1L).put("ts", 2L)
        .put("text", "shared word"));

    assertThat(search("shared", Set.of(room), 10, null)).extracting(SearchHit::room).containsExactly(room);
    assertThat(search("shared", Set.of(room, otherRoom), 10, null)).extracting(SearchHit::room).containsExactly(otherRoom, room);
    assertThat(search("shared", Set.of(), 10, null)).isEmpty();
  }

  @Test
  void anEditIsFoundByItsNewTextAndNoLongerByItsOld() {
    index(message("a", 1, 1, "old wording"));
    index(message("a", 2, 1, "new phrasing"));

    assertThat(ids("old")).isEmpty();
    assertThat(ids("phrasing")).containsExactly("a");
  }

  @Test
  void anOlderRevNeverOverwritesANewerOne() {
    index(message("a", 5, 1, "current text"));
    index(message("a", 3, 1, "stale text"));

    assertThat(ids("stale")).isEmpty();
    assertThat(ids("current")).containsExactly("a");
  }

  @Test
  void anOlderRevNeverOverwritesANewerOneAlreadySearchable() {
    index(message("a", 1, 1, "first words"), message("b", 2, 2, "other words"));
    assertThat(ids("first")).containsExactly("a");
    index(message("a", 3, 1, "third words"));
    assertThat(ids("third")).containsExactly("a");

    // Newer than the first state, which Lucene may still hold as a deleted document, older than the third.
    index(message("a", 2, 1, "second words"));

    assertThat(ids("second")).isEmpty();
    assertThat(ids("third")).containsExactly("a");
  }

  @Test
  void aDeletedMessageIsNotFoundAndAnOlderRevDoesNotBringItBack() {
    index(message("a", 1, 1, "soon gone"), message("b", 2, 2, "soon kept"));
    index(deleted("a", 3, 1));
    index(message("a", 1, 1, "soon gone"));

    assertThat(ids("soon")).containsExactly("b");
  }

  @Test
  void theSameStateIndexedTwiceIsFoundOnce() {
    index(message("a", 1, 1, "once only"));
    index(message("a", 1, 1, "once only"), message("a", 1, 1, "once only"));

    assertThat(ids("once")).containsExactly("a");
  }

  @Test
  void roomRevsAreRecordedAndNeverGoBack() {
    await(engine.recordRevs(Map.of(room, 7L, otherRoom, 2L)));
    await(engine.recordRevs(Map.of(room, 5L)));

    Map<String, Long> revs = await(engine.indexedRevs());
    assertThat(revs).containsEntry(room, 7L).containsEntry(otherRoom, 2L);
  }

  @Test
  void clearForgetsMessagesAndRevs() {
    index(message("a", 1, 1, "forgotten"));
    await(engine.recordRevs(Map.of(room, 1L)));

    await(engine.clear());

    assertThat(ids("forgotten")).isEmpty();
    assertThat(await(engine.indexedRevs())).doesNotContainKey(room);
  }

  @Test
  void anOpenEngineChecksHealthy() {
    await(engine.check());
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  protected JsonObject message(String id, long rev, long ts, String text) {
    return new JsonObject().put("id", room + "-" + id).put("room", room).put("rev", rev).put("ts", ts).put("text", text);
  }

  protected JsonObject deleted(String id, long rev, long ts) {
    return new JsonObject().put("id", room + "-" + id).put("room", room).put("rev", rev).put("ts", ts).put("deleted", true);
  }

  protected void index(JsonObject... messages) {
    await(engine.index(List.of(messages)));
  }

  protected List<SearchHit> search(String text, Set<String> rooms, int limit, SearchHit.Position after) {
    return await(engine.search(new SearchQuery(text, rooms, limit, after)));
  }

  /** The ids (as given to {@link #message}) found in this test's room, newest first. */
  protected List<String> ids(String text) {
    return search(text, Set.of(room), 50, null).stream().map(this::shortId).toList();
  }

  private String shortId(SearchHit hit) {
    return hit.id().substring(room.length() + 1);
  }

  protected static <T> T await(Future<T> future) {
    try {
      return future.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within " + WAIT_SECONDS + " s", e);
    }
  }
}
