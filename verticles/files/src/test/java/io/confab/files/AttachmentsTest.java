package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AttachmentsTest extends FilesTestBase {

  private JsonObject resolve(User owner, String... fileIds) {
    return vertx.eventBus().<JsonObject>request(io.confab.contract.Addresses.FILES_ATTACHMENTS_RESOLVE,
        new JsonObject().put("owner", owner.id()).put("fileIds", new JsonArray(java.util.List.of((Object[]) fileIds)))).await().body();
  }

  @Test
  @DisplayName("the owner's files resolve to attachments in the order asked, pictures with their thumbnail URL")
  void theOwnersFilesResolveToAttachments() {
    User alice = user("Alice");
    JsonObject picture = uploaded(alice, "cat.png", png(), "image/png");
    JsonObject text = uploaded(alice, "notes.txt", Buffer.buffer("hello"), "text/plain");

    JsonArray attachments = resolve(alice, text.getString("fileId"), picture.getString("fileId")).getJsonArray("attachments");

    assertThat(attachments).hasSize(2);
    JsonObject first = attachments.getJsonObject(0);
    assertThat(first.getString("fileId")).isEqualTo(text.getString("fileId"));
    assertThat(first.getString("url")).isEqualTo("/files/" + text.getString("fileId"));
    assertThat(first.getString("contentType")).isEqualTo("text/plain");
    assertThat(first.getLong("size")).isEqualTo(5L);
    assertThat(first.containsKey("thumbnailUrl")).isFalse();
    JsonObject second = attachments.getJsonObject(1);
    assertThat(second.getString("thumbnailUrl")).isEqualTo("/files/" + picture.getString("fileId") + "/thumbnail");
  }

  @Test
  @DisplayName("a file someone else uploaded is refused with 400 invalid_request")
  void anotherUsersFileIsRefused() {
    User alice = user("Alice");
    User mallory = user("Mallory");
    String fileId = uploadedPng(alice);

    ReplyException refused = (ReplyException) vertx.eventBus().request(io.confab.contract.Addresses.FILES_ATTACHMENTS_RESOLVE,
            new JsonObject().put("owner", mallory.id()).put("fileIds", new JsonArray().add(fileId)))
        .transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).await();

    assertThat(refused.failureCode()).isEqualTo(400);
    assertThat(refused.getMessage()).isEqualTo("invalid_request");
  }

  @Test
  @DisplayName("an unknown file id is refused with 400 invalid_request")
  void anUnknownFileIsRefused() {
    User alice = user("Alice");

    Throwable refused = vertx.eventBus().request(io.confab.contract.Addresses.FILES_ATTACHMENTS_RESOLVE,
            new JsonObject().put("owner", alice.id()).put("fileIds", new JsonArray().add("no-such-file")))
        .transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).await();

    assertThat(((ReplyException) refused).failureCode()).isEqualTo(400);
  }
}
