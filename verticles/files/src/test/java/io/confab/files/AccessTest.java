package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AccessTest extends FilesTestBase {

  @Test
  @DisplayName("a stranger gets 404, exactly as for a file that does not exist")
  void aStrangerGets404() {
    User alice = user("Alice");
    User mallory = user("Mallory");
    String fileId = uploadedPng(alice);

    HttpResponse<Buffer> stranger = download(mallory, "/files/" + fileId);
    HttpResponse<Buffer> nothing = download(mallory, "/files/00000000-0000-0000-0000-000000000000");

    assertError(stranger, 404, "not_found");
    assertThat(stranger.bodyAsString()).isEqualTo(nothing.bodyAsString());
    assertThat(stranger.getHeader("ETag")).isNull();
  }

  @Test
  @DisplayName("a download without a token is refused with 401 unauthorized")
  void aDownloadWithoutATokenIs401() {
    User alice = user("Alice");
    String fileId = uploadedPng(alice);

    assertError(http.get("/files/" + fileId).send().await(), 401, "unauthorized");
  }

  @Test
  @DisplayName("a room member gets 404 until a message carries the file, then the same bytes")
  void aRoomMemberReadsTheFileOnceAMessageCarriesIt() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    Buffer bytes = png();
    String fileId = uploaded(alice, "cat.png", bytes, "image/png").getString("fileId");

    assertError(download(bob, "/files/" + fileId), 404, "not_found");
    postWithFile(alice, room, fileId);

    HttpResponse<Buffer> got = download(bob, "/files/" + fileId);
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body().getBytes()).isEqualTo(bytes.getBytes());
  }

  @Test
  @DisplayName("once the message is deleted, members get 404 again while the uploader keeps access")
  void aDeletedMessageStopsMembersButNotTheUploader() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String fileId = uploadedPng(alice);
    String message = postWithFile(alice, room, fileId);
    assertThat(download(bob, "/files/" + fileId).statusCode()).isEqualTo(200);

    deleteMessage(alice, room, message);

    assertError(download(bob, "/files/" + fileId), 404, "not_found");
    assertThat(download(alice, "/files/" + fileId).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a file posted twice in a room stays readable to its members when one of the two messages is deleted")
  void aFilePostedTwiceStaysSharedByTheOtherMessage() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String fileId = uploadedPng(alice);
    String first = postWithFile(alice, room, fileId);
    postWithFile(alice, room, fileId);

    deleteMessage(alice, room, first);

    assertThat(download(bob, "/files/" + fileId).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a message of someone else carrying the file gives that room no access: only the uploader can share it")
  void onlyTheUploadersMessagesShareAFile() {
    User alice = user("Alice");
    User mallory = user("Mallory");
    User eve = user("Eve");
    String room = group(mallory, eve);
    String fileId = uploadedPng(alice);

    assertError(sendWithFile(mallory, room, fileId), 400, "invalid_request");
    storedMessageCarrying(mallory, room, fileId);

    assertError(download(eve, "/files/" + fileId), 404, "not_found");
    assertError(download(mallory, "/files/" + fileId), 404, "not_found");
  }

  @Test
  @DisplayName("a member who leaves the room loses access")
  void aRemovedMemberLosesAccess() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String fileId = uploadedPng(alice);
    postWithFile(alice, room, fileId);
    assertThat(download(bob, "/files/" + fileId).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> left = http.delete("/api/v1/rooms/" + room + "/members/" + bob.id())
        .putHeader("Authorization", "Bearer " + bob.token()).send().await();
    assertThat(left.statusCode()).as(left.bodyAsString()).isEqualTo(204);

    assertError(download(bob, "/files/" + fileId), 404, "not_found");
  }
}
