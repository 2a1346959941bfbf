package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.BridgeClient;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReceiptsTest extends ChatTestBase {

  @Test
  @DisplayName("readers are the members whose read marker is at or past the message, its sender excluded")
  void readersAreMembersWhoReadIt() {
    User ana = user("Ana");
    User ben = user("Ben");
    User cy = user("Cy");
    String room = group(ana, ben, cy);
    JsonObject first = send(ana, room, "one");
    JsonObject second = send(ana, room, "two");
    read(ben, room, 2);
    read(cy, room, 1);

    assertThat(readers(ben, room, first)).isEqualTo(new JsonArray()
        .add(new JsonObject().put("id", ben.id()).put("displayName", "Ben"))
        .add(new JsonObject().put("id", cy.id()).put("displayName", "Cy")));
    assertThat(readers(ana, room, second)).isEqualTo(new JsonArray().add(new JsonObject().put("id", ben.id()).put("displayName", "Ben")));
  }

  @Test
  @DisplayName("someone who turned read receipts off is never listed, and at once")
  void aReaderWithReceiptsOffIsNotListed() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "one");
    read(ben, room, 1);
    assertThat(readers(ana, room, message)).hasSize(1);

    receipts(ben, false);

    assertThat(readers(ana, room, message)).as("a read made before").isEmpty();
    JsonObject later = send(ana, room, "two");
    read(ben, room, 2);
    assertThat(readers(ana, room, later)).as("a read made after").isEmpty();
  }

  @Test
  @DisplayName("someone who turned read receipts off sees no readers of anyone's messages, their own included")
  void aCallerWithReceiptsOffSeesNoReaders() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "one");
    read(ben, room, 1);

    receipts(ana, false);

    assertThat(readers(ana, room, message)).isEmpty();
    receipts(ana, true);
    assertThat(readers(ana, room, message)).hasSize(1);
  }

  @Test
  @DisplayName("chat.readers over the bridge answers the same list")
  void readersOverTheBridge() throws Exception {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    JsonObject message = send(ana, room, "one");
    read(ben, room, 1);
    try (BridgeClient anas = connect(ana.token())) {
      JsonObject reply = ask(anas, "chat.readers", new JsonObject().put("room", room).put("id", message.getString("id")));
      assertThat(reply.getJsonArray("body")).isEqualTo(new JsonArray().add(new JsonObject().put("id", ben.id()).put("displayName", "Ben")));
    }
  }

  @Test
  @DisplayName("readers of an unknown, another room's or a deleted message are 404; of a room one is not in, 403 not_member")
  void badReadersRequestsAreRefused() {
    User ana = user("Ana");
    User eve = user("Eve");
    String room = group(ana);
    JsonObject elsewhere = send(ana, group(ana), "elsewhere");
    JsonObject gone = send(ana, room, "gone");
    delete(ana, "/rooms/" + room + "/messages/" + gone.getString("id"));

    assertError(get(ana, "/rooms/" + room + "/messages/no-such-message/readers"), 404, "not_found");
    assertError(get(ana, "/rooms/" + room + "/messages/" + elsewhere.getString("id") + "/readers"), 404, "not_found");
    assertError(get(ana, "/rooms/" + room + "/messages/" + gone.getString("id") + "/readers"), 404, "not_found");
    assertError(get(eve, "/rooms/" + room + "/messages/" + elsewhere.getString("id") + "/readers"), 403, "not_member");
  }

  private void read(User user, String room, long seq) {
    assertThat(post(user, "/rooms/" + room + "/read", new JsonObject().put("seq", seq)).statusCode()).isEqualTo(204);
  }

  private void receipts(User user, boolean on) {
    assertThat(patch(user, "/me", new JsonObject().put("readReceipts", on)).statusCode()).isEqualTo(200);
  }

  private JsonArray readers(User user, String room, JsonObject message) {
    HttpResponse<Buffer> got = get(user, "/rooms/" + room + "/messages/" + message.getString("id") + "/readers");
    assertThat(got.statusCode()).as(got.bodyAsString()).isEqualTo(200);
    return got.bodyAsJsonArray();
  }
}
