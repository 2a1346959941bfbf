package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The owner's memory of its rooms' newest messages: what history and sync near the end are answered from. */
class RecentMessagesTest extends ChatTestBase {

  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.WRITES_PER_SECOND, 100_000);
  }

  @Test
  @DisplayName("the newest pages come from the owner's memory, edits and deletes included (texts changed behind chat's back do not show)")
  void recentPagesComeFromMemory() {
    User ana = user("Ana");
    String room = group(ana);
    for (int i = 1; i <= 5; i++) {
      send(ana, room, "m" + i);
    }
    get(ana, "/rooms/" + room + "/messages"); // the first read builds the memory
    JsonObject second = get(ana, "/rooms/" + room + "/messages?after=1&limit=1").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
    patch(ana, "/rooms/" + room + "/messages/" + second.getString("id"), new JsonObject().put("text", "m2 edited"));
    JsonObject sixth = send(ana, room, "m6");
    delete(ana, "/rooms/" + room + "/messages/" + sixth.getString("id"));

    tamper(room);

    JsonObject newest = get(ana, "/rooms/" + room + "/messages?limit=3").bodyAsJsonObject();
    assertThat(newest.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq"))).containsExactly(6L, 5L, 4L);
    assertThat(newest.getJsonArray("messages").getJsonObject(0).getBoolean("deleted")).isTrue();
    assertThat(newest.getJsonArray("messages").getJsonObject(1).getString("text")).isEqualTo("m5");
    assertThat(newest.getBoolean("hasMore")).isTrue();
    JsonArray resumed = get(ana, "/rooms/" + room + "/messages?after=1").bodyAsJsonObject().getJsonArray("messages");
    assertThat(resumed.getJsonObject(0).getString("text")).isEqualTo("m2 edited");
    assertThat(resumed).hasSize(5);
  }

  @Test
  @DisplayName("pages from the owner's memory equal pages from the store: newest, before, after, and sync by rev with edits and deletes")
  void pagesFromMemoryEqualPagesFromTheStore() {
    User ana = user("Ana");
    String room = group(ana);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      ids.add(send(ana, room, "m" + i).getString("id"));
      if (i % 7 == 0) {
        patch(ana, "/rooms/" + room + "/messages/" + ids.get(i / 2), new JsonObject().put("text", "edited at " + i));
      }
      if (i % 9 == 0) {
        delete(ana, "/rooms/" + room + "/messages/" + ids.get(i - 3));
      }
    }
    get(ana, "/rooms/" + room + "/messages"); // the first read builds the memory
    patch(ana, "/rooms/" + room + "/messages/" + ids.get(0), new JsonObject().put("text", "the first, edited last"));
    long lastRev = get(ana, "/rooms/" + room + "/messages?limit=1").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0).getLong("rev");
    List<String> queries = new ArrayList<>();
    for (int limit : new int[] {1, 5, 29, 30, 50}) {
      queries.add("messages?limit=" + limit);
      for (int before : new int[] {1, 2, 10, 30, 31, 100}) {
        queries.add("messages?before=" + before + "&limit=" + limit);
      }
      for (int after : new int[] {0, 1, 15, 29, 30, 31}) {
        queries.add("messages?after=" + after + "&limit=" + limit);
      }
      for (long since = 0; since <= lastRev + 1; since += 3) {
        queries.add("changes?since=" + since + "&limit=" + limit);
      }
    }
    MongoClient direct = store();
    // Owning no room, this writer reads every page from the store.
    Messages store = new Messages(direct, new RecentMessages(), new Rooms(direct), fresh -> Future.succeededFuture(), anyRoom -> false);
    JsonObject roomDoc = new JsonObject().put("_id", room);
    List<JsonObject> fromStore = queries.stream().map(query -> fromStore(store, roomDoc, query)).toList();

    tamper(room);

    List<JsonObject> answered = queries.stream().map(query -> get(ana, "/rooms/" + room + "/" + query).bodyAsJsonObject()).toList();
    for (int i = 0; i < queries.size(); i++) {
      assertThat(answered.get(i)).as(queries.get(i)).isEqualTo(fromStore.get(i));
    }
  }

  @Test
  @DisplayName("a room another writer wrote (as during a move) is read from the store, and the owner writes above it")
  void aRoomWrittenElsewhereIsReadFromTheStore() {
    User ana = user("Ana");
    String room = group(ana);
    send(ana, room, "one");
    get(ana, "/rooms/" + room + "/messages");
    // What a second writer of the room leaves: a message stored, the room moved past it.
    MongoClient direct = store();
    direct.insert("messages", new JsonObject().put("_id", "elsewhere-" + room).put("room", room).put("seq", 2L).put("rev", 2L)
        .put("sender", new JsonObject().put("id", ana.id()).put("displayName", "Ana")).put("text", "stored by another writer")
        .put("ts", System.currentTimeMillis()).put("clientMsgId", "elsewhere").put("attachments", new JsonArray())).await();
    direct.updateCollection("rooms", new JsonObject().put("_id", room),
        new JsonObject().put("$set", new JsonObject().put("lastSeq", 2L).put("lastRev", 2L))).await();

    JsonArray newest = get(ana, "/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages");

    assertThat(newest.getJsonObject(0).getString("text")).isEqualTo("stored by another writer");
    assertThat(send(ana, room, "after the other writer").getLong("seq")).isEqualTo(3);
    assertThat(get(ana, "/rooms/" + room + "/messages").bodyAsJsonObject().getJsonArray("messages").stream()
        .map(m -> ((JsonObject) m).getLong("seq"))).containsExactly(3L, 2L, 1L);
  }

  @Test
  @DisplayName("a page older or longer than the owner's memory holds is read from the store")
  void pagesBeyondMemoryComeFromTheStore() {
    User ana = user("Ana");
    String room = group(ana);
    int total = RecentMessages.SIZE + 5;
    for (int i = 1; i <= total; i++) {
      post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "m" + i).put("clientMsgId", "c" + i));
    }
    get(ana, "/rooms/" + room + "/messages");
    tamper(room);

    assertThat(text(get(ana, "/rooms/" + room + "/messages?limit=1").bodyAsJsonObject(), 0)).isEqualTo("m" + total);
    assertThat(text(get(ana, "/rooms/" + room + "/messages?before=5&limit=3").bodyAsJsonObject(), 0)).isEqualTo("tampered");
    JsonObject longest = get(ana, "/rooms/" + room + "/messages?after=0&limit=200").bodyAsJsonObject();
    assertThat(text(longest, 0)).isEqualTo("tampered");
    assertThat(longest.getBoolean("hasMore")).isTrue();
    assertThat(text(get(ana, "/rooms/" + room + "/changes?since=0&limit=1").bodyAsJsonObject(), 0)).isEqualTo("tampered");
  }

  private static String text(JsonObject page, int index) {
    return page.getJsonArray("messages").getJsonObject(index).getString("text");
  }

  /** {@code query} as the HTTP API gives it ({@code messages?...} or {@code changes?...}), answered from the store. */
  private static JsonObject fromStore(Messages store, JsonObject room, String query) {
    JsonObject params = new JsonObject();
    for (String pair : query.substring(query.indexOf('?') + 1).split("&")) {
      String[] kv = pair.split("=");
      params.put(kv[0], Long.parseLong(kv[1]));
    }
    int limit = params.getLong("limit").intValue();
    return query.startsWith("changes")
        ? store.changes(room, params.getLong("since"), limit).await()
        : store.history(room, params.getLong("after"), params.getLong("before"), limit).await();
  }

  /** Changes every stored text behind chat's back: what still shows the old text came from the owner's memory. */
  private void tamper(String room) {
    MongoClient direct = store();
    direct.updateCollectionWithOptions("messages", new JsonObject().put("room", room).put("deleted", new JsonObject().put("$ne", true)),
        new JsonObject().put("$set", new JsonObject().put("text", "tampered")), new UpdateOptions().setMulti(true)).await();
  }
}
