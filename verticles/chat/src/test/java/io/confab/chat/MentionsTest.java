package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MentionsTest extends ChatTestBase {

  @Test
  @DisplayName("mentions are stored and answered: members only (a non-member dropped), repeats folded, in the order given")
  void mentionsKeepMembersOnly() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    User stranger = user("Stranger");
    String room = group(ana, ben, cy);

    JsonObject sent = sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(cy.id()).add(stranger.id()).add(ben.id()).add(cy.id()))));

    assertThat(sent.getJsonArray("mentions")).containsExactly(cy.id(), ben.id());
    assertThat(sent.containsKey("mentionsRoom")).isFalse();
    assertThat(firstMessage(ben, room).getJsonArray("mentions")).containsExactly(cy.id(), ben.id());
  }

  @Test
  @DisplayName("a message without mentions answers mentions [], an old document without the field too")
  void noMentionsAnswersAnEmptyArray() {
    User ana = user("Ana");
    String room = group(ana);
    assertThat(send(ana, room, "plain").getJsonArray("mentions")).isEmpty();
    io.vertx.ext.mongo.MongoClient direct = store();
    direct.updateCollection("messages", new JsonObject().put("room", room), new JsonObject().put("$unset", new JsonObject().put("mentions", ""))).await();
    assertThat(firstMessage(ana, room).getJsonArray("mentions")).isEmpty();
  }

  @Test
  @DisplayName("mentionsRoom: true is stored and answered")
  void mentionsRoomIsKept() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject sent = sent(mention(ana, room, new JsonObject().put("mentionsRoom", true)));
    assertThat(sent.getBoolean("mentionsRoom")).isTrue();
    assertThat(firstMessage(ben, room).getBoolean("mentionsRoom")).isTrue();
  }

  @Test
  @DisplayName("more than 50 mentions is 400 invalid_request, nothing stored")
  void moreThanFiftyMentionsAreRefused() {
    User ana = user("Ana");
    String room = group(ana);
    JsonArray many = new JsonArray(IntStream.range(0, 51).mapToObj(i -> UUID.randomUUID().toString()).toList());
    assertRefused(mention(ana, room, new JsonObject().put("mentions", many)));
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastSeq")).isZero();
  }

  @Test
  @DisplayName("mentions not an array, not strings, or mentionsRoom not a boolean: 400 invalid_request, nothing stored")
  void badMentionsAreRefused() {
    User ana = user("Ana");
    String room = group(ana);
    for (JsonObject bad : new JsonObject[] {
        new JsonObject().put("mentions", ana.id()),
        new JsonObject().put("mentions", new JsonArray().add(7)),
        new JsonObject().put("mentions", new JsonArray().add("")),
        new JsonObject().put("mentionsRoom", "yes")}) {
      assertRefused(mention(ana, room, bad));
    }
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastSeq")).isZero();
  }

  @Test
  @DisplayName("a room's mentions count: unread messages mentioning the caller or the room, not the caller's own")
  void theRoomCountsUnreadMentions() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    sent(mention(ben, room, new JsonObject().put("mentions", new JsonArray().add(ben.id())).put("mentionsRoom", true)));
    sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id()))));
    sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id())).put("mentionsRoom", true)));
    sent(mention(ana, room, new JsonObject().put("mentionsRoom", true)));
    sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(cy.id()))));

    assertThat(listed(ben, room).getLong("mentions")).as("his own mention of himself and the room not counted, one counted once").isEqualTo(3);
    assertThat(listed(cy, room).getLong("mentions")).isEqualTo(4);
    assertThat(listed(ana, room).getLong("mentions")).as("nothing unread").isZero();
  }

  @Test
  @DisplayName("a member who never reads keeps the newest 1,000 mentions of a room on their marker, and is told 1,000")
  void unreadMentionsPastTheBoundKeepTheNewest() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    MongoClient direct = store();
    JsonObject marker = new JsonObject().put("_id", room + "|" + ben.id());
    JsonArray older = new JsonArray(LongStream.rangeClosed(1, Limits.UNREAD_COUNTED_MAX).map(seq -> 1_000 + seq).boxed().toList());
    direct.save(Reads.COLLECTION, marker.copy().put("room", room).put("user", ben.id()).put("seq", 0L).put("mentionSeqs", older)).await();

    long seq = sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id())))).getLong("seq");

    List<Long> kept = direct.findOne(Reads.COLLECTION, marker, null).await().getJsonArray("mentionSeqs").stream()
        .map(entry -> ((Number) entry).longValue()).toList();
    assertThat(kept).hasSize(Limits.UNREAD_COUNTED_MAX).contains(seq).doesNotContain(1_001L);
    assertThat(listed(ben, room).getLong("mentions")).isEqualTo(Limits.UNREAD_COUNTED_MAX);
  }

  @Test
  @DisplayName("only mentions after the read marker count; moving it past them clears the count")
  void theReadMarkerClearsMentions() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id()))));
    send(ana, room, "no mention");
    sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id()))));
    assertThat(listed(ben, room).getLong("mentions")).isEqualTo(2);

    assertThat(post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 2)).statusCode()).isEqualTo(204);
    assertThat(listed(ben, room).getLong("mentions")).isEqualTo(1);

    assertThat(post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 3)).statusCode()).isEqualTo(204);
    assertThat(listed(ben, room).getLong("mentions")).isZero();
    assertThat(listed(ben, room).getLong("unread")).isZero();
  }

  @Test
  @DisplayName("a deleted message loses its mentions and leaves the count")
  void deleteClearsMentions() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject sent = sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id())).put("mentionsRoom", true)));
    assertThat(delete(ana, "/rooms/" + room + "/messages/" + sent.getString("id")).statusCode()).isBetween(200, 204);

    JsonObject now = firstMessage(ben, room);
    assertThat(now.getJsonArray("mentions")).isEmpty();
    assertThat(now.containsKey("mentionsRoom")).isFalse();
    assertThat(listed(ben, room).getLong("mentions")).isZero();
  }

  @Test
  @DisplayName("an edit (which takes no mentions) keeps the message's mentions")
  void anEditKeepsMentions() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject sent = sent(mention(ana, room, new JsonObject().put("mentions", new JsonArray().add(ben.id())).put("mentionsRoom", true)));
    HttpResponse<Buffer> edited = patch(ana, "/rooms/" + room + "/messages/" + sent.getString("id"), new JsonObject().put("text", "@Ben again"));
    assertThat(edited.statusCode()).as(edited.bodyAsString()).isEqualTo(200);
    assertThat(edited.bodyAsJsonObject().getJsonArray("mentions")).containsExactly(ben.id());
    assertThat(firstMessage(ben, room).getBoolean("mentionsRoom")).isTrue();
  }

  @Test
  @DisplayName("chat.send over the bridge takes mentions and mentionsRoom, and refuses bad ones with 400")
  void chatSendOverTheBridgeTakesMentions() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient anas = connect(ana.token())) {
      JsonObject sent = ask(anas, "chat.send", new JsonObject().put("room", room).put("text", "@Ben @room").put("clientMsgId", "c-1")
          .put("mentions", new JsonArray().add(ben.id()).add("someone-else")).put("mentionsRoom", true)).getJsonObject("body");
      assertThat(sent.getJsonArray("mentions")).containsExactly(ben.id());
      assertThat(sent.getBoolean("mentionsRoom")).isTrue();

      JsonObject refused = ask(anas, "chat.send", new JsonObject().put("room", room).put("text", "x").put("clientMsgId", "c-2")
          .put("mentions", "everyone"));
      assertThat(refused.getInteger("failureCode")).isEqualTo(400);
      assertThat(refused.getString("message")).isEqualTo("invalid_request");
    }
    assertThat(listed(ben, room).getLong("mentions")).isEqualTo(1);
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastSeq")).isEqualTo(1);
  }

  private HttpResponse<Buffer> mention(User sender, String room, JsonObject fields) {
    return post(sender, "/rooms/" + room + "/messages",
        fields.put("text", "hey").put("clientMsgId", UUID.randomUUID().toString()));
  }

  private static JsonObject sent(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static void assertRefused(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("invalid_request");
  }

  private JsonObject listed(User user, String room) {
    return get(user, "/rooms").bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(listed -> room.equals(listed.getString("id"))).findFirst().orElseThrow();
  }
}
