package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The owner's notice to search after each batch: the rooms' revs and the states it stored, so search need not read them back. */
class SearchNoticeTest extends ChatTestBase {

  private final Queue<JsonObject> notices = new ConcurrentLinkedQueue<>();

  @BeforeEach
  void listen() {
    vertx.eventBus().<JsonObject>consumer(Addresses.SEARCH_CHANGED, notice -> notices.add(notice.body())).completion().await();
  }

  @Test
  @DisplayName("the notices carry each state stored, at its rev: a message, a reply and its moved root, an edit, a delete")
  void theNoticesCarryEveryStateStoredAtItsRev() {
    User ana = user("Ana");
    String room = group(ana);
    String root = send(ana, room, "the root").getString("id");
    String reply = send(ana, room, new JsonObject().put("text", "a reply").put("threadRoot", root)).getString("id");
    assertThat(patch(ana, "/rooms/" + room + "/messages/" + reply, new JsonObject().put("text", "a reply, edited")).statusCode()).isEqualTo(200);
    assertThat(delete(ana, "/rooms/" + room + "/messages/" + root).statusCode()).isBetween(200, 204);

    List<JsonObject> expected = List.of(
        state(root, room, 1).put("text", "the root"),
        state(reply, room, 2).put("text", "a reply"),
        state(root, room, 3).put("text", "the root"),
        state(reply, room, 4).put("text", "a reply, edited"),
        state(root, room, 5).put("deleted", true));
    Eventually.until(() -> carried(room).equals(expected), Duration.ofSeconds(10), "the notices carrying " + expected);
    assertThat(notices).allSatisfy(notice -> assertThat(notice.getLong(room)).isNotNull());
  }

  @Test
  @DisplayName("past the cap on a notice's text, a room goes by its rev alone, its states left out whole")
  void pastTheTextCapARoomGoesByItsRevAlone() {
    String longText = "x".repeat(AfterBatch.NOTICE_TEXT_MAX / 2 + 1);
    List<JsonObject> states = List.of(state("a1", "a", 1).put("text", longText), state("b1", "b", 1).put("text", longText),
        state("b2", "b", 2).put("text", "short"));

    new AfterBatch(null, null, null, null, vertx.eventBus()).written(Map.of("a", 1L, "b", 2L), states);

    JsonObject notice = Eventually.value(notices::peek, Duration.ofSeconds(10), "the notice");
    assertThat(notice.getJsonArray(Addresses.SEARCH_CHANGED_STATES).stream().map(state -> ((JsonObject) state).getString("room")).distinct().toList()).hasSize(1);
  }

  @Test
  @DisplayName("a notice's top-level entries are exactly its rooms and their revs, beside the states: what a search node of the version before the states reads")
  void aNoticesTopLevelEntriesAreExactlyItsRoomsAndRevs() {
    List<JsonObject> states = List.of(state("a1", "a", 1).put("text", "one"), state("b1", "b", 7).put("text", "seven"));

    new AfterBatch(null, null, null, null, vertx.eventBus()).written(Map.of("a", 1L, "b", 7L), states);

    JsonObject notice = Eventually.value(notices::peek, Duration.ofSeconds(10), "the notice").copy();
    assertThat(notice.remove(Addresses.SEARCH_CHANGED_STATES)).isEqualTo(new JsonArray(states));
    assertThat(notice).isEqualTo(new JsonObject().put("a", 1).put("b", 7));
  }

  /** The states the notices carried for {@code room}, by rev, without their ts. */
  private List<JsonObject> carried(String room) {
    return notices.stream().flatMap(notice -> notice.getJsonArray("states", new JsonArray()).stream()).map(JsonObject.class::cast)
        .filter(state -> room.equals(state.getString("room"))).map(state -> {
          assertThat(state.getLong("ts")).isPositive();
          JsonObject withoutTs = state.copy();
          withoutTs.remove("ts");
          return withoutTs;
        }).sorted((a, b) -> Long.compare(a.getLong("rev"), b.getLong("rev"))).toList();
  }

  private static JsonObject state(String id, String room, long rev) {
    return new JsonObject().put("_id", id).put("room", room).put("rev", rev);
  }
}
