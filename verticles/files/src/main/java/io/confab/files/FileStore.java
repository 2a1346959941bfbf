package io.confab.files;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.GridFsUploadOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoGridFsClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads in MongoDB: the bytes in the GridFS bucket {@value #BUCKET} (original and thumbnail), and one
 * document per upload in {@value #COLLECTION}:
 * {@code {_id: fileId, owner, name, contentType, size, sha256, createdAt, gridId, thumbnail?: {gridId,
 * contentType, size, sha256, width, height}}}. Which rooms a file was posted in is read from chat's
 * {@code messages} ({@code attachments[].fileId}, {@code sender.id}, {@code room}, {@code deleted}).
 */
final class FileStore {

  static final String COLLECTION = "files";
  static final String BUCKET = "uploads";
  static final String MESSAGES = "messages";
  /** Enough rooms to decide; a file posted in more rooms than this is judged on these. */
  private static final int ROOMS_CHECKED = 100;

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

  /**
   * Rooms where a message that is not deleted carries the file, counting only messages its owner sent:
   * a file can only be shared by the one who uploaded it, whatever a message document says.
   */
  Future<Set<String>> roomsCarrying(JsonObject file) {
    JsonObject query = new JsonObject()
        .put("attachments.fileId", file.getString("_id"))
        .put("sender.id", file.getString("owner"))
        .put("deleted", new JsonObject().put("$ne", true));
    FindOptions options = new FindOptions().setFields(new JsonObject().put("room", 1)).setLimit(ROOMS_CHECKED);
    return mongo.findWithOptions(MESSAGES, query, options).map(found -> {
      Set<String> rooms = new LinkedHashSet<>();
      found.forEach(message -> rooms.add(message.getString("room")));
      return rooms;
    });
  }

  /** Whether any message carries the file (a deleted message carries none). */
  Future<Boolean> referenced(String fileId) {
    return mongo.count(MESSAGES, new JsonObject().put("attachments.fileId", fileId)
            .put("deleted", new JsonObject().put("$ne", true)))
        .map(count -> count > 0);
  }

  /** Uploads created before {@code cutoff}, oldest first. */
  Future<List<JsonObject>> createdBefore(long cutoff, int limit) {
    FindOptions options = new FindOptions().setSort(new JsonObject().put("createdAt", 1)).setLimit(limit);
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("createdAt", new JsonObject().put("$lt", cutoff)), options);
  }

  /** The document first, so nothing serves a file whose bytes are going; then the bytes. */
  Future<Void> remove(JsonObject file) {
    return mongo.removeDocument(COLLECTION, new JsonObject().put("_id", file.getString("_id")))
        .compose(done -> deleteBytes(file.getString("gridId"), file.getJsonObject("thumbnail") == null
            ? null : file.getJsonObject("thumbnail").getString("gridId")));
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
