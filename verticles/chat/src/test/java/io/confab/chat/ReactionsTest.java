package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReactionsTest extends ChatTestBase {

  private static final String THUMBS = "\uD83D\uDC4D";

  /** Room for the twenty reactions of the limit test, which the default 20 writes a second would refuse. */
  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.WRITES_PER_SECOND, 1_000);
  }

  @Test
  @DisplayName("a reaction takes the room's next rev and shows on the message, in order of first use")
  void aReactionShowsOnTheMessageWithANewRev() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "hello");
    assertThat(message.getJsonArray("reactions")).isEmpty();

    assertThat(react(ben, room, message, THUMBS).statusCode()).isEqualTo(204);
    assertThat(react(ana, room, message, ":tada:").statusCode()).isEqualTo(204);
    assertThat(react(ana, room, message, THUMBS).statusCode()).isEqualTo(204);

    JsonObject now = firstMessage(ana, room);
    assertThat(now.getLong("rev")).isEqualTo(4);
    assertThat(now.getJsonArray("reactions")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("emoji", THUMBS).put("users", new JsonArray().add(ben.id()).add(ana.id())))
        .add(new JsonObject().put("emoji", ":tada:").put("users", new JsonArray().add(ana.id()))));
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastRev")).isEqualTo(4);
  }

  @Test
  @DisplayName("a message stored before reactions existed answers reactions [] and takes one like any other")
  void anOldMessageAnswersNoReactions() {
    User ana = user("Ana");
    String room = group(ana);
    io.vertx.ext.mongo.MongoClient direct = store();
    direct.insert("messages", new JsonObject().put("_id", "m-old").put("room", room).put("seq", 1L).put("rev", 1L)
        .put("sender", new JsonObject().put("id", ana.id()).put("displayName", "Ana")).put("text", "from v1.0")
        .put("ts", System.currentTimeMillis()).put("clientMsgId", "c-old").put("attachments", new JsonArray())).await();
    direct.updateCollection("rooms", new JsonObject().put("_id", room),
        new JsonObject().put("$set", new JsonObject().put("lastSeq", 1L).put("lastRev", 1L))).await();
    assertThat(firstMessage(ana, room).getJsonArray("reactions")).isEmpty();

    assertThat(react(ana, room, new JsonObject().put("id", "m-old"), THUMBS).statusCode()).isEqualTo(204);

    assertThat(firstMessage(ana, room).getJsonArray("reactions").getJsonObject(0).getJsonArray("users")).containsExactly(ana.id());
  }

  @Test
  @DisplayName("eight members reacting to one message at once are all kept, each change with its own rev")
  void concurrentReactionsAreAllKept() {
    User ana = user("Ana");
    java.util.List<User> others = java.util.stream.IntStream.range(0, 8).mapToObj(i -> user("U" + i)).toList();
    String room = group(ana, others.toArray(User[]::new));
    JsonObject message = send(ana, room, "react to me");

    io.vertx.core.Future.all(others.stream().map(user -> http.post("/api/v1/rooms/" + room + "/messages/" + message.getString("id") + "/reactions")
        .putHeader("Authorization", "Bearer " + user.token()).sendJsonObject(new JsonObject().put("emoji", THUMBS))).toList()).await();

    JsonObject now = firstMessage(ana, room);
    assertThat(now.getJsonArray("reactions").getJsonObject(0).getJsonArray("users"))
        .containsExactlyInAnyOrderElementsOf(others.stream().map(User::id).toList());
    assertThat(now.getLong("rev")).isEqualTo(1 + others.size());
  }

  @Test
  @DisplayName("adding a reaction one has, or removing one one has not, is 204 and takes no rev")
  void repeatingAReactionChangesNothing() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject message = send(ana, room, "hello");
    react(ana, room, message, THUMBS);

    assertThat(react(ana, room, message, THUMBS).statusCode()).isEqualTo(204);
    assertThat(unreact(ana, room, message, ":tada:").statusCode()).isEqualTo(204);

    assertThat(firstMessage(ana, room).getLong("rev")).isEqualTo(2);
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastRev")).isEqualTo(2);
  }

  @Test
  @DisplayName("DELETE .../reactions/{emoji}, the emoji percent-encoded, removes the caller's reaction and the emptied entry")
  void removingAReaction() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject message = send(ana, room, "hello");
    react(ana, room, message, THUMBS);

    assertThat(unreact(ana, room, message, THUMBS).statusCode()).isEqualTo(204);

    JsonObject now = firstMessage(ana, room);
    assertThat(now.getJsonArray("reactions")).isEmpty();
    assertThat(now.getLong("rev")).isEqualTo(3);
  }

  @Test
  @DisplayName("a 21st distinct emoji on a message is 409 reaction_limit; another user's reaction with one of the 20 is not")
  void twentyDistinctEmojiAtMost() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "popular");
    for (int i = 1; i <= 20; i++) {
      assertThat(react(ana, room, message, ":e" + i + ":").statusCode()).isEqualTo(204);
    }

    assertError(react(ben, room, message, ":e21:"), 409, "reaction_limit");
    assertThat(react(ben, room, message, ":e7:").statusCode()).isEqualTo(204);
    assertThat(firstMessage(ana, room).getJsonArray("reactions")).hasSize(20);
  }

  @Test
  @DisplayName("an emoji is one emoji grapheme (flags, keycaps, ZWJ sequences, skin tones) or :name:")
  void emojiThatAreAccepted() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject message = send(ana, room, "hello");
    for (String emoji : new String[] {"\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uD83C\uDDEB\uD83C\uDDF7", "1\uFE0F\u20E3",
        "\uD83D\uDC4D\uD83C\uDFFD", "\u2764\uFE0F", ":party_parrot-2:"}) {
      assertThat(react(ana, room, message, emoji).statusCode()).as(emoji).isEqualTo(204);
    }
    assertThat(firstMessage(ana, room).getJsonArray("reactions")).hasSize(6);
  }

  @Test
  @DisplayName("text, two emoji, an emoji past 64 bytes, a bad :name:, a missing or non-string emoji: 400, nothing stored")
  void badEmojiAreInvalidRequests() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject message = send(ana, room, "hello");
    for (String emoji : new String[] {"a", "ok", THUMBS + THUMBS, THUMBS.repeat(17), ":" + "n".repeat(33) + ":", "::", ":a b:", ":tada"}) {
      assertError(react(ana, room, message, emoji), 400, "invalid_request");
    }
    assertError(post(ana, "/rooms/" + room + "/messages/" + message.getString("id") + "/reactions", new JsonObject()), 400, "invalid_request");
    assertError(post(ana, "/rooms/" + room + "/messages/" + message.getString("id") + "/reactions",
        new JsonObject().put("emoji", new JsonObject().put("$gt", ""))), 400, "invalid_request");

    assertThat(firstMessage(ana, room).getLong("rev")).isEqualTo(1);
  }

  @Test
  @DisplayName("reacting to a deleted, unknown or another room's message is 404; a deleted message loses its reactions")
  void deletedUnknownAndForeignMessagesAreNotFound() {
    User ana = user("Ana");
    String room = group(ana);
    String other = group(ana);
    JsonObject message = send(ana, room, "soon gone");
    JsonObject elsewhere = send(ana, other, "elsewhere");
    react(ana, room, message, THUMBS);
    assertThat(delete(ana, "/rooms/" + room + "/messages/" + message.getString("id")).statusCode()).isEqualTo(204);

    assertError(react(ana, room, message, ":tada:"), 404, "not_found");
    assertError(react(ana, room, new JsonObject().put("id", "no-such-message"), ":tada:"), 404, "not_found");
    assertError(react(ana, room, elsewhere, ":tada:"), 404, "not_found");

    JsonObject deleted = firstMessage(ana, room);
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.getJsonArray("reactions")).isEmpty();
    assertThat(firstMessage(ana, other).getJsonArray("reactions")).isEmpty();
  }

  @Test
  @DisplayName("a non-member reacting is 403 not_member")
  void aNonMemberCannotReact() {
    User ana = user("Ana");
    User eve = user("Eve");
    String room = group(ana);
    JsonObject message = send(ana, room, "hello");

    assertError(react(eve, room, message, THUMBS), 403, "not_member");
    assertThat(firstMessage(ana, room).getJsonArray("reactions")).isEmpty();
  }

  @Test
  @DisplayName("a client syncing by rev sees a reaction change exactly once, as the message's current state")
  void syncByRevReplaysAReactionOnce() {
    User ana = user("Ana");
    String room = group(ana);
    JsonObject first = send(ana, room, "one");
    send(ana, room, "two");
    react(ana, room, first, THUMBS);

    JsonArray changes = get(ana, "/rooms/" + room + "/changes?since=2").bodyAsJsonObject().getJsonArray("messages");
    assertThat(changes).hasSize(1);
    assertThat(changes.getJsonObject(0).getString("id")).isEqualTo(first.getString("id"));
    assertThat(changes.getJsonObject(0).getLong("rev")).isEqualTo(3);
    assertThat(changes.getJsonObject(0).getJsonArray("reactions")).hasSize(1);
    JsonObject all = get(ana, "/rooms/" + room + "/changes?since=0").bodyAsJsonObject();
    assertThat(all.getJsonArray("messages")).hasSize(2);
    assertThat(all.getLong("rev")).isEqualTo(3);
    assertThat(get(ana, "/rooms/" + room + "/changes?since=3").bodyAsJsonObject().getJsonArray("messages")).isEmpty();
  }

  @Test
  @DisplayName("chat.react over the bridge sends an update with the whole message on the room's and the members' user streams")
  void anUpdateReachesRoomAndUserStreams() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "hello");
    try (BridgeClient bens = connect(ben.token(), "room." + room, "user." + ben.id()); BridgeClient anas = connect(ana.token())) {
      JsonObject reply = ask(anas, "chat.react", new JsonObject().put("room", room).put("id", message.getString("id"))
          .put("emoji", THUMBS).put("on", true));
      assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject());

      for (String stream : new String[] {"room." + room, "user." + ben.id()}) {
        JsonObject update = bens.await(f -> stream.equals(f.getString("address"))
            && "update".equals(f.getJsonObject("body").getString("type")), Duration.ofSeconds(5)).getJsonObject("body");
        assertThat(update.getString("id")).isEqualTo(message.getString("id"));
        assertThat(update.getString("text")).isEqualTo("hello");
        assertThat(update.getLong("rev")).isEqualTo(2);
        assertThat(update.getJsonArray("reactions").getJsonObject(0).getJsonArray("users")).containsExactly(ana.id());
      }
    }
  }

  private HttpResponse<Buffer> react(User user, String room, JsonObject message, String emoji) {
    return post(user, "/rooms/" + room + "/messages/" + message.getString("id") + "/reactions", new JsonObject().put("emoji", emoji));
  }

  private HttpResponse<Buffer> unreact(User user, String room, JsonObject message, String emoji) {
    return delete(user, "/rooms/" + room + "/messages/" + message.getString("id") + "/reactions/"
        + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** The room's one message (the first of its history), as a member reads it. */
}
