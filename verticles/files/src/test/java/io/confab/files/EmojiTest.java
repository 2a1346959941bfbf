package io.confab.files;

import static io.confab.testing.NodeTestBase.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Limits;
import io.confab.testing.BridgeClient;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmojiTest extends FilesTestBase {

  private HttpResponse<Buffer> putEmoji(User user, String room, String name, Buffer bytes) {
    return http.put("/api/v1/rooms/" + room + "/emoji/" + name).putHeader("Authorization", "Bearer " + user.token())
        .sendMultipartForm(MultipartForm.create().binaryFileUpload("file", "emoji.bin", bytes, "application/octet-stream")).await();
  }

  /** An upload that must succeed: the emoji answered. */
  private JsonObject added(User user, String room, String name) {
    HttpResponse<Buffer> answer = putEmoji(user, room, name, png());
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    return answer.bodyAsJsonObject();
  }

  private HttpResponse<Buffer> listed(User user, String room) {
    return http.get("/api/v1/rooms/" + room + "/emoji").putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  private HttpResponse<Buffer> deleteEmoji(User user, String room, String name) {
    return http.delete("/api/v1/rooms/" + room + "/emoji/" + name).putHeader("Authorization", "Bearer " + user.token()).send().await();
  }

  @Test
  @DisplayName("a room's admin uploads an emoji: 201 with name, url, createdBy, createdAt, and members list it")
  void anAdminUploadsAndMembersListIt() {
    User ada = user("Ada");
    User bob = user("Bob");
    String room = group(ada, bob);

    JsonObject emoji = added(ada, room, "party_parrot");

    assertThat(emoji.getString("name")).isEqualTo("party_parrot");
    assertThat(emoji.getString("url")).startsWith("/emoji/");
    assertThat(emoji.getString("createdBy")).isEqualTo(ada.id());
    assertThat(emoji.getLong("createdAt")).isPositive();
    HttpResponse<Buffer> list = listed(bob, room);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.bodyAsJsonArray()).containsExactly(emoji);
  }

  @Test
  @DisplayName("the picture is re-encoded square at 64 px, served to a member, cacheable for good")
  void thePictureIsServedSquareToAMember() throws IOException {
    User ada = user("Ada");
    User bob = user("Bob");
    String room = group(ada, bob);
    String url = added(ada, room, "wide").getString("url");

    HttpResponse<Buffer> got = download(bob, url);

    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.getHeader("Cache-Control")).isEqualTo(Avatars.CACHE_CONTROL);
    assertThat(got.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(got.body().getBytes()));
    assertThat(new int[] {image.getWidth(), image.getHeight()}).containsExactly(Limits.CUSTOM_EMOJI_SIDE, Limits.CUSTOM_EMOJI_SIDE);
  }

  @Test
  @DisplayName("someone outside the room gets 404 for its picture and its list, and no token is 401")
  void aNonMemberGets404() {
    User ada = user("Ada");
    User bob = user("Bob");
    User eve = user("Eve");
    String room = group(ada, bob);
    String url = added(ada, room, "secret").getString("url");

    assertError(download(eve, url), 404, "not_found");
    assertError(listed(eve, room), 404, "not_found");
    assertThat(fetch(url).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("a member who is no admin may not upload (403 before the body is kept) nor remove")
  void aMemberIsForbidden() {
    User ada = user("Ada");
    User bob = user("Bob");
    String room = group(ada, bob);
    added(ada, room, "kept");

    assertError(putEmoji(bob, room, "mine", png()), 403, "forbidden");
    assertError(deleteEmoji(bob, room, "kept"), 403, "forbidden");
    assertThat(count(Emoji.COLLECTION)).isOne();
    assertThat(spooled()).isZero();
  }

  @Test
  @DisplayName("a name outside 1 to 32 letters, digits, _ or - is 400")
  void aBadNameIs400() {
    User ada = user("Ada");
    String room = group(ada, user("Bob"));

    for (String bad : new String[] {"a".repeat(Limits.EMOJI_NAME_MAX + 1), "sm%20ile", "sm%3Aile", "%C3%A9t%C3%A9"}) {
      assertError(putEmoji(ada, room, bad, png()), 400, "invalid_request");
      assertError(deleteEmoji(ada, room, bad), 400, "invalid_request");
    }
    assertThat(putEmoji(ada, room, "a".repeat(Limits.EMOJI_NAME_MAX), png()).statusCode()).isEqualTo(201);
  }

  @Test
  @DisplayName("what is no picture by its content is 415, whatever it is called")
  void noPictureIs415() {
    User ada = user("Ada");
    String room = group(ada, user("Bob"));

    assertError(putEmoji(ada, room, "text", Buffer.buffer("not a picture", StandardCharsets.UTF_8.name())), 415, "unsupported_type");
    assertThat(count(Emoji.COLLECTION)).isZero();
  }

  @Test
  @DisplayName("a picture over 256 KiB is 413 and leaves nothing behind")
  void aLargePictureIs413() {
    User ada = user("Ada");
    String room = group(ada, user("Bob"));
    Buffer large = png().appendBuffer(Buffer.buffer(new byte[(int) Limits.CUSTOM_EMOJI_MAX_BYTES]));

    assertError(putEmoji(ada, room, "big", large), 413, "too_large");
    assertThat(count(Emoji.COLLECTION)).isZero();
    // The refused part's spool file is deleted as the answer goes out, not before it.
    Eventually.until(() -> spooled() == 0, Duration.ofSeconds(5), "the spool emptied");
  }

  @Test
  @DisplayName("a name the room has already is 409, and the first stays")
  void aDuplicateNameIs409() {
    User ada = user("Ada");
    String room = group(ada, user("Bob"));
    String first = added(ada, room, "same").getString("url");

    assertError(putEmoji(ada, room, "same", png()), 409, "conflict");
    assertThat(listed(ada, room).bodyAsJsonArray().getJsonObject(0).getString("url")).isEqualTo(first);
  }

  @Test
  @DisplayName("the same name in another room is another emoji")
  void theSameNameInAnotherRoomIsAnother() {
    User ada = user("Ada");
    User bob = user("Bob");
    String one = group(ada, bob);
    String two = group(ada, bob);

    added(ada, one, "same");
    added(ada, two, "same");

    assertThat(count(Emoji.COLLECTION)).isEqualTo(2);
  }

  @Test
  @DisplayName("a room past its limit of custom emoji is 409 emoji_limit")
  void aRoomPastItsLimitIs409() {
    User ada = user("Ada");
    String room = group(ada, user("Bob"));
    for (int i = 0; i < Limits.CUSTOM_EMOJI_PER_ROOM_MAX; i++) {
      mongoClient.insert(Emoji.COLLECTION, new JsonObject().put("_id", UUID.randomUUID().toString()).put("room", room)
          .put("name", "e" + i).put("createdBy", ada.id()).put("createdAt", 1L).put("sizes", new JsonObject())).await();
    }

    assertError(putEmoji(ada, room, "one_more", png()), 409, "emoji_limit");
  }

  @Test
  @DisplayName("an admin removes an emoji: 204, gone from the list and its picture 404; removing it again is 404")
  void anAdminRemovesAnEmoji() {
    User ada = user("Ada");
    User bob = user("Bob");
    String room = group(ada, bob);
    String url = added(ada, room, "gone").getString("url");
    added(ada, room, "stays");

    assertThat(deleteEmoji(ada, room, "gone").statusCode()).isEqualTo(204);

    assertThat(listed(bob, room).bodyAsJsonArray().stream().map(e -> ((JsonObject) e).getString("name"))).containsExactly("stays");
    assertThat(download(bob, url).statusCode()).isEqualTo(404);
    assertError(deleteEmoji(ada, room, "gone"), 404, "not_found");
    Eventually.until(() -> count(FileStore.BUCKET + ".files") == 1, Duration.ofSeconds(5), "the removed picture's bytes gone");
  }

  @Test
  @DisplayName("a change reaches a member's room stream and user stream as {type: emoji, room, emoji: [...]}")
  void aChangeReachesAMembersStreams() {
    User ada = user("Ada");
    User bob = user("Bob");
    String room = group(ada, bob);
    try (BridgeClient bobs = connect(bob.token(), "room." + room, "user." + bob.id())) {
      JsonObject emoji = added(ada, room, "wave");

      for (String stream : new String[] {"room." + room, "user." + bob.id()}) {
        JsonObject event = bobs.await(frame -> stream.equals(frame.getString("address"))
            && "emoji".equals(frame.getJsonObject("body").getString("type")), Duration.ofSeconds(5)).getJsonObject("body");
        assertThat(event.getString("room")).isEqualTo(room);
        assertThat(event.getJsonArray("emoji")).isEqualTo(new JsonArray().add(emoji));
      }
    }
  }
}
