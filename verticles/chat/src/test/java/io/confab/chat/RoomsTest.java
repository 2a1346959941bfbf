package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomsTest extends ChatTestBase {

  @Test
  @DisplayName("a group has its creator as admin and the invited members")
  void aGroupHasItsCreatorAsAdmin() {
    User ana = user("Ana");
    User ben = user("Ben");
    JsonObject room = post(ana, "/rooms", new JsonObject().put("kind", "group").put("name", "Team")
        .put("members", new JsonArray().add(ben.id()))).bodyAsJsonObject();

    assertThat(room.getString("kind")).isEqualTo("group");
    assertThat(room.getJsonArray("members")).containsExactlyInAnyOrder(ana.id(), ben.id());
    assertThat(room.getJsonArray("admins")).containsExactly(ana.id());
    assertThat(room.getLong("lastSeq")).isZero();
    assertThat(get(ben, "/rooms/" + room.getString("id")).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a direct room asked for again, by either member, even at the same moment, is one room")
  void aDirectRoomIsOneRoom() {
    User ana = user("Ana");
    User ben = user("Ben");
    List<HttpResponse<Buffer>> raced = Future.all(
            http.post("/api/v1/rooms").putHeader("Authorization", "Bearer " + ana.token())
                .sendJsonObject(new JsonObject().put("kind", "direct").put("members", new JsonArray().add(ben.id()))),
            http.post("/api/v1/rooms").putHeader("Authorization", "Bearer " + ben.token())
                .sendJsonObject(new JsonObject().put("kind", "direct").put("members", new JsonArray().add(ana.id()))))
        .await().list();

    assertThat(raced).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 200);
    assertThat(raced.stream().map(r -> r.bodyAsJsonObject().getString("id")).distinct()).hasSize(1);
    assertThat(get(ana, "/rooms").bodyAsJsonArray()).hasSize(1);
  }

  @Test
  @DisplayName("notes to self: one room per user, whoever asks how often")
  void notesToSelfIsOneRoom() {
    User ana = user("Ana");
    HttpResponse<Buffer> first = post(ana, "/rooms", new JsonObject().put("kind", "self"));
    HttpResponse<Buffer> again = post(ana, "/rooms", new JsonObject().put("kind", "self"));
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(first.bodyAsJsonObject().getString("id"));
    assertThat(first.bodyAsJsonObject().getJsonArray("members")).containsExactly(ana.id());
  }

  @Test
  @DisplayName("a private room is 404 to a non-member; a channel is visible, joinable and listed")
  void visibilityAndChannels() {
    User ana = user("Ana");
    User ben = user("Ben");
    String group = group(ana);
    assertError(get(ben, "/rooms/" + group), 404, "not_found");
    assertError(post(ben, "/rooms/" + group + "/join", new JsonObject()), 404, "not_found");

    String channel = post(ana, "/rooms", new JsonObject().put("kind", "channel").put("name", "General")).bodyAsJsonObject().getString("id");
    assertThat(get(ben, "/rooms/" + channel).statusCode()).isEqualTo(200);
    JsonArray listed = get(ben, "/channels?q=gen").bodyAsJsonArray();
    assertThat(listed).hasSize(1);
    assertThat(listed.getJsonObject(0).getBoolean("joined")).isFalse();
    assertThat(post(ben, "/rooms/" + channel + "/join", new JsonObject()).statusCode()).isEqualTo(204);
    assertThat(get(ben, "/rooms").bodyAsJsonArray().stream().map(r -> ((JsonObject) r).getString("id")).collect(Collectors.toList()))
        .containsExactly(channel);
  }

  @Test
  @DisplayName("only admins add members (403 otherwise); anyone may leave; admins remove")
  void membershipRules() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cay = user("Cay");
    String room = group(ana, ben);
    assertError(post(ben, "/rooms/" + room + "/members", new JsonObject().put("userId", cay.id())), 403, "forbidden");
    assertThat(post(ana, "/rooms/" + room + "/members", new JsonObject().put("userId", cay.id())).statusCode()).isEqualTo(204);
    assertError(delete(ben, "/rooms/" + room + "/members/" + cay.id()), 403, "forbidden");
    assertThat(delete(cay, "/rooms/" + room + "/members/" + cay.id()).statusCode()).as("leaving").isEqualTo(204);
    assertThat(delete(ana, "/rooms/" + room + "/members/" + ben.id()).statusCode()).isEqualTo(204);
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getJsonArray("members")).containsExactly(ana.id());
    assertError(get(ben, "/rooms/" + room), 404, "not_found");
  }

  @Test
  @DisplayName("bad room requests are 400 invalid_request: unknown kind, missing or long name, unknown member")
  void badRoomRequests() {
    User ana = user("Ana");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", "party").put("name", "x")), 400, "invalid_request");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", "group")), 400, "invalid_request");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", "group").put("name", "n".repeat(101))), 400, "invalid_request");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", "group").put("name", "x").put("members", new JsonArray().add("nobody"))),
        400, "invalid_request");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", "direct").put("members", new JsonArray().add(ana.id()))), 400, "invalid_request");
    assertError(post(ana, "/rooms", new JsonObject().put("kind", new JsonObject().put("$ne", ""))), 400, "invalid_request");
  }

  @Test
  @DisplayName("the room list gives lastSeq, readSeq and unread; reading and one's own messages move readSeq")
  void unreadCounts() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "one");
    send(ana, room, "two");
    send(ana, room, "three");

    JsonObject bens = get(ben, "/rooms").bodyAsJsonArray().getJsonObject(0);
    assertThat(bens.getLong("lastSeq")).isEqualTo(3);
    assertThat(bens.getLong("readSeq")).isZero();
    assertThat(bens.getLong("unread")).isEqualTo(3);
    assertThat(get(ana, "/rooms").bodyAsJsonArray().getJsonObject(0).getLong("unread")).as("one's own messages are read").isZero();

    assertThat(post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 2)).statusCode()).isEqualTo(204);
    assertThat(post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 1)).statusCode()).isEqualTo(204);
    bens = get(ben, "/rooms").bodyAsJsonArray().getJsonObject(0);
    assertThat(bens.getLong("readSeq")).as("forward only").isEqualTo(2);
    assertThat(bens.getLong("unread")).isEqualTo(1);
  }

  @Test
  @DisplayName("the room list gives each room its lastMessage as it is now (edited, then deleted), and none while it is empty")
  void roomListCarriesTheLastMessage() {
    User ana = user("Ana");
    User ben = user("Ben");
    String talk = group(ana, ben);
    String quiet = group(ana, ben);
    send(ana, talk, "first");
    JsonObject second = send(ben, talk, "second");

    JsonObject listed = roomIn(get(ana, "/rooms").bodyAsJsonArray(), talk);
    assertThat(listed.getJsonObject("lastMessage").getString("text")).isEqualTo("second");
    assertThat(listed.getJsonObject("lastMessage").getLong("seq")).isEqualTo(2);
    assertThat(listed.getJsonObject("lastMessage").getJsonObject("sender").getString("displayName")).isEqualTo("Ben");
    assertThat(roomIn(get(ana, "/rooms").bodyAsJsonArray(), quiet).containsKey("lastMessage")).isFalse();

    assertThat(patch(ben, "/rooms/" + talk + "/messages/" + second.getString("id"), new JsonObject().put("text", "second, edited"))
        .statusCode()).isEqualTo(200);
    JsonObject edited = roomIn(get(ana, "/rooms").bodyAsJsonArray(), talk).getJsonObject("lastMessage");
    assertThat(edited.getString("text")).isEqualTo("second, edited");
    assertThat(edited.getLong("editedAt")).isNotNull();

    assertThat(delete(ben, "/rooms/" + talk + "/messages/" + second.getString("id")).statusCode()).isEqualTo(204);
    JsonObject deleted = roomIn(get(ana, "/rooms").bodyAsJsonArray(), talk).getJsonObject("lastMessage");
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.containsKey("text")).isFalse();
  }

  private static JsonObject roomIn(JsonArray list, String id) {
    return list.stream().map(JsonObject.class::cast).filter(room -> id.equals(room.getString("id"))).findFirst().orElseThrow();
  }
}
