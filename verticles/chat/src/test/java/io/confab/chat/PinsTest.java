package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PinsTest extends ChatTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  /** Room for the 51 sends and pins of the limit test, which the default 20 writes a second would refuse. */
  @Override
  protected JsonObject chatConfig(JsonObject base) {
    return base.put(ChatVerticle.WRITES_PER_SECOND, 1_000);
  }

  @Test
  @DisplayName("a room answers pinned [] at first, then its pins most recent first; unpinning takes one out")
  void pinningAndUnpinning() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String first = send(ana, room, "one").getString("id");
    String second = send(ana, room, "two").getString("id");
    assertThat(pinned(ana, room)).isEmpty();

    assertThat(pin(ana, room, first).statusCode()).isEqualTo(204);
    assertThat(pin(ben, room, second).statusCode()).isEqualTo(204);
    assertThat(pinned(ben, room)).containsExactly(second, first);

    assertThat(unpin(ana, room, first).statusCode()).isEqualTo(204);
    assertThat(pinned(ana, room)).containsExactly(second);
    assertThat(get(ana, "/rooms").bodyAsJsonArray().getJsonObject(0).getJsonArray("pinned")).containsExactly(second);
  }

  @Test
  @DisplayName("ten pins of one room at once all land: a pin computed from a list someone changed meanwhile reads it again")
  void concurrentPinsAreAllKept() {
    User ana = user("Ana");
    String room = group(ana);
    java.util.List<String> ids = java.util.stream.IntStream.range(0, 10).mapToObj(i -> send(ana, room, "m" + i).getString("id")).toList();

    io.vertx.core.Future.all(ids.stream().map(id -> http.put("/api/v1/rooms/" + room + "/pins/" + id)
        .putHeader("Authorization", "Bearer " + ana.token()).send()).toList()).await();

    assertThat(pinned(ana, room)).containsExactlyInAnyOrderElementsOf(ids);
  }

  @Test
  @DisplayName("pinning a pinned message or unpinning one that is not pinned is 204 and changes nothing")
  void pinsAreIdempotent() {
    User ana = user("Ana");
    String room = group(ana);
    String first = send(ana, room, "one").getString("id");
    String second = send(ana, room, "two").getString("id");
    pin(ana, room, first);
    pin(ana, room, second);

    assertThat(pin(ana, room, first).statusCode()).isEqualTo(204);
    assertThat(unpin(ana, room, send(ana, room, "three").getString("id")).statusCode()).isEqualTo(204);

    assertThat(pinned(ana, room)).containsExactly(second, first);
  }

  @Test
  @DisplayName("a 51st pin is 409 pin_limit and leaves the 50")
  void fiftyPinsAtMost() {
    User ana = user("Ana");
    String room = group(ana);
    for (int i = 1; i <= 50; i++) {
      assertThat(pin(ana, room, send(ana, room, "m" + i).getString("id")).statusCode()).isEqualTo(204);
    }
    String last = send(ana, room, "one too many").getString("id");

    assertError(pin(ana, room, last), 409, "pin_limit");
    assertThat(pinned(ana, room)).hasSize(50).doesNotContain(last);
  }

  @Test
  @DisplayName("in a channel only admins pin: a member is 403 forbidden, the admin 204")
  void channelsPinByAdminsOnly() {
    User ana = user("Ana");
    User ben = user("Ben");
    HttpResponse<Buffer> created = post(ana, "/rooms", new JsonObject().put("kind", "channel").put("name", "news-" + ana.id()));
    String channel = created.bodyAsJsonObject().getString("id");
    assertThat(post(ben, "/rooms/" + channel + "/join", new JsonObject()).statusCode()).isEqualTo(204);
    String message = send(ben, channel, "read this").getString("id");

    assertError(pin(ben, channel, message), 403, "forbidden");
    assertThat(pinned(ana, channel)).isEmpty();
    assertThat(pin(ana, channel, message).statusCode()).isEqualTo(204);
    assertError(unpin(ben, channel, message), 403, "forbidden");
    assertThat(pinned(ben, channel)).containsExactly(message);
  }

  @Test
  @DisplayName("pinning an unknown, another room's or a deleted message is 404, and a non-member 403 not_member; nothing pinned")
  void badPinsAreRefused() {
    User ana = user("Ana");
    User eve = user("Eve");
    String room = group(ana);
    String other = group(ana);
    String elsewhere = send(ana, other, "elsewhere").getString("id");
    String gone = send(ana, room, "gone").getString("id");
    String kept = send(ana, room, "kept").getString("id");
    delete(ana, "/rooms/" + room + "/messages/" + gone);

    assertError(pin(ana, room, "no-such-message"), 404, "not_found");
    assertError(pin(ana, room, elsewhere), 404, "not_found");
    assertError(pin(ana, room, gone), 404, "not_found");
    assertError(unpin(ana, room, elsewhere), 404, "not_found");
    assertError(pin(eve, room, kept), 403, "not_member");

    assertThat(pinned(ana, room)).isEmpty();
    assertThat(pinned(ana, other)).isEmpty();
  }

  @Test
  @DisplayName("chat.pin over the bridge sends pins on the room's stream and room updated on each member's user stream")
  void aPinIsAnnounced() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String message = send(ana, room, "pin me").getString("id");
    try (BridgeClient bens = connect(ben.token(), "room." + room, "user." + ben.id()); BridgeClient anas = connect(ana.token())) {
      JsonObject reply = ask(anas, "chat.pin", new JsonObject().put("room", room).put("id", message).put("on", true));
      assertThat(reply.getJsonObject("body")).isEqualTo(new JsonObject());

      assertAnnounced(bens, room, ben, new JsonArray().add(message));
    }
  }

  @Test
  @DisplayName("a deleted message leaves pinned, and the members are told as for an unpin")
  void aDeletedMessageLeavesThePins() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    String kept = send(ana, room, "kept").getString("id");
    String gone = send(ana, room, "gone").getString("id");
    pin(ana, room, kept);
    pin(ana, room, gone);
    try (BridgeClient bens = connect(ben.token(), "room." + room, "user." + ben.id())) {
      assertThat(delete(ana, "/rooms/" + room + "/messages/" + gone).statusCode()).isEqualTo(204);

      assertThat(pinned(ana, room)).containsExactly(kept);
      assertAnnounced(bens, room, ben, new JsonArray().add(kept));
    }
  }

  @Test
  @DisplayName("over the bridge, chat.react and chat.pin without on, emoji or id are 400 invalid_request, nothing stored")
  void missingFieldsOverTheBridgeAreInvalid() throws Exception {
    User ana = user("Ana");
    String room = group(ana);
    String message = send(ana, room, "hello").getString("id");
    try (BridgeClient anas = connect(ana.token())) {
      for (JsonObject[] asked : new JsonObject[][] {
          {new JsonObject().put("address", "chat.pin"), new JsonObject().put("room", room).put("id", message)},
          {new JsonObject().put("address", "chat.pin"), new JsonObject().put("room", room).put("on", true)},
          {new JsonObject().put("address", "chat.pin"), new JsonObject().put("room", room).put("id", message).put("on", "yes")},
          {new JsonObject().put("address", "chat.react"), new JsonObject().put("room", room).put("id", message).put("on", true)},
          {new JsonObject().put("address", "chat.react"), new JsonObject().put("room", room).put("id", message).put("emoji", ":ok:")}}) {
        JsonObject refused = ask(anas, asked[0].getString("address"), asked[1]);
        assertThat(refused.getInteger("failureCode")).as(asked[1].encode()).isEqualTo(400);
        assertThat(refused.getString("message")).isEqualTo("invalid_request");
      }
    }
    assertThat(pinned(ana, room)).isEmpty();
    assertThat(get(ana, "/rooms/" + room).bodyAsJsonObject().getLong("lastRev")).isEqualTo(1);
  }

  private void assertAnnounced(BridgeClient client, String room, User member, JsonArray pinned) {
    JsonObject pins = client.await(f -> ("room." + room).equals(f.getString("address"))
        && "pins".equals(f.getJsonObject("body").getString("type")), WAIT).getJsonObject("body");
    assertThat(pins.getJsonArray("pinned")).isEqualTo(pinned);
    JsonObject updated = client.await(f -> ("user." + member.id()).equals(f.getString("address"))
        && "room".equals(f.getJsonObject("body").getString("type")), WAIT).getJsonObject("body");
    assertThat(updated.getString("event")).isEqualTo("updated");
    assertThat(updated.getJsonObject("room").getJsonArray("pinned")).isEqualTo(pinned);
  }

  private HttpResponse<Buffer> pin(User user, String room, String message) {
    return http.put("/api/v1/rooms/" + room + "/pins/" + message).putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  private HttpResponse<Buffer> unpin(User user, String room, String message) {
    return delete(user, "/rooms/" + room + "/pins/" + message);
  }

  private JsonArray pinned(User user, String room) {
    HttpResponse<Buffer> got = get(user, "/rooms/" + room);
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    return got.bodyAsJsonObject().getJsonArray("pinned");
  }
}
