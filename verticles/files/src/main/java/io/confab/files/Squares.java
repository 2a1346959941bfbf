package io.confab.files;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Square pictures made from an upload and kept in GridFS: avatars and custom emoji. The part must be a
 * PNG, JPEG, GIF or WebP picture by its bytes (415 otherwise, or when it cannot be decoded); each side
 * asked is cut from its centre and re-encoded ({@link Thumbnails#square}), so nothing of the uploaded
 * bytes is ever served.
 */
final class Squares {

  /** One size, made: where its bytes are on disk and what they are. */
  private record Made(int side, Path file, String contentType, long size, String sha256) {
  }

  private final Vertx vertx;
  private final FileStore store;
  private final WorkerExecutor workers;

  Squares(Vertx vertx, FileStore store, WorkerExecutor workers) {
    this.vertx = vertx;
    this.store = store;
    this.workers = workers;
  }

  /**
   * Each of {@code sides}, stored as {@code <id>.<side>} with {@code metadata}: {@code {"<side>": {gridId,
   * contentType, size, sha256}}}. The made files are deleted after, and what was stored of a failed one.
   */
  Future<JsonObject> store(Path spooled, List<Integer> sides, String id, JsonObject metadata, String variant) {
    List<Path> scratch = new ArrayList<>();
    JsonObject sizes = new JsonObject();
    Future<JsonObject> stored = workers.executeBlocking(() -> squares(spooled, sides, scratch), false)
        .compose(made -> {
          Future<Void> each = Future.succeededFuture();
          for (Made size : made) {
            JsonObject its = metadata.copy().put("variant", variant + size.side());
            each = each.compose(previous -> store.putPath(vertx, size.file(), id + "." + size.side(), its))
                .map(gridId -> {
                  sizes.put(String.valueOf(size.side()), new JsonObject().put("gridId", gridId).put("contentType", size.contentType())
                      .put("size", size.size()).put("sha256", size.sha256()));
                  return null;
                });
          }
          return each.map(sizes);
        })
        .recover(failure -> deleteBytes(sizes).compose(cleaned -> Future.failedFuture(failure)));
    return stored.eventually(() -> Future.join(scratch.stream()
        .map(path -> vertx.fileSystem().delete(path.toString()).recover(absent -> Future.succeededFuture())).toList()));
  }

  /** The bytes of what {@link #store} answered. */
  Future<Void> deleteBytes(JsonObject sizes) {
    return Future.join(sizes.stream().map(size -> store.deleteBytes(((JsonObject) size.getValue()).getString("gridId"), null)).toList())
        .mapEmpty();
  }

  /** Blocking: each size as a file beside the spooled part (listed in {@code scratch} as soon as named). */
  private static List<Made> squares(Path spooled, List<Integer> sides, List<Path> scratch) throws IOException {
    String type = SharedUploads.detect(spooled, ContentTypes::picture);
    List<Thumbnails.Thumbnail> squares = Thumbnails.square(spooled, type, sides, side -> {
      Path target = spooled.resolveSibling(spooled.getFileName() + "." + side);
      scratch.add(target);
      return target;
    }).orElseThrow(() -> ContractException.of(ErrorCode.UNSUPPORTED_TYPE));
    List<Made> made = new ArrayList<>();
    for (Thumbnails.Thumbnail square : squares) {
      made.add(new Made(square.width(), square.file(), square.contentType(), Files.size(square.file()), SharedUploads.sha256(square.file())));
    }
    return made;
  }
}
