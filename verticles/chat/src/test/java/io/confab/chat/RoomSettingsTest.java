package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A member's own settings of a room (an addition to the contract): mute, kept with their read marker. */
class RoomSettingsTest extends ChatTestBase {

  private JsonObject listed(User user, String room) {
    JsonArray rooms = get(user, "/rooms").bodyAsJsonArray();
    return rooms.stream().map(JsonObject.class::cast).filter(r -> r.getString("id").equals(room)).findFirst().orElseThrow();
  }

  private HttpResponse<Buffer> mute(User user, String room, Object muted) {
    return patch(user, "/rooms/" + room + "/settings", new JsonObject().put("muted", muted));
  }

  @Test
  @DisplayName("a room is listed unmuted until its member mutes it, and muted for that member only")
  void aMutedRoomIsListedMutedForThatMemberOnly() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    assertThat(listed(ben, room).getBoolean("muted")).isFalse();

    HttpResponse<Buffer> answer = mute(ben, room, true);

    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
    assertThat(answer.bodyAsJsonObject()).isEqualTo(new JsonObject().put("muted", true));
    assertThat(listed(ben, room).getBoolean("muted")).isTrue();
    assertThat(listed(ana, room).getBoolean("muted")).isFalse();
  }

  @Test
  @DisplayName("muting keeps the read marker and the unread count; unmuting turns it back")
  void mutingKeepsTheReadStateAndUnmutes() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    send(ana, room, "one");
    send(ana, room, "two");
    assertThat(post(ben, "/rooms/" + room + "/read", new JsonObject().put("seq", 1)).statusCode()).isEqualTo(204);

    mute(ben, room, true);
    send(ana, room, "three");

    assertThat(listed(ben, room).getLong("readSeq")).isEqualTo(1);
    assertThat(listed(ben, room).getLong("unread")).isEqualTo(2);
    mute(ben, room, false);
    assertThat(listed(ben, room).getBoolean("muted")).isFalse();
  }

  @Test
  @DisplayName("a non-member cannot mute a room (403 not_member), and muted must be true or false (400)")
  void onlyMembersMuteWithABoolean() {
    User ana = user("Ana");
    User cy = user("Cy");
    String room = group(ana);

    assertThat(mute(cy, room, true).statusCode()).isEqualTo(403);
    assertThat(mute(ana, room, "yes").statusCode()).isEqualTo(400);
  }
}
