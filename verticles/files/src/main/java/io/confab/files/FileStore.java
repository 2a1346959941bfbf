package io.confab.files;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.GridFsUploadOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads in MongoDB: the bytes in the GridFS bucket {@value #BUCKET} (original and thumbnail), and one
 * document per upload in {@value #COLLECTION}:
 * {@code {_id: fileId, owner, name, contentType, size, sha256, createdAt, gridId, thumbnail?: {gridId,
 * contentType, size, sha256, width, height}, shares: [{room, clientMsgId}]}}: {@code shares} are the messages
 * of the owner that carry the file, recorded when chat resolves their attachments and released when one
 * is deleted, so that access is decided here without reading chat's messages.
 */
final class FileStore {

  static final String COLLECTION = "files";
  static final String BUCKET = "uploads";

  private static final Logger LOG = LoggerFactory.getLogger(FileStore.class);

  private final MongoClient mongo;
  private Future<MongoGridFsClient> gridFs;

  FileStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> prepare() {
    return Future.all(
            mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("owner", 1), new IndexOptions().name("files_owner")),
            mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("createdAt", 1), new IndexOptions().name("files_created")))
        .mapEmpty();
  }

  /** The bucket's client, made once per store. */
  Future<MongoGridFsClient> gridFs() {
    if (gridFs == null) {
      gridFs = mongo.createGridFsBucketService(BUCKET);
      gridFs.onFailure(failed -> gridFs = null);
    }
    return gridFs;
  }

  /** Streams {@code bytes} into GridFS; the answer is the GridFS id. */
  Future<String> put(ReadStream<Buffer> bytes, String name, JsonObject metadata) {
    return gridFs().compose(fs -> fs.uploadByFileNameWithOptions(bytes, name, new GridFsUploadOptions().setMetadata(metadata)));
  }

  /** Streams the file at {@code path} into GridFS; the answer is the GridFS id. */
  Future<String> putPath(Vertx vertx, Path path, String name, JsonObject metadata) {
    return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .compose(source -> put(source, name, metadata).eventually(() -> source.close()));
  }

  Future<ReadStream<Buffer>> read(String gridId) {
    return gridFs().map(fs -> fs.readById(gridId));
  }

  Future<Void> insert(JsonObject file) {
    return mongo.insert(COLLECTION, file).mapEmpty();
  }

  Future<JsonObject> byId(String fileId) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", fileId), null);
  }

  Future<List<JsonObject>> byIds(List<String> fileIds) {
    return mongo.find(COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(fileIds))));
  }

  /** The owner's message {@code clientMsgId} in {@code room} carries these files of the owner. */
  Future<Void> share(String owner, List<String> fileIds, String room, String clientMsgId) {
    JsonObject files = new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(fileIds))).put("owner", owner);
    return mongo.updateCollectionWithOptions(COLLECTION, files,
        new JsonObject().put("$addToSet", new JsonObject().put("shares", share(room, clientMsgId))), new UpdateOptions().setMulti(true))
        .mapEmpty();
  }

  /** The owner's message {@code clientMsgId} in {@code room} is deleted: the files it carried are no longer shared by it. */
  Future<Void> release(String owner, String room, String clientMsgId) {
    JsonObject shared = new JsonObject().put("owner", owner).put("shares.room", room).put("shares.clientMsgId", clientMsgId);
    return mongo.updateCollectionWithOptions(COLLECTION, shared,
        new JsonObject().put("$pull", new JsonObject().put("shares", share(room, clientMsgId))), new UpdateOptions().setMulti(true))
        .mapEmpty();
  }

  private static JsonObject unshared() {
    return new JsonObject().put("$size", 0);
  }

  static JsonObject share(String room, String clientMsgId) {
    return new JsonObject().put("room", room).put("clientMsgId", clientMsgId);
  }

  /** The rooms where a message of its owner that is not deleted carries the file. */
  static Set<String> sharedIn(JsonObject file) {
    Set<String> rooms = new LinkedHashSet<>();
    file.getJsonArray("shares", new JsonArray()).forEach(share -> rooms.add(((JsonObject) share).getString("room")));
    return rooms;
  }

  /** Uploads created before {@code cutoff} that no message carries, oldest first. */
  Future<List<JsonObject>> unsharedBefore(long cutoff, int limit) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put("createdAt", 1)).setLimit(limit);
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("createdAt", new JsonObject().put("$lt", cutoff)).put("shares", unshared()),
        options);
  }

  /**
   * The document first, and only while no message carries the file (one may have taken it since it was
   * found), so nothing serves a file whose bytes are going; then the bytes. True if it was removed.
   */
  Future<Boolean> removeUnshared(JsonObject file) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", file.getString("_id")).put("shares", unshared()))
        .compose(done -> done.getRemovedCount() == 0 ? Future.succeededFuture(false)
            : deleteBytes(file.getString("gridId"), file.getJsonObject("thumbnail") == null
                ? null : file.getJsonObject("thumbnail").getString("gridId")).map(true));
  }

  /** Removes stored bytes (best effort for the second one); null ids are skipped. */
  Future<Void> deleteBytes(String gridId, String thumbnailGridId) {
    return gridFs().compose(fs -> Future.all(delete(fs, gridId), delete(fs, thumbnailGridId)).mapEmpty());
  }

  private static Future<Void> delete(MongoGridFsClient fs, String gridId) {
    if (gridId == null) {
      return Future.succeededFuture();
    }
    return fs.delete(gridId).recover(failure -> {
      LOG.atWarn().setMessage("file.bytes.delete.failed").addKeyValue("gridId", gridId).setCause(failure).log();
      return Future.succeededFuture();
    });
  }
}
