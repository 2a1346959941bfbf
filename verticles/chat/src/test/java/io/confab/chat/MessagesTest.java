package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.StoreQueries;
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessagesTest extends ChatTestBase {

  @Test
  @DisplayName("a sent message is stored with seq and rev from 1, the sender's name, and is in history")
  void aSentMessageIsStoredAndInHistory() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject first = send(ana, room, "hello");
    JsonObject second = send(ana, room, "world");

    assertThat(first.getLong("seq")).isEqualTo(1);
    assertThat(first.getLong("rev")).isEqualTo(1);
    assertThat(second.getLong("seq")).isEqualTo(2);
    assertThat(first.getJsonObject("sender")).isEqualTo(new JsonObject().put("id", ana.id()).put("displayName", "Ana"));
    assertThat(first.getString("room")).isEqualTo(room);
    assertThat(first.getJsonArray("attachments")).isEmpty();
    JsonObject history = get(ana, "/rooms/" + room + "/messages?after=0").bodyAsJsonObject();
    assertThat(history.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("hello", "world");
    assertThat(history.getBoolean("hasMore")).isFalse();
  }

  @Test
  @DisplayName("the same clientMsgId again, even at the same moment, answers the first message and stores one")
  void aRepeatedClientMsgIdStoresOneMessage() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject body = new JsonObject().put("text", "once").put("clientMsgId", "c-1");
    List<HttpResponse<Buffer>> raced = Future.all(IntStream.range(0, 4)
        .mapToObj(i -> http.post("/api/v1/rooms/" + room + "/messages").putHeader("Authorization", "Bearer " + ana.token()).sendJsonObject(body))
        .toList()).await().list();

    assertThat(raced).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 200, 200, 200);
    assertThat(raced.stream().map(r -> r.bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(get(ana, "/rooms/" + room + "/messages?after=0").bodyAsJsonObject().getJsonArray("messages")).hasSize(1);
  }

  @Test
  @DisplayName("20 sends into one room at once (the per-user limit) are written in batches: each answered with its own message, seq exactly 1..20")
  void concurrentSendsIntoOneRoomAreBatchedGaplessly() {
    User ana = user("Ana");
    String room = group(ana);
    List<JsonObject> sent = Future.all(IntStream.range(0, 20)
        .mapToObj(i -> http.post("/api/v1/rooms/" + room + "/messages").putHeader("Authorization", "Bearer " + ana.token())
            .sendJsonObject(new JsonObject().put("text", "m" + i).put("clientMsgId", "c-" + i)))
        .toList()).await().<HttpResponse<Buffer>>list().stream().map(HttpResponse::bodyAsJsonObject).toList();

    for (int i = 0; i < sent.size(); i++) {
      assertThat(sent.get(i).getString("clientMsgId")).isEqualTo("c-" + i);
      assertThat(sent.get(i).getString("text")).isEqualTo("m" + i);
    }
    assertThat(sent.stream().map(m -> m.getLong("seq")).sorted().toList())
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    JsonObject history = get(ana, "/rooms/" + room + "/messages?after=0&limit=200").bodyAsJsonObject();
    assertThat(seqs(history)).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
    assertThat(get(ana, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("lastSeq")).isEqualTo(20);
  }

  @Test
  @DisplayName("a batch of a new message and then a repeat of a stored one: the insert stops at the repeat, the new one is kept once and the repeat answers the first")
  void aBatchWithARepeatKeepsWhatItStored() throws Exception {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject original = post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "original").put("clientMsgId", "c-original"))
        .bodyAsJsonObject();
    Writer second = secondWriter(ana, room);
    // Appended on one context, in order: the first is written alone, the next two wait for it and make one batch,
    // whose ordered insert stores "new" and is refused at the repeat.
    Promise<List<Messages.Appended>> all = Promise.promise();
    vertx.runOnContext(now -> Future.all(List.of(second.append("ahead"), second.append("new"), second.append("original")))
        .<List<Messages.Appended>>map(CompositeFuture::list).onComplete(all));
    List<Messages.Appended> appended = all.future().await();

    assertThat(appended).extracting(Messages.Appended::isNew).containsExactly(true, true, false);
    assertThat(appended.get(2).message().getString("_id")).isEqualTo(original.getString("id"));
    assertThat(appended.stream().map(a -> a.message().getLong("seq")).toList()).containsExactly(2L, 3L, 1L);
    JsonObject history = get(ana, "/rooms/" + room + "/messages?after=0").bodyAsJsonObject();
    assertThat(seqs(history)).containsExactly(1L, 2L, 3L);
    assertThat(get(ana, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("lastSeq")).isEqualTo(3);
  }

  @Test
  @DisplayName("after a batch, ownership is asked of that batch's rooms only, not of every room the instance wrote before")
  void aBatchAsksOwnershipOfItsOwnRoomsOnly() throws Exception {
    User ana = user("Ana");
    List<String> rooms = List.of(group(ana), group(ana), group(ana));
    MongoClient direct = store();
    List<String> asked = new CopyOnWriteArrayList<>();
    Messages messages = new Messages(direct, new RecentMessages(), new Rooms(direct), fresh -> Future.succeededFuture(), room -> asked.add(room));
    JsonObject sender = new JsonObject().put("id", ana.id()).put("displayName", "Ana");
    for (String room : rooms) {
      JsonObject roomSeen = new JsonObject().put("_id", room).put("members", new JsonArray().add(ana.id()));
      Promise<Messages.Appended> one = Promise.promise();
      vertx.runOnContext(now -> messages.append(roomSeen, new Messages.Draft(sender, "hi", "c-" + room, new JsonArray(), new JsonArray(), false, null)).onComplete(one));
      one.future().await();
    }

    assertThat(asked).containsExactlyElementsOf(rooms);
  }

  @Test
  @DisplayName("an edit takes a rev above every rev taken before, even while the room's lastRev lags behind the freed ones")
  void editsNeverReuseAFreedRev() {
    User ana = user("Ana");
    String room = group(ana);
    String id = send(ana, room, "v1").getString("id");
    patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v2"));
    patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v3"));
    // Revs 1 and 2 are free now; a room whose lastRev had not caught up yet (its move comes after the write) still says 1.
    MongoClient direct = store();
    direct.updateCollection("rooms", new JsonObject().put("_id", room), new JsonObject().put("$set", new JsonObject().put("lastRev", 1L))).await();

    JsonObject edited = patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v4")).bodyAsJsonObject();

    assertThat(edited.getLong("rev")).isEqualTo(4);
    assertThat(send(ana, room, "next").getLong("rev")).isEqualTo(5);
  }

  @Test
  @DisplayName("a stale writer's new message at a rev an edit freed is refused by revsHeld (free in (room, rev)) however many edits came after, and the writer reloads and stores it above")
  void aStaleWritersSendAtAFreedRevIsRefusedAndGoesAbove() throws Exception {
    User ana = user("Ana");
    String room = group(ana);
    // A second writer of the room that knows it up to its own first message: seq 1, rev 1.
    Writer stale = secondWriter(ana, room);
    String id = appended(stale, "v1").message().getString("_id");
    // The owner edits it on, past the held revs' limit: the message takes rev 2, then 3, ..., and rev 2 is free again in
    // (room, rev); seq 2 is free too, as no message came after.
    long synced = 0;
    for (int edit = 2; edit <= Messages.HELD_KEPT + 2; edit++) {
      synced = patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v" + edit)).bodyAsJsonObject().getLong("rev");
    }

    StoreQueries queries = mongo.recordQueries();
    Messages.Appended late = appended(stale, "late");
    queries.close();

    List<StoreQueries.Query> asked = queries.on(Messages.COLLECTION);
    assertThat(asked.stream().filter(query -> query.command().equals("insert"))).as("refused at rev 2, stored above").hasSize(2);
    assertThat(asked).as("the careful way's lookup of what is stored").anyMatch(query -> query.filtersBy("room", "sender.id", "clientMsgId"));
    assertThat(late.message().getLong("seq")).isEqualTo(2);
    assertThat(late.message().getLong("rev")).as("above the rev a client synced to").isEqualTo(synced + 1);
    JsonObject changes = get(ana, "/rooms/" + room + "/changes?since=" + synced).bodyAsJsonObject();
    assertThat(changes.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("late");
  }

  @Test
  @DisplayName("a thread's root, moved by every reply, holds a few revs however many replies come, its own among them")
  void aRootHoldsAFewRevsHoweverManyReplies() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    for (int i = 0; i < 24; i++) {
      send(i % 2 == 0 ? ben : ana, room, new JsonObject().put("text", "reply " + i).put("threadRoot", root));
    }

    JsonObject stored = store().findOne(Messages.COLLECTION, new JsonObject().put("_id", root), null).await();
    assertThat(stored.getJsonObject("thread").getInteger("replies")).isEqualTo(24);
    assertThat(stored.getJsonArray(Messages.REVS_HELD)).as("one entry a reply when none goes").hasSizeLessThanOrEqualTo(Messages.HELD_KEPT + 1)
        .contains(room + "\n" + stored.getLong("rev"));
  }

  @Test
  @DisplayName("a rev freed before a later message is no longer held, and a stale writer below it is refused by that message's seq and goes above")
  void aStaleWriterBelowAReleasedRevIsRefusedBySeq() throws Exception {
    User ana = user("Ana");
    String room = group(ana);
    // A second writer of the room that knows it up to its own first message: seq 1, rev 1.
    Writer stale = secondWriter(ana, room);
    String id = appended(stale, "v1").message().getString("_id");
    // The owner edits it (rev 2, rev 1 freed), stores a new message (seq 2, rev 3), then edits it on until its held revs are
    // taken out past the limit: revs 1 and 2 lie below the new message's.
    patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v2"));
    send(ana, room, "later");
    long synced = 0;
    for (int edit = 3; edit <= Messages.HELD_KEPT + 1; edit++) {
      synced = patch(ana, "/rooms/" + room + "/messages/" + id, new JsonObject().put("text", "v" + edit)).bodyAsJsonObject().getLong("rev");
    }
    JsonArray held = store().findOne(Messages.COLLECTION, new JsonObject().put("_id", id), null).await().getJsonArray(Messages.REVS_HELD);
    assertThat(held).doesNotContain(room + "\n1", room + "\n2").contains(room + "\n" + synced);

    Messages.Appended late = appended(stale, "late");

    assertThat(late.message().getLong("seq")).isEqualTo(3);
    assertThat(late.message().getLong("rev")).as("above the rev a client synced to").isEqualTo(synced + 1);
    JsonObject changes = get(ana, "/rooms/" + room + "/changes?since=" + synced).bodyAsJsonObject();
    assertThat(changes.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("text"))).containsExactly("late");
  }

  @Test
  @DisplayName("history pages: after ascending, before newest first, the newest by default, hasMore, limit at most 200")
  void historyPages() {
    User ana = user("Ana");
    String room = group(ana);
    for (int i = 1; i <= 7; i++) {
      send(ana, room, "m" + i);
    }
    JsonObject after = get(ana, "/rooms/" + room + "/messages?after=2&limit=3").bodyAsJsonObject();
    assertThat(seqs(after)).containsExactly(3L, 4L, 5L);
    assertThat(after.getBoolean("hasMore")).isTrue();
    JsonObject before = get(ana, "/rooms/" + room + "/messages?before=4&limit=5").bodyAsJsonObject();
    assertThat(seqs(before)).containsExactly(3L, 2L, 1L);
    assertThat(before.getBoolean("hasMore")).isFalse();
    assertThat(seqs(get(ana, "/rooms/" + room + "/messages?limit=2").bodyAsJsonObject())).containsExactly(7L, 6L);
    assertError(get(ana, "/rooms/" + room + "/messages?limit=201"), 400, "invalid_request");
    assertError(get(ana, "/rooms/" + room + "/messages?after=abc"), 400, "invalid_request");
  }

  @Test
  @DisplayName("the author edits; the author or an admin deletes; both take a new rev and the message keeps its seq")
  void editAndDelete() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject bens = send(ben, room, "typo");

    assertError(patch(ana, "/rooms/" + room + "/messages/" + bens.getString("id"), new JsonObject().put("text", "x")), 403, "forbidden");
    JsonObject edited = patch(ben, "/rooms/" + room + "/messages/" + bens.getString("id"), new JsonObject().put("text", "fixed")).bodyAsJsonObject();
    assertThat(edited.getString("text")).isEqualTo("fixed");
    assertThat(edited.getLong("seq")).isEqualTo(1);
    assertThat(edited.getLong("rev")).isEqualTo(2);
    assertThat(edited.getLong("editedAt")).isPositive();

    assertThat(delete(ana, "/rooms/" + room + "/messages/" + bens.getString("id")).statusCode()).as("admin deletes").isEqualTo(204);
    JsonObject stored = get(ben, "/rooms/" + room + "/messages?after=0").bodyAsJsonObject().getJsonArray("messages").getJsonObject(0);
    assertThat(stored.getBoolean("deleted")).isTrue();
    assertThat(stored.containsKey("text")).isFalse();
    assertThat(stored.getLong("seq")).isEqualTo(1);
    assertThat(stored.getLong("rev")).isEqualTo(3);
    assertError(delete(ben, "/rooms/" + room + "/messages/" + bens.getString("id")), 404, "not_found");
  }

  @Test
  @DisplayName("sync since a rev answers every change after it, edits and deletes included, and the rev to continue from")
  void syncCatchesUpOnEveryChange() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject one = send(ana, room, "one");
    send(ana, room, "two");
    long seen = get(ana, "/rooms/" + room + "/changes?since=0").bodyAsJsonObject().getLong("rev");
    assertThat(seen).isEqualTo(2);

    patch(ana, "/rooms/" + room + "/messages/" + one.getString("id"), new JsonObject().put("text", "one!"));
    JsonObject three = send(ana, room, "three");
    delete(ana, "/rooms/" + room + "/messages/" + three.getString("id"));

    JsonObject changes = get(ana, "/rooms/" + room + "/changes?since=" + seen).bodyAsJsonObject();
    JsonArray messages = changes.getJsonArray("messages");
    assertThat(messages.stream().map(m -> ((JsonObject) m).getLong("seq"))).as("by rev: the edit, then the deleted third").containsExactly(1L, 3L);
    assertThat(messages.getJsonObject(0).getString("text")).isEqualTo("one!");
    assertThat(messages.getJsonObject(1).getBoolean("deleted")).isTrue();
    assertThat(changes.getLong("rev")).isEqualTo(5);
    assertThat(changes.getBoolean("hasMore")).isFalse();
    assertThat(get(ana, "/rooms/" + room + "/changes?since=5").bodyAsJsonObject().getJsonArray("messages")).isEmpty();
  }

  @Test
  @DisplayName("membership changes reach sends at once, though sends keep the room they read: a removed member is refused, an added one may send")
  void membershipChangesReachSendsAtOnce() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben);
    send(ben, room, "before");
    send(ana, room, "the room is read now");

    assertThat(delete(ana, "/rooms/" + room + "/members/" + ben.id()).statusCode()).isEqualTo(204);
    assertError(post(ben, "/rooms/" + room + "/messages", new JsonObject().put("text", "after").put("clientMsgId", "c-after")), 403, "not_member");
    assertThat(post(ana, "/rooms/" + room + "/members", new JsonObject().put("userId", cy.id())).statusCode()).isEqualTo(204);
    assertThat(send(cy, room, "hello").getLong("seq")).isEqualTo(3);
  }

  @Test
  @DisplayName("a non-member is 403 not_member; a missing room 404; bad text 400 invalid_request")
  void sendingErrors() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana);
    assertError(post(ben, "/rooms/" + room + "/messages", new JsonObject().put("text", "hi").put("clientMsgId", "c")), 403, "not_member");
    assertError(get(ben, "/rooms/" + room + "/messages"), 403, "not_member");
    assertError(post(ana, "/rooms/nope/messages", new JsonObject().put("text", "hi").put("clientMsgId", "c")), 404, "not_found");
    assertError(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "").put("clientMsgId", "c")), 400, "invalid_request");
    assertError(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "x".repeat(4_001)).put("clientMsgId", "c")), 400, "invalid_request");
    assertError(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "hi")), 400, "invalid_request");
    assertThat(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "\uD83D\uDE00".repeat(4_000)).put("clientMsgId", "c"))
        .statusCode()).as("4,000 code points").isEqualTo(201);
  }

  @Test
  @DisplayName("more than 20 writes a second from one user are 429 with Retry-After: at most 20 are accepted in each second")
  void writesAreRateLimited() {
    User ana = user("Ana");
    String room = group(ana);
    // The limit counts whole clock seconds: the burst can only have been counted in the seconds it lasted.
    long firstSecond = System.currentTimeMillis() / 1000;
    List<HttpResponse<Buffer>> burst = Future.all(IntStream.range(0, 60)
        .mapToObj(i -> http.post("/api/v1/rooms/" + room + "/messages").putHeader("Authorization", "Bearer " + ana.token())
            .sendJsonObject(new JsonObject().put("text", "m" + i).put("clientMsgId", "burst-" + i)))
        .toList()).await().list();
    long seconds = System.currentTimeMillis() / 1000 - firstSecond + 1;
    List<HttpResponse<Buffer>> refused = burst.stream().filter(r -> r.statusCode() == 429).toList();
    assertThat(burst.size() - refused.size()).as("accepted over %d clock seconds", seconds)
        .isLessThanOrEqualTo((int) (Limits.WRITES_PER_SECOND * seconds));
    assertThat(refused).isNotEmpty();
    assertThat(refused.get(0).getHeader("Retry-After")).isEqualTo("1");
    assertThat(refused.get(0).bodyAsJsonObject().getString("error")).isEqualTo("too_many_requests");
    long stored = get(ana, "/rooms/" + room + "/messages?after=0&limit=200").bodyAsJsonObject().getJsonArray("messages").size();
    assertThat(stored).isEqualTo(burst.size() - refused.size());
  }

  /** A second writer of a room for one user's sends, on the test's own store client: it knows the room as far as its own writes. */
  private record Writer(Messages messages, JsonObject roomSeen, JsonObject sender) {

    /** Its send of {@code text} (its clientMsgId made of it), on the caller's context. */
    Future<Messages.Appended> append(String text) {
      return messages.append(roomSeen, new Messages.Draft(sender, text, "c-" + text, new JsonArray(), new JsonArray(), false, null));
    }
  }

  private Writer secondWriter(User user, String room) {
    MongoClient direct = store();
    return new Writer(new Messages(direct, new RecentMessages(), new Rooms(direct), fresh -> Future.succeededFuture(), anyRoom -> true),
        new JsonObject().put("_id", room).put("members", new JsonArray().add(user.id())),
        new JsonObject().put("id", user.id()).put("displayName", user.name()));
  }

  /** {@code writer}'s send of {@code text} on the test's Vert.x (a writer runs on one context), once answered. */
  private Messages.Appended appended(Writer writer, String text) {
    Promise<Messages.Appended> one = Promise.promise();
    vertx.runOnContext(now -> writer.append(text).onComplete(one));
    return one.future().await();
  }

  private static List<Long> seqs(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
  }
}
