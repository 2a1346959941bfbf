package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
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

    age(forgotten, Duration.ofHours(25));
    age(posted, Duration.ofHours(25));
    Eventually.until(() -> !exists(forgotten), Duration.ofSeconds(10), "the forgotten upload deleted");

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
