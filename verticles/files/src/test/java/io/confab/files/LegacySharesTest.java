package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Uploads attached before files recorded their shares: the start-up migration gives them the shares chat's messages show. */
class LegacySharesTest extends FilesTestBase {

  /** An upload as stored before shares were recorded. */
  private String legacyUpload(User owner) {
    String fileId = uploadedPng(owner);
    mongoClient.updateCollection(FileStore.COLLECTION, new JsonObject().put("_id", fileId),
        new JsonObject().put("$unset", new JsonObject().put("shares", ""))).await();
    return fileId;
  }

  @Test
  @DisplayName("a file an earlier version let a room read stays readable to its members after the migration, and only to them")
  void anAttachedLegacyFileStaysReadable() {
    User alice = user("Alice");
    User bob = user("Bob");
    User eve = user("Eve");
    String room = group(alice, bob);
    String fileId = legacyUpload(alice);
    storedMessageCarrying(alice, room, fileId);

    assertThat(new LegacyShares(mongoClient).migrate().await()).isEqualTo(1);

    assertThat(download(bob, "/files/" + fileId).statusCode()).isEqualTo(200);
    assertError(download(eve, "/files/" + fileId), 404, "not_found");
    assertThat(new LegacyShares(mongoClient).migrate().await()).as("nothing left to migrate").isZero();
  }

  @Test
  @DisplayName("a legacy file whose only message is deleted is shared nowhere after the migration")
  void aLegacyFileOfADeletedMessageIsSharedNowhere() {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String fileId = legacyUpload(alice);
    String message = storedMessageCarrying(alice, room, fileId);
    mongoClient.updateCollection("messages", new JsonObject().put("_id", message),
        new JsonObject().put("$set", new JsonObject().put("deleted", true))).await();

    new LegacyShares(mongoClient).migrate().await();

    assertError(download(bob, "/files/" + fileId), 404, "not_found");
    assertThat(mongoClient.findOne(FileStore.COLLECTION, new JsonObject().put("_id", fileId), null).await().getJsonArray("shares")).isEmpty();
  }
}
