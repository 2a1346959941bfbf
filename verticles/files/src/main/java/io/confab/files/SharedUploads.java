package io.confab.files;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/uploads}, once the part is spooled: on a worker, the type from the bytes (415 unless
 * the contract accepts it), the SHA-256, and a thumbnail for pictures; then the bytes go to GridFS and the
 * document to {@code files}, and the uploader gets 201 {@code {fileId, url, contentType, size, name,
 * expiresAt, thumbnailUrl?}} with URLs signed for them.
 */
final class SharedUploads implements Uploads.Keeper {

  private static final Logger LOG = LoggerFactory.getLogger(SharedUploads.class);

  private final Vertx vertx;
  private final FileStore store;
  private final Supplier<Future<UrlSigner>> signer;
  private final WorkerExecutor workers;

  SharedUploads(Vertx vertx, FileStore store, Supplier<Future<UrlSigner>> signer, WorkerExecutor workers) {
    this.vertx = vertx;
    this.store = store;
    this.signer = signer;
    this.workers = workers;
  }

  @Override
  public Future<JsonObject> keep(Uploads.Part part) {
    Path thumbnail = part.spooled().resolveSibling(part.spooled().getFileName() + ".thumbnail");
    return workers.executeBlocking(() -> inspect(part.spooled(), thumbnail), false)
        .compose(inspection -> keep(part, inspection))
        .eventually(() -> vertx.fileSystem().delete(thumbnail.toString()).recover(absent -> Future.succeededFuture()))
        .compose(stored -> signer.get().map(urls -> FileViews.signed(stored, urls, part.owner(), System.currentTimeMillis())));
  }

  /** The bytes to GridFS (original, then thumbnail), then the document; bytes of a failed store are removed. */
  private Future<JsonObject> keep(Uploads.Part part, Inspection inspection) {
    String owner = part.owner();
    String fileId = UUID.randomUUID().toString();
    JsonObject metadata = new JsonObject().put("fileId", fileId).put("owner", owner);
    return store.putPath(vertx, part.spooled(), fileId, metadata.copy().put("variant", "original")).compose(gridId -> {
      Future<String> thumbnailStored = inspection.thumbnail() == null ? Future.succeededFuture()
          : store.putPath(vertx, inspection.thumbnail().file(), fileId + ".thumbnail", metadata.copy().put("variant", "thumbnail"));
      return thumbnailStored.compose(thumbnailGridId -> {
        JsonObject stored = new JsonObject()
            .put("_id", fileId)
            .put("owner", owner)
            .put("name", FileViews.safeName(part.clientName(), inspection.contentType()))
            .put("contentType", inspection.contentType())
            .put("size", part.size())
            .put("sha256", inspection.sha256())
            .put("createdAt", System.currentTimeMillis())
            .put("gridId", gridId)
            .put("shares", new JsonArray());
        if (thumbnailGridId != null) {
          stored.put("thumbnail", new JsonObject()
              .put("gridId", thumbnailGridId)
              .put("contentType", inspection.thumbnail().contentType())
              .put("size", inspection.thumbnailSize())
              .put("sha256", inspection.thumbnailSha256())
              .put("width", inspection.thumbnail().width())
              .put("height", inspection.thumbnail().height()));
        }
        return store.insert(stored)
            .recover(failure -> store.deleteBytes(gridId, thumbnailGridId).compose(cleaned -> Future.failedFuture(failure)))
            .map(inserted -> {
              LOG.atInfo().setMessage("file.stored").addKeyValue("fileId", fileId).addKeyValue("owner", owner)
                  .addKeyValue("contentType", inspection.contentType()).addKeyValue("size", part.size())
                  .addKeyValue("thumbnail", thumbnailGridId != null).log();
              return stored;
            });
      }).recover(failure -> thumbnailStored.failed() ? store.deleteBytes(gridId, null).compose(cleaned -> Future.failedFuture(failure))
          : Future.failedFuture(failure));
    });
  }

  record Inspection(String contentType, String sha256, Thumbnails.Thumbnail thumbnail, long thumbnailSize, String thumbnailSha256) {
  }

  /** Blocking: the detected type (415 unless accepted), the hash, and the thumbnail of a picture. */
  static Inspection inspect(Path spooled, Path thumbnailTarget) throws IOException {
    String type = detect(spooled, ContentTypes::accepted);
    String sha256 = sha256(spooled);
    Thumbnails.Thumbnail thumbnail = Thumbnails.make(spooled, type, thumbnailTarget).orElse(null);
    return thumbnail == null ? new Inspection(type, sha256, null, 0, null)
        : new Inspection(type, sha256, thumbnail, Files.size(thumbnail.file()), sha256(thumbnail.file()));
  }

  /** Blocking: the type of the bytes, whatever the client called them; 415 {@code unsupported_type} unless {@code accepted}. */
  static String detect(Path spooled, java.util.function.Predicate<String> accepted) throws IOException {
    String type = ContentTypes.detect(spooled);
    if (!accepted.test(type)) {
      LOG.atInfo().setMessage("file.unsupported").addKeyValue("detected", type).log();
      throw ContractException.of(ErrorCode.UNSUPPORTED_TYPE);
    }
    return type;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
