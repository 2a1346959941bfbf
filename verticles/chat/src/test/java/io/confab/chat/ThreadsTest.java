package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ThreadsTest extends ChatTestBase {

  @Test
  @DisplayName("a reply takes the room's next seq and rev; its root then takes the next rev with the thread's summary")
  void aReplyTakesTheNextSeqAndRevAndMovesItsRoot() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject root = send(ana, room, "root");

    JsonObject reply = reply(ben, room, root.getString("id"), "first reply");

    assertThat(reply.getLong("seq")).isEqualTo(2);
    assertThat(reply.getLong("rev")).isEqualTo(2);
    assertThat(reply.getString("threadRoot")).isEqualTo(root.getString("id"));
    JsonObject moved = firstMessage(ana, room);
    assertThat(moved.getLong("rev")).isEqualTo(3);
    assertThat(moved.getJsonObject("thread")).isEqualTo(new JsonObject().put("replies", 1).put("lastReplyAt", reply.getLong("ts"))
        .put("participants", new JsonArray().add(ben.id())));
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastRev")).isEqualTo(3);
    assertThat(send(ana, room, "after").getLong("rev")).isEqualTo(4);
  }

  @Test
  @DisplayName("a client syncing by rev gets the reply and the root's change once each, in rev order")
  void syncByRevReplaysTheReplyAndTheRootOnce() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject root = send(ana, room, "root");
    JsonObject reply = reply(ana, room, root.getString("id"), "reply");

    JsonObject changes = get(ana, "/rooms/" + room + "/changes?since=1").bodyAsJsonObject();

    assertThat(changes.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getString("id")))
        .containsExactly(reply.getString("id"), root.getString("id"));
    assertThat(changes.getLong("rev")).isEqualTo(3);
    assertThat(get(ana, "/rooms/" + room + "/changes?since=3").bodyAsJsonObject().getJsonArray("messages")).isEmpty();
    assertThat(get(ana, "/rooms/" + room + "/messages?after=0").bodyAsJsonObject().getJsonArray("messages")).hasSize(2);
  }

  @Test
  @DisplayName("a reply naming a reply lands in that reply's root's thread")
  void aReplyToAReplyLandsInTheRootsThread() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject root = send(ana, room, "root");
    JsonObject first = reply(ben, room, root.getString("id"), "first");

    JsonObject second = reply(ana, room, first.getString("id"), "second");

    assertThat(second.getString("threadRoot")).isEqualTo(root.getString("id"));
    JsonObject thread = threadOf(ana, room);
    assertThat(thread.getLong("replies")).isEqualTo(2);
    assertThat(thread.getJsonArray("participants")).containsExactly(ben.id(), ana.id());
  }

  @Test
  @DisplayName("threadRoot naming another room's message, an unknown id or not a string is 400 invalid_request, nothing stored")
  void aForeignOrUnknownRootIsRefused() {
    User ana = user("Ana");
    String room = group(ana);
    String other = group(ana);
    JsonObject elsewhere = send(ana, other, "elsewhere");

    assertError(replying(ana, room, elsewhere.getString("id")), 400, "invalid_request");
    assertError(replying(ana, room, "no-such-message"), 400, "invalid_request");
    assertError(post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "x").put("clientMsgId", "c")
        .put("threadRoot", new JsonObject().put("$gt", ""))), 400, "invalid_request");

    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastSeq")).isZero();
    assertThat(firstMessage(ana, other).getLong("rev")).isEqualTo(1);
  }

  @Test
  @DisplayName("a deleted root takes no reply (404 not_found); a deleted reply stays in the thread and its count")
  void deletedRootsAndReplies() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject root = send(ana, room, "root");
    JsonObject reply = reply(ana, room, root.getString("id"), "soon gone");

    assertThat(delete(ana, "/rooms/" + room + "/messages/" + reply.getString("id")).statusCode()).isEqualTo(204);
    JsonObject thread = get(ana, "/rooms/" + room + "/threads/" + root.getString("id")).bodyAsJsonObject();
    assertThat(thread.getJsonObject("root").getJsonObject("thread").getLong("replies")).isEqualTo(1);
    JsonObject deleted = thread.getJsonArray("messages").getJsonObject(0);
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.getString("threadRoot")).isEqualTo(root.getString("id"));

    assertThat(delete(ana, "/rooms/" + room + "/messages/" + root.getString("id")).statusCode()).isEqualTo(204);
    assertError(replying(ana, room, root.getString("id")), 404, "not_found");
    assertError(replying(ana, room, reply.getString("id")), 404, "not_found");
    assertThat(threadOf(ana, room).getLong("replies")).isEqualTo(1);
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastSeq")).isEqualTo(2);
  }

  @Test
  @DisplayName("GET .../threads/{rootId} answers the root and its replies ascending by seq, limit with hasMore, after= the next page")
  void theThreadPage() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject root = send(ana, room, "root");
    send(ana, room, "not in the thread");
    List<Long> seqs = IntStream.range(0, 3).mapToObj(i -> reply(ana, room, root.getString("id"), "r" + i).getLong("seq")).toList();
    String path = "/rooms/" + room + "/threads/" + root.getString("id");

    JsonObject first = get(ana, path + "?limit=2").bodyAsJsonObject();
    JsonObject rest = get(ana, path + "?limit=2&after=" + seqs.get(1)).bodyAsJsonObject();

    assertThat(first.getJsonObject("root").getString("id")).isEqualTo(root.getString("id"));
    assertThat(first.getJsonObject("root").getJsonObject("thread").getLong("replies")).isEqualTo(3);
    assertThat(seqsOf(first)).containsExactly(seqs.get(0), seqs.get(1));
    assertThat(first.getBoolean("hasMore")).isTrue();
    assertThat(seqsOf(rest)).containsExactly(seqs.get(2));
    assertThat(rest.getBoolean("hasMore")).isFalse();
  }

  @Test
  @DisplayName("the thread of a reply's id, of an unknown id, or asked by a non-member is refused")
  void theThreadPageOfWhatIsNoRoot() {
    User ana = user("Ana");
    User eve = user("Eve");
    String room = group(ana);
    JsonObject root = send(ana, room, "root");
    JsonObject reply = reply(ana, room, root.getString("id"), "reply");

    assertError(get(ana, "/rooms/" + room + "/threads/" + reply.getString("id")), 404, "not_found");
    assertError(get(ana, "/rooms/" + room + "/threads/unknown"), 404, "not_found");
    assertError(get(eve, "/rooms/" + room + "/threads/" + root.getString("id")), 403, "not_member");
  }

  @Test
  @DisplayName("participants are the last 10 distinct repliers, the most recent last")
  void participantsAreCappedAtTen() {
    User ana = user("Ana");
    List<User> others = IntStream.range(0, 11).mapToObj(i -> user("U" + i)).toList();
    String room = group(ana, others.toArray(User[]::new));
    JsonObject root = send(ana, room, "root");
    others.forEach(user -> reply(user, room, root.getString("id"), "from " + user.name()));
    reply(others.get(3), room, root.getString("id"), "again");

    JsonObject thread = threadOf(ana, room);

    assertThat(thread.getLong("replies")).isEqualTo(12);
    List<String> expected = new java.util.ArrayList<>(others.subList(1, 11).stream().map(User::id).toList());
    expected.remove(others.get(3).id());
    expected.add(others.get(3).id());
    assertThat(thread.getJsonArray("participants")).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("chat.send with threadRoot over the bridge: the reply's message event, then the root's update with its summary")
  void aReplyOverTheBridgeSendsTheMessageThenTheRootsUpdate() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject root = send(ana, room, "root");
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      JsonObject reply = ask(bens, "chat.send", new JsonObject().put("room", room).put("text", "over the bridge")
          .put("clientMsgId", UUID.randomUUID().toString()).put("threadRoot", root.getString("id"))).getJsonObject("body");
      assertThat(reply.getString("threadRoot")).isEqualTo(root.getString("id"));

      JsonObject update = bens.await(f -> "update".equals(f.getJsonObject("body").getString("type")), Duration.ofSeconds(5)).getJsonObject("body");
      assertThat(update.getString("id")).isEqualTo(root.getString("id"));
      assertThat(update.getString("text")).isEqualTo("root");
      assertThat(update.getLong("rev")).isEqualTo(3);
      assertThat(update.getJsonObject("thread").getJsonArray("participants")).containsExactly(ben.id());
      List<String> types = bens.received().stream().map(f -> f.getJsonObject("body").getString("type"))
          .filter(type -> List.of("message", "update").contains(type)).toList();
      assertThat(types).containsExactly("message", "update");
    }
  }

  @Test
  @DisplayName("chat.thread over the bridge answers {root, messages, hasMore}")
  void chatThreadOverTheBridge() throws Exception {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject root = send(ana, room, "root");
    JsonObject reply = reply(ana, room, root.getString("id"), "reply");
    try (BridgeClient anas = connect(ana.token())) {
      JsonObject answer = ask(anas, "chat.thread", new JsonObject().put("room", room).put("root", root.getString("id"))).getJsonObject("body");

      assertThat(answer.getJsonObject("root").getString("id")).isEqualTo(root.getString("id"));
      assertThat(answer.getJsonArray("messages").getJsonObject(0).getString("id")).isEqualTo(reply.getString("id"));
      assertThat(answer.getBoolean("hasMore")).isFalse();
    }
  }

  @Test
  @DisplayName("the root's author and each replier follow a thread; DELETE .../follow stops it, PUT follows again, also one who never took part")
  void followAndUnfollow() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    JsonObject root = send(ana, room, "root");
    reply(ben, room, root.getString("id"), "reply");
    String follow = "/rooms/" + room + "/threads/" + root.getString("id") + "/follow";

    assertThat(roots(ana)).containsExactly(root.getString("id"));
    assertThat(roots(ben)).containsExactly(root.getString("id"));
    assertThat(roots(cy)).isEmpty();

    assertThat(delete(ben, follow).statusCode()).isEqualTo(204);
    assertThat(roots(ben)).isEmpty();
    reply(ana, room, root.getString("id"), "ana again");
    assertThat(roots(ben)).isEmpty();
    assertThat(http.put("/api/v1" + follow).putHeader("Authorization", "Bearer " + cy.token()).send().await().statusCode()).isEqualTo(204);
    assertThat(roots(cy)).containsExactly(root.getString("id"));
    assertThat(roots(ana)).containsExactly(root.getString("id"));
  }

  @Test
  @DisplayName("the thread page says whether the caller follows: a replier does, one who stopped or never took part does not")
  void theThreadPageSaysWhetherTheCallerFollows() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    String root = send(ana, room, "root").getString("id");
    reply(ben, room, root, "reply");
    String path = "/rooms/" + room + "/threads/" + root;
    delete(ana, path + "/follow");

    assertThat(get(ben, path).bodyAsJsonObject().getBoolean("following")).isTrue();
    assertThat(get(ana, path).bodyAsJsonObject().getBoolean("following")).isFalse();
    assertThat(get(cy, path).bodyAsJsonObject().getBoolean("following")).isFalse();
  }

  @Test
  @DisplayName("replying again after unfollowing follows again, and so does being named in a reply")
  void replyingOrBeingMentionedFollowsAgain() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    reply(ben, room, root, "reply");
    delete(ben, "/rooms/" + room + "/threads/" + root + "/follow");
    delete(ana, "/rooms/" + room + "/threads/" + root + "/follow");

    reply(ben, room, root, "again");
    replyMentioning(ben, room, root, "@Ana", ana);

    assertThat(roots(ben)).containsExactly(root);
    assertThat(roots(ana)).containsExactly(root);
  }

  @Test
  @DisplayName("GET /threads: unread replies are others' after the caller's thread read marker, unread mentions those that name the caller or the room")
  void unreadRepliesAndMentions() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    reply(ben, room, root, "one");
    replyMentioning(ben, room, root, "@Ana two", ana);

    JsonObject anas = threads(ana).getJsonObject(0);
    assertThat(anas.getString("room")).isEqualTo(room);
    assertThat(anas.getJsonObject("root").getString("id")).isEqualTo(root);
    assertThat(anas.getLong("replies")).isEqualTo(2);
    assertThat(anas.getLong("unreadReplies")).isEqualTo(2);
    assertThat(anas.getLong("unreadMentions")).isEqualTo(1);
    assertThat(threads(ben).getJsonObject(0).getLong("unreadReplies")).isZero();

    reply(ana, room, root, "ana's own");
    assertThat(threads(ana).getJsonObject(0).getLong("unreadReplies")).isZero();
    assertThat(threads(ben).getJsonObject(0).getLong("unreadReplies")).isEqualTo(1);

    JsonObject toAll = send(ben, room, new JsonObject().put("text", "@room").put("threadRoot", root).put("mentionsRoom", true));
    JsonObject after = threads(ana).getJsonObject(0);
    assertThat(after.getLong("unreadReplies")).isEqualTo(1);
    assertThat(after.getLong("unreadMentions")).isEqualTo(1);
    assertThat(after.getLong("lastReplyAt")).isEqualTo(toAll.getLong("ts"));
  }

  @Test
  @DisplayName("GET /threads lists the most recent reply first, at most limit (1 to 50, default 20)")
  void threadsInOrderOfTheirLastReply() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String first = send(ana, room, "first").getString("id");
    String second = send(ana, room, "second").getString("id");
    reply(ben, room, first, "to first");
    reply(ben, room, second, "to second");
    assertThat(roots(ana)).containsExactly(second, first);

    reply(ben, room, first, "to first again");

    assertThat(roots(ana)).containsExactly(first, second);
    assertThat(get(ana, "/threads?limit=1").bodyAsJsonArray()).hasSize(1);
    assertError(get(ana, "/threads?limit=51"), 400, "invalid_request");
    assertError(get(ana, "/threads?limit=0"), 400, "invalid_request");
  }

  @Test
  @DisplayName("POST .../threads/{rootId}/read moves the caller's thread marker forward only; 404 for what is no root, 403 for a non-member")
  void readingAThread() {
    User ana = user("Ana");
    User ben = user("Ben");
    User eve = user("Eve");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    JsonObject one = reply(ben, room, root, "one");
    reply(ben, room, root, "two");
    String read = "/rooms/" + room + "/threads/" + root + "/read";

    assertThat(post(ana, read, new JsonObject().put("seq", one.getLong("seq"))).statusCode()).isEqualTo(204);
    assertThat(threads(ana).getJsonObject(0).getLong("unreadReplies")).isEqualTo(1);
    assertThat(post(ana, read, new JsonObject().put("seq", 0)).statusCode()).isEqualTo(204);
    assertThat(threads(ana).getJsonObject(0).getLong("unreadReplies")).isEqualTo(1);
    assertThat(post(ana, read, new JsonObject().put("seq", 99)).statusCode()).isEqualTo(204);
    assertThat(threads(ana).getJsonObject(0).getLong("unreadReplies")).isZero();

    assertError(post(ana, "/rooms/" + room + "/threads/unknown/read", new JsonObject().put("seq", 1)), 404, "not_found");
    assertError(post(ana, "/rooms/" + room + "/threads/" + one.getString("id") + "/read", new JsonObject().put("seq", 1)), 404, "not_found");
    assertError(post(eve, read, new JsonObject().put("seq", 1)), 403, "not_member");
    assertError(post(ana, read, new JsonObject()), 400, "invalid_request");
  }

  @Test
  @DisplayName("a reply moves its sender's thread marker, never the room's read marker")
  void aReplyDoesNotMoveTheRoomsReadMarker() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");

    reply(ben, room, root, "reply");

    assertThat(get(ben, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("readSeq")).isZero();
    assertThat(threads(ben).getJsonObject(0).getLong("unreadReplies")).isZero();
    send(ben, room, "in the room");
    assertThat(get(ben, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("readSeq")).isEqualTo(3);
  }

  @Test
  @DisplayName("a member removed from the room no longer lists its threads")
  void aRemovedMemberNoLongerListsTheThread() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    reply(ben, room, root, "reply");
    assertThat(roots(ben)).containsExactly(root);

    assertThat(delete(ana, "/rooms/" + room + "/members/" + ben.id()).statusCode()).isEqualTo(204);

    assertThat(roots(ben)).isEmpty();
    assertThat(roots(ana)).containsExactly(root);
  }

  /** A reply as sent, for the refusals. */
  private HttpResponse<Buffer> replying(User sender, String room, String threadRoot) {
    return post(sender, "/rooms/" + room + "/messages", new JsonObject().put("text", "a reply")
        .put("clientMsgId", UUID.randomUUID().toString()).put("threadRoot", threadRoot));
  }

  @Test
  @DisplayName("a follower who never reads keeps the newest 1,000 unread replies of a thread, and is told 1,000")
  void unreadRepliesPastTheBoundKeepTheNewest() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String root = send(ana, room, "root").getString("id");
    reply(ben, room, root, "first");
    MongoClient direct = store();
    JsonObject membership = new JsonObject().put("_id", room + "|" + root + "|" + ana.id());
    JsonArray older = new JsonArray(LongStream.rangeClosed(1, Limits.UNREAD_COUNTED_MAX).map(seq -> 1_000 + seq).boxed().toList());
    direct.updateCollection(ThreadMembers.COLLECTION, membership, new JsonObject().put("$set", new JsonObject().put("replySeqs", older))).await();

    long seq = reply(ben, room, root, "second").getLong("seq");

    List<Long> kept = direct.findOne(ThreadMembers.COLLECTION, membership, null).await().getJsonArray("replySeqs").stream()
        .map(entry -> ((Number) entry).longValue()).toList();
    assertThat(kept).hasSize(Limits.UNREAD_COUNTED_MAX).contains(seq).doesNotContain(1_001L);
    assertThat(get(ana, "/threads").bodyAsJsonArray().getJsonObject(0).getLong("unreadReplies")).isEqualTo(Limits.UNREAD_COUNTED_MAX);
  }

  private JsonObject reply(User sender, String room, String threadRoot, String text) {
    return send(sender, room, new JsonObject().put("text", text).put("threadRoot", threadRoot));
  }

  private JsonObject replyMentioning(User sender, String room, String threadRoot, String text, User named) {
    return send(sender, room, new JsonObject().put("text", text).put("threadRoot", threadRoot).put("mentions", new JsonArray().add(named.id())));
  }

  /** The thread summary of the room's first message (the root, in these tests) as {@code reader} reads it now. */
  private JsonObject threadOf(User reader, String room) {
    return firstMessage(reader, room).getJsonObject("thread");
  }

  private JsonArray threads(User user) {
    HttpResponse<Buffer> listed = get(user, "/threads");
    assertThat(listed.statusCode()).as(listed.bodyAsString()).isEqualTo(200);
    return listed.bodyAsJsonArray();
  }

  /** The roots of the threads {@code user} follows, as GET /threads lists them. */
  private List<String> roots(User user) {
    return threads(user).stream().map(thread -> ((JsonObject) thread).getJsonObject("root").getString("id")).toList();
  }

  private static List<Long> seqsOf(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
  }
}
