package io.confab.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.testing.BridgeClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProfileEventsTest extends ChatTestBase {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Test
  @DisplayName("a new display name reaches the user stream of someone who shares a room, with the room and no email")
  void aNewNameReachesAnotherMembersStream() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "user." + ben.id())) {
      assertThat(patch(ana, "/me", new JsonObject().put("displayName", "Ana Lovelace")).statusCode()).isEqualTo(200);

      JsonObject event = bens.await(f -> isProfile(f, ana), WAIT).getJsonObject("body");
      assertThat(event.getString("room")).isEqualTo(room);
      assertThat(event.getJsonObject("user")).isEqualTo(new JsonObject().put("id", ana.id()).put("displayName", "Ana Lovelace"));
      assertThat(event.encode()).doesNotContain(ana.email()).doesNotContain("email");
    }
  }

  @Test
  @DisplayName("a new avatar reaches the room's stream with its avatarUrl, and a removed one without it")
  void aNewAvatarReachesTheRoomsStream() {
    User ana = user("Ana");
    User ben = user("Ben");
    String room = group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "room." + room)) {
      // What the files role asks once the picture is stored (PUT /me/avatar), then on DELETE.
      setAvatar(ana, new JsonObject().put("id", "av-1").put("url", "/avatars/av-1"));
      JsonObject set = bens.await(f -> isProfile(f, ana) && f.getJsonObject("body").getJsonObject("user").containsKey("avatarUrl"), WAIT);
      assertThat(set.getJsonObject("body").getJsonObject("user").getString("avatarUrl")).isEqualTo("/avatars/av-1");
      assertThat(set.getJsonObject("body").getJsonObject("user").getString("displayName")).isEqualTo("Ana");

      setAvatar(ana, null);
      bens.await(f -> isProfile(f, ana) && !f.getJsonObject("body").getJsonObject("user").containsKey("avatarUrl"), WAIT);
    }
  }

  @Test
  @DisplayName("someone who shares no room with the user hears nothing of the change")
  void strangersHearNothing() {
    User ana = user("Ana");
    User ben = user("Ben");
    User grace = user("Grace");
    group(ana, ben);
    try (BridgeClient bens = connect(ben.token(), "user." + ben.id()); BridgeClient graces = connect(grace.token(), "user." + grace.id())) {
      patch(ana, "/me", new JsonObject().put("displayName", "Ana L."));

      // Both streams are on this one edge, which writes an event to every stream it names in one pass.
      bens.await(f -> isProfile(f, ana), WAIT);
      assertThat(graces.received()).noneMatch(f -> isProfile(f, ana));
    }
  }

  private void setAvatar(User user, JsonObject avatar) {
    vertx.eventBus().request(Addresses.AUTH_AVATAR_SET, new JsonObject().put("user", user.id()).put("avatar", avatar)).await();
  }

  private static boolean isProfile(JsonObject frame, User user) {
    JsonObject body = frame.getJsonObject("body");
    return body != null && "profile".equals(body.getString("type")) && body.getJsonObject("user") != null
        && user.id().equals(body.getJsonObject("user").getString("id"));
  }
}
