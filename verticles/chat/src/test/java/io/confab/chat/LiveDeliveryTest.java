package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LiveDeliveryTest extends ChatTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("a member's room stream delivers each message, and history already holds it when it arrives")
  void aDeliveredMessageIsAlreadyInHistory() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      for (int i = 1; i <= 10; i++) {
        send(ana, room, "m" + i);
      }
      for (long seq = 2; seq <= 10; seq++) {
        long wanted = seq;
        JsonObject event = bens.await(f -> ("room." + room).equals(f.getString("address"))
            && f.getJsonObject("body").getLong("seq", -1L) == wanted, WAIT).getJsonObject("body");
        assertThat(event.getString("type")).isEqualTo("message");
        JsonObject history = ask(bens, "chat.history", new JsonObject().put("room", room).put("after", wanted - 1).put("limit", 1))
            .getJsonObject("body");
        assertThat(history.getJsonArray("messages").getJsonObject(0).getString("id")).isEqualTo(event.getString("id"));
      }
    }
  }

  @Test
  @DisplayName("chat.send over the bridge answers the stored message; the sender is the token's user whatever the body says")
  void sendingOverTheBridge() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient anas = connect(ana.token())) {
      JsonObject reply = ask(anas, "chat.send", new JsonObject().put("room", room).put("text", "hi").put("clientMsgId", "b-1")
          .put("sender", new JsonObject().put("id", ben.id())));
      assertThat(reply.getJsonObject("body").getJsonObject("sender").getString("id")).isEqualTo(ana.id());
      assertThat(reply.getJsonObject("body").getLong("seq")).isEqualTo(1);

      JsonObject refused = ask(anas, "chat.send", new JsonObject().put("room", "nope").put("text", "hi").put("clientMsgId", "b-2"));
      assertThat(refused.getString("type")).isEqualTo("err");
      assertThat(refused.getInteger("failureCode")).isEqualTo(404);
      assertThat(refused.getString("message")).isEqualTo("not_found");
    }
  }

  @Test
  @DisplayName("a message stored by a node that died before announcing it is announced when its sender repeats the send")
  void aRepeatAnnouncesWhatADeadNodeStored() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    // What a node killed between its insert and its announcement leaves: the message, and nothing else.
    storedByAnEarlierOwner(room, ana, "m-crash", "c-crash", "stored, never told", false);
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      var repeated = post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "stored, never told").put("clientMsgId", "c-crash"));

      assertThat(repeated.statusCode()).isEqualTo(200);
      assertThat(repeated.bodyAsJsonObject().getString("id")).isEqualTo("m-crash");
      bens.await(f -> "m-crash".equals(f.getJsonObject("body").getString("id")), WAIT);
      assertThat(get(ben, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("lastSeq")).isEqualTo(1);
      assertThat(send(ana, room, "next").getLong("seq")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("a message an earlier owner stored and moved the room past, then died before announcing, is announced to every member when its sender repeats the send")
  void aRepeatAnnouncesWhatAnEarlierOwnerStoredAndMovedPast() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    User cleo = user("Cleo");
    String room = group(ana, ben, cleo);
    storedByAnEarlierOwner(room, ana, "m-moved", "c-moved", "stored, moved, never told", true);
    try (BridgeClient bens = connect(ben.token(), "room." + room); BridgeClient cleos = connect(cleo.token(), "room." + room)) {
      var repeated = post(ana, "/rooms/" + room + "/messages", new JsonObject().put("text", "stored, moved, never told").put("clientMsgId", "c-moved"));

      assertThat(repeated.statusCode()).isEqualTo(200);
      assertThat(repeated.bodyAsJsonObject().getString("id")).isEqualTo("m-moved");
      bens.await(f -> "m-moved".equals(f.getJsonObject("body").getString("id")), WAIT);
      cleos.await(f -> "m-moved".equals(f.getJsonObject("body").getString("id")), WAIT);
      assertThat(send(ana, room, "next").getLong("seq")).isEqualTo(2);
    }
  }

  @Test
  @DisplayName("four repeats at once of a message an earlier owner stored and never announced are announced once")
  void concurrentRepeatsOfAnEarlierOwnersMessageAreAnnouncedOnce() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    storedByAnEarlierOwner(room, ana, "m-race", "c-race-moved", "announced once", true);
    assertFourAtOnceAreDeliveredOnce(ana, ben, room, new JsonObject().put("text", "announced once").put("clientMsgId", "c-race-moved"));
  }

  @Test
  @DisplayName("a repeat of a message its owner already announced is not announced again")
  void aRepeatOfWhatTheOwnerAnnouncedIsNotAnnouncedAgain() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      JsonObject body = new JsonObject().put("text", "said once").put("clientMsgId", "c-once");
      assertThat(post(ana, "/rooms/" + room + "/messages", body).statusCode()).isEqualTo(201);
      awaitText(bens, "said once");

      assertThat(post(ana, "/rooms/" + room + "/messages", body).statusCode()).isEqualTo(200);

      assertDeliveredOnce(bens, ana, room, "said once");
    }
  }

  @Test
  @DisplayName("the same clientMsgId sent four times at once is stored once and delivered live once")
  void concurrentRepeatsAreDeliveredOnce() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    assertFourAtOnceAreDeliveredOnce(ana, ben, room, new JsonObject().put("text", "once only").put("clientMsgId", "c-race"));
  }

  @Test
  @DisplayName("a non-member cannot register a room's stream, and receives nothing of it")
  void aNonMemberCannotRegister() throws Exception {
    User ana = user("Ana");
    User eve = user("Eve");
    String room = group(ana);
    try (BridgeClient eves = connect(eve.token())) {
      eves.register("room." + room);
      eves.register("user." + ana.id());
      Eventually.until(() -> eves.errors().size() == 2, WAIT, "both registrations refused");
      send(ana, room, "secret");
      // The barrier: Eve's own stream, published to after the secret; its first frame must be that.
      eves.register("user." + eve.id());
      awaitStream(eves, "user." + eve.id());
      assertThat(eves.errors()).hasSize(2).allMatch(f -> "rejected".equals(f.getString("body")));
      assertThat(eves.received()).allMatch(f -> ("user." + eve.id()).equals(f.getString("address")));
    }
  }

  @Test
  @DisplayName("a removed member stops receiving the room at once, while the others go on")
  void aRemovedMemberReceivesNothingMore() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "room." + room); BridgeClient anas = connect(ana.token(), "room." + room)) {
      assertThat(delete(ana, "/rooms/" + room + "/members/" + ben.id()).statusCode()).isEqualTo(204);
      JsonObject after = send(ana, room, "after removal");

      anas.await(f -> f.getJsonObject("body").getLong("seq", -1L).equals(after.getLong("seq")), WAIT);
      // The barrier: Ben's own stream, published to after the message; by its frame the message would have come.
      bens.register("user." + ben.id());
      awaitStream(bens, "user." + ben.id());
      assertThat(bens.received()).noneMatch(f -> "after removal".equals(f.getJsonObject("body").getString("text")));
    }
  }

  @Test
  @DisplayName("the user stream carries room events and copies of the room's messages")
  void theUserStreamCarriesEverything() {
    User ana = user("Ana");
    User ben = user("Ben");
    try (BridgeClient bens = connect(ben.token())) {
      bens.register("user." + ben.id());
      String room = awaitUserStream(ana, ben, bens);
      send(ana, room, "copy");
      JsonObject copy = bens.await(f -> "copy".equals(f.getJsonObject("body").getString("text")), WAIT).getJsonObject("body");
      assertThat(copy.getString("room")).isEqualTo(room);
      assertThat(copy.getString("type")).isEqualTo("message");
    }
  }

  @Test
  @DisplayName("read events only ever move forward: a lower seq changes nothing and publishes nothing")
  void readEventsMoveForward() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    for (int i = 0; i < 3; i++) {
      send(ana, room, "m" + i);
    }
    try (BridgeClient anas = connect(ana.token(), "room." + room)) {
      post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 3));
      anas.await(f -> "read".equals(f.getJsonObject("body").getString("type")), WAIT);
      post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 1));
      // The barrier: a later event of the room, after any the lower read would have published.
      awaitText(anas, send(ana, room, "later").getString("text"));
      assertThat(anas.received().stream().filter(f -> "read".equals(f.getJsonObject("body").getString("type")))
          .map(f -> f.getJsonObject("body").getLong("seq"))).containsExactly(3L);
    }
  }

  @Test
  @DisplayName("a direct room's stream registers too (its id is longer than a user's)")
  void aDirectRoomStreamRegisters() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = post(ana, "/rooms", new JsonObject().put("kind", "direct").put("members", new io.vertx.core.json.JsonArray().add(ben.id())))
        .bodyAsJsonObject().getString("id");
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      send(ana, room, "direct");
      bens.await(f -> "direct".equals(f.getJsonObject("body").getString("text")), WAIT);
    }
  }

  @Test
  @DisplayName("typing is published at most once per user and room every two seconds")
  void typingIsThrottled() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "room." + room); BridgeClient anas = connect(ana.token())) {
      for (int i = 0; i < 5; i++) {
        assertThat(ask(anas, "chat.typing", new JsonObject().put("room", room)).getString("type")).isEqualTo("rec");
      }
      bens.await(f -> "typing".equals(f.getJsonObject("body").getString("type")), WAIT);
      // The barrier: a later event of the room, after any typing the five requests would have published.
      awaitText(bens, send(ana, room, "later").getString("text"));
      assertThat(bens.received().stream().filter(f -> "typing".equals(f.getJsonObject("body").getString("type")))).hasSize(1);
    }
  }

  /**
   * The room's first message as an earlier owner killed before publishing it leaves it, with the room
   * {@code movedPast} it (killed after its batch's last step) or not (killed right after the insert).
   */
  private void storedByAnEarlierOwner(String room, User sender, String id, String clientMsgId, String text, boolean movedPast) {
    io.vertx.ext.mongo.MongoClient direct = store();
    direct.insert("messages", new JsonObject().put("_id", id).put("room", room).put("seq", 1L).put("rev", 1L)
        .put("sender", new JsonObject().put("id", sender.id()).put("displayName", sender.name())).put("text", text)
        .put("ts", System.currentTimeMillis()).put("clientMsgId", clientMsgId).put("attachments", new io.vertx.core.json.JsonArray())).await();
    if (movedPast) {
      direct.updateCollection("rooms", new JsonObject().put("_id", room),
          new JsonObject().put("$max", new JsonObject().put("lastSeq", 1L).put("lastRev", 1L))).await();
    }
  }

  /** The same send four times at once: {@code member}'s room stream gets it once. */
  private void assertFourAtOnceAreDeliveredOnce(User sender, User member, String room, JsonObject body) {
    try (BridgeClient members = connect(member.token(), "room." + room)) {
      io.vertx.core.Future.all(java.util.stream.IntStream.range(0, 4)
          .mapToObj(i -> http.post("/api/v1/rooms/" + room + "/messages").putHeader("Authorization", "Bearer " + sender.token()).sendJsonObject(body))
          .toList()).await();
      awaitText(members, body.getString("text"));
      assertDeliveredOnce(members, sender, room, body.getString("text"));
    }
  }

  /** The barrier: a later message of the room comes after any second announcement of {@code text}. */
  private void assertDeliveredOnce(BridgeClient client, User sender, String room, String text) {
    awaitText(client, send(sender, room, "later").getString("text"));
    assertThat(client.received().stream().filter(f -> text.equals(f.getJsonObject("body").getString("text")))).hasSize(1);
  }

  private void awaitText(BridgeClient client, String text) {
    client.await(f -> text.equals(f.getJsonObject("body").getString("text")), WAIT);
  }

  /** Creates a group with Ben once his user stream is live, which its {@code created} event proves. */
  private String awaitUserStream(User ana, User ben, BridgeClient bens) {
    return Eventually.value(() -> {
      String room = group(ana, ben);
      return Eventually.holds(() -> bens.received().stream().anyMatch(f -> "created".equals(f.getJsonObject("body").getString("event"))),
          Duration.ofMillis(200)) ? room : null;
    }, WAIT, "the user stream live");
  }
}
