package io.confab.files;

import io.confab.base.StoreConfig;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.confab.edge.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;

/**
 * The files role's routes on the node's HTTP server: uploads, downloads, signed download URLs, avatars and
 * rooms' custom emoji.
 *
 * <p>Mount it before {@code BridgeRoutes} (whose {@code /api/v1} body handler would otherwise read an
 * upload as a 64 KiB JSON body) and before {@link StaticFiles} (whose catch-all would look for
 * {@code /files/...} in the page first).
 */
public final class FileRoutes implements HttpRoutes {

  /** Blocking work of uploads (type detection, hashing, thumbnails), bounded so that a burst queues. */
  static final String WORKER_POOL = "confab-files";
  static final int WORKER_THREADS = 4;

  @Override
  public void mount(Vertx vertx, Router router, JsonObject config) {
    Authenticator authenticator = Authenticator.create(vertx, config);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config), "confab");
    FileStore store = new FileStore(mongo);
    FileAccess access = new FileAccess(store, vertx.eventBus());
    SignerHolder signer = new SignerHolder(mongo, config);
    WorkerExecutor workers = vertx.createSharedWorkerExecutor(WORKER_POOL, WORKER_THREADS);
    Path spool = FilesConfig.spoolDir(config);
    Uploads uploads = new Uploads(vertx, authenticator, spool, Limits.UPLOAD_MAX_BYTES, 201,
        new SharedUploads(vertx, store, signer::get, workers));
    Downloads downloads = new Downloads(authenticator, store, access, signer::get);
    Squares squares = new Squares(vertx, store, workers);
    Avatars avatars = new Avatars(vertx, authenticator, mongo, squares, downloads);
    Uploads avatarUploads = new Uploads(vertx, authenticator, spool, Limits.AVATAR_MAX_BYTES, 200, avatars);
    Emoji emoji = new Emoji(vertx, authenticator, mongo, squares, downloads);
    Uploads emojiUploads = new Uploads(vertx, authenticator, spool, Limits.CUSTOM_EMOJI_MAX_BYTES, 201, emoji);

    router.post("/api/v1/uploads").handler(uploads::receive);
    router.put("/api/v1/me/avatar").handler(avatarUploads::receive);
    router.delete("/api/v1/me/avatar").handler(avatars::delete);
    router.route("/avatars/:avatarId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(avatars::serve);
    router.get("/api/v1/rooms/:room/emoji").handler(emoji::list);
    router.put("/api/v1/rooms/:room/emoji/:name").handler(emojiUploads::receive);
    router.delete("/api/v1/rooms/:room/emoji/:name").handler(emoji::delete);
    router.route("/emoji/:emojiId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(emoji::serve);
    router.post("/api/v1/files/urls")
        .handler(BodyHandler.create(false).setBodyLimit(Limits.HTTP_BODY_MAX_BYTES))
        .handler(downloads::signUrls);
    router.route("/files/:fileId").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(downloads::original);
    router.route("/files/:fileId/thumbnail").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(downloads::thumbnail);
  }

  /** The URL key, read (or made) on first use and kept; a failed read is tried again next time. */
  static final class SignerHolder {

    private final MongoClient mongo;
    private final JsonObject config;
    private Future<UrlSigner> signer;

    SignerHolder(MongoClient mongo, JsonObject config) {
      this.mongo = mongo;
      this.config = config;
    }

    Future<UrlSigner> get() {
      if (signer == null || signer.failed()) {
        signer = UrlSigner.load(mongo, config);
      }
      return signer;
    }
  }
}
