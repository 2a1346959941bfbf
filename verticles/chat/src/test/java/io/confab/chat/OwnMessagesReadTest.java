package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A member's own messages are read by them without a read marker written per send: the room records each
 * member's latest ({@link Rooms#SENT_SEQ}), and every reader of the markers takes the higher of the two.
 */
class OwnMessagesReadTest extends ChatTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("after Ana sends, her room list shows her own messages read, Ben's counts them unread, and neither shows the room's record")
  void theSendersOwnMessagesAreReadAndTheOthersCountThem() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "one");
    send(ana, room, "two");

    JsonObject anas = listed(ana, room);
    assertThat(anas.getLong("readSeq")).isEqualTo(2);
    assertThat(anas.getLong("unread")).isZero();
    JsonObject bens = listed(ben, room);
    assertThat(bens.getLong("readSeq")).isZero();
    assertThat(bens.getLong("unread")).isEqualTo(2);
    assertThat(anas.containsKey(Rooms.SENT_SEQ)).isFalse();
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().containsKey(Rooms.SENT_SEQ)).isFalse();
  }

  @Test
  @DisplayName("a member who sent after a message is among its readers; one who neither sent nor read is not")
  void aMemberWhoSentAfterAMessageHasReadIt() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    JsonObject first = send(ana, room, "one");
    send(ben, room, "two");

    assertThat(readers(ana, room, first)).isEqualTo(new JsonArray().add(new JsonObject().put("id", ben.id()).put("displayName", "Ben")));
  }

  @Test
  @DisplayName("a mention below the mentioned member's own later message is not counted, one after it is")
  void aMentionBelowTheMembersOwnMessageIsRead() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, new JsonObject().put("text", "@Ben?").put("mentions", new JsonArray().add(ben.id())));
    send(ben, room, "yes");
    assertThat(listed(ben, room).getLong("mentions")).isZero();

    send(ana, room, new JsonObject().put("text", "@Ben!").put("mentions", new JsonArray().add(ben.id())));
    assertThat(listed(ben, room).getLong("mentions")).isEqualTo(1);
  }

  @Test
  @DisplayName("chat.read up to one's own last message publishes no read event; past it, one")
  void readingUpToOnesOwnMessageMovesNothing() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "one");
    send(ben, room, "two");
    try (BridgeClient anas = connect(ana.token(), "room." + room)) {
      read(ben, room, 2);
      send(ana, room, "three");
      read(ben, room, 3);
      anas.await(frame -> "read".equals(frame.getJsonObject("body").getString("type")), WAIT);
      assertThat(anas.received().stream().filter(frame -> "read".equals(frame.getJsonObject("body").getString("type")))
          .map(frame -> frame.getJsonObject("body").getLong("seq"))).containsExactly(3L);
    }
  }

  @Test
  @DisplayName("a member who leaves a room loses its record of their latest message; the others keep theirs")
  void leavingRemovesTheMembersEntry() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "one");
    send(ben, room, "two");
    assertThat(sentSeqs(room)).isEqualTo(new JsonObject().put(ana.id(), 1L).put(ben.id(), 2L));

    assertThat(delete(ben, "/rooms/" + room + "/members/" + ben.id()).statusCode()).isEqualTo(204);
    assertThat(sentSeqs(room)).isEqualTo(new JsonObject().put(ana.id(), 1L));
  }

  @Test
  @DisplayName("a room stored by an earlier version (no sentSeq, the sender's marker moved by the send) is read by the markers as before")
  void aRoomWithoutSentSeqsIsReadByTheMarkers() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject first = send(ana, room, "one");
    send(ana, room, "two");
    read(ben, room, 1);
    MongoClient direct = store();
    direct.updateCollection(Rooms.COLLECTION, new JsonObject().put("_id", room),
        new JsonObject().put("$unset", new JsonObject().put(Rooms.SENT_SEQ, ""))).await();
    direct.updateCollectionWithOptions(Reads.COLLECTION, new JsonObject().put("_id", room + "|" + ana.id()),
        new JsonObject().put("$set", new JsonObject().put("room", room).put("user", ana.id()).put("seq", 2L)),
        new UpdateOptions().setUpsert(true)).await();

    assertThat(listed(ana, room).getLong("readSeq")).isEqualTo(2);
    assertThat(listed(ana, room).getLong("unread")).isZero();
    assertThat(listed(ben, room).getLong("readSeq")).isEqualTo(1);
    assertThat(listed(ben, room).getLong("unread")).isEqualTo(1);
    assertThat(readers(ana, room, first)).isEqualTo(new JsonArray().add(new JsonObject().put("id", ben.id()).put("displayName", "Ben")));
  }

  @Test
  @DisplayName("the repeat of a message whose writer died before moving the room moves its sender's position with the room")
  void aRepeatMovesItsSendersPosition() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    MongoClient direct = store();
    direct.insert(Messages.COLLECTION, new JsonObject().put("_id", new ObjectId().toHexString()).put("room", room).put("seq", 1L).put("rev", 1L)
        .put("sender", new JsonObject().put("id", ben.id()).put("displayName", "Ben")).put("text", "stored").put("ts", 1L)
        .put("clientMsgId", "c-died").put("attachments", new JsonArray()).put("mentions", new JsonArray())).await();

    HttpResponse<Buffer> repeated = post(ben, "/rooms/" + room + "/messages", new JsonObject().put("text", "stored").put("clientMsgId", "c-died"));
    assertThat(repeated.statusCode()).as(repeated.bodyAsString()).isEqualTo(200);
    assertThat(listed(ben, room).getLong("readSeq")).isEqualTo(1);
    assertThat(listed(ben, room).getLong("unread")).isZero();
    assertThat(listed(ana, room).getLong("unread")).isEqualTo(1);
  }

  private JsonObject listed(User user, String room) {
    return get(user, "/rooms").bodyAsJsonArray().stream().map(JsonObject.class::cast)
        .filter(listed -> room.equals(listed.getString("id"))).findFirst().orElseThrow();
  }

  private void read(User user, String room, long seq) {
    assertThat(post(user, "/rooms/" + room + "/read", new JsonObject().put("seq", seq)).statusCode()).isEqualTo(204);
  }

  private JsonArray readers(User user, String room, JsonObject message) {
    HttpResponse<Buffer> got = get(user, "/rooms/" + room + "/messages/" + message.getString("id") + "/readers");
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    return got.bodyAsJsonArray();
  }

  /** The room's record of each member's latest message, as stored. */
  private JsonObject sentSeqs(String room) {
    MongoClient direct = store();
    return direct.findOne(Rooms.COLLECTION, new JsonObject().put("_id", room), null).await().getJsonObject(Rooms.SENT_SEQ);
  }
}
