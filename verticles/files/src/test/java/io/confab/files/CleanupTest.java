package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CleanupTest extends FilesTestBase {

  @Override
  protected JsonObject filesConfig(JsonObject base) {
    return base.put(FilesConfig.CLEANUP_INTERVAL_MS, 100);
  }

  private void age(String fileId, Duration age) {
    mongoClient.updateCollection(FileStore.COLLECTION, new JsonObject().put("_id", fileId),
        new JsonObject().put("$set", new JsonObject().put("createdAt", System.currentTimeMillis() - age.toMillis()))).await();
  }

  /** The GridFS file entries of an upload's bytes (original and thumbnail), by their names. */
  private JsonObject storedBytesOf(String fileId) {
    return new JsonObject().put("filename", new JsonObject().put("$in", new JsonArray().add(fileId).add(fileId + ".thumbnail")));
  }

  /** Whether any of an upload's stored bytes remain: a GridFS file entry, or a chunk of one of {@code gridIds}. */
  private boolean bytesStored(String fileId, JsonArray gridIds) {
    return mongoClient.count(FileStore.BUCKET + ".files", storedBytesOf(fileId)).await() > 0
        || mongoClient.count(FileStore.BUCKET + ".chunks", new JsonObject().put("files_id", new JsonObject().put("$in", gridIds))).await() > 0;
  }

  private boolean exists(String fileId) {
    return mongoClient.findOne(FileStore.COLLECTION, new JsonObject().put("_id", fileId), null).await() != null;
  }

  @Test
  @DisplayName("the periodic job removes an upload older than a day that no message carries, bytes and thumbnail too, and keeps the others")
  void oldUnreferencedUploadsAreRemoved() throws InterruptedException {
    User alice = user("Alice");
    User bob = user("Bob");
    String room = group(alice, bob);
    String forgotten = uploaded(alice, "forgotten.png", png(), "image/png").getString("fileId");
    String posted = uploaded(alice, "posted.txt", Buffer.buffer("posted"), "text/plain").getString("fileId");
    String fresh = uploaded(alice, "fresh.txt", Buffer.buffer("fresh"), "text/plain").getString("fileId");
    postWithFile(alice, room, posted);
    JsonArray forgottenGridIds = new JsonArray(mongoClient.find(FileStore.BUCKET + ".files", storedBytesOf(forgotten)).await().stream()
        .map(entry -> entry.getValue("_id")).toList());
    assertThat(forgottenGridIds).as("original and thumbnail").hasSize(2);

    age(forgotten, Duration.ofHours(25));
    age(posted, Duration.ofHours(25));
    // The record goes first, its bytes after it: wait for the bytes.
    Eventually.until(() -> !exists(forgotten) && !bytesStored(forgotten, forgottenGridIds), Duration.ofSeconds(10),
        "the forgotten upload and its bytes deleted");

    assertThat(exists(posted)).isTrue();
    assertThat(exists(fresh)).isTrue();
    assertThat(count(FileStore.BUCKET + ".files")).isEqualTo(2);
    assertError(download(alice, "/files/" + forgotten), 404, "not_found");
    assertThat(download(bob, "/files/" + posted).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("the periodic job deletes what an interrupted upload left in the spool an hour ago, and nothing newer")
  void leftoverSpoolFilesAreDeleted() throws Exception {
    java.nio.file.Path spool = java.nio.file.Files.createDirectories(dataDir.resolve("uploads"));
    java.nio.file.Path leftover = java.nio.file.Files.writeString(spool.resolve("leftover"), "partial");
    java.nio.file.Files.setLastModifiedTime(leftover, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - Duration.ofHours(2).toMillis()));
    java.nio.file.Path current = java.nio.file.Files.writeString(spool.resolve("current"), "arriving");

    Eventually.until(() -> java.nio.file.Files.notExists(leftover), Duration.ofSeconds(10), "the leftover deleted");

    assertThat(current).exists();
  }
}
