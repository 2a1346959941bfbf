package io.confab.files;

import io.confab.base.Consumers;
import io.confab.base.JsonInput;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files role on the bus: turns the file ids of a message into its attachments for chat, recording
 * that the message shares them (and forgetting it when chat deletes the message), and removes uploads that
 * no message took within a day. (Uploads and downloads are HTTP: {@link FileRoutes}.)
 */
public final class FilesVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(FilesVerticle.class);
  /** Files one message may carry. */
  static final int ATTACHMENTS_MAX = 10;
  /** Uploads looked at per cleanup run; the next run goes on with the rest. */
  static final int CLEANUP_BATCH = 200;
  /** A spooled upload this old was left by a node that stopped in the middle of it. */
  static final long SPOOL_LEFTOVER_MS = 60 * 60 * 1000;

  private FileStore store;
  private Consumers consumers;
  private long cleanupTimer;
  private boolean cleaning;

  @Override
  public Future<?> start() {
    consumers = new Consumers(vertx);
    MongoClient mongo = MongoClient.createShared(vertx, StoreConfig.mongo(config()), "confab");
    store = new FileStore(mongo);
    long interval = FilesConfig.cleanupIntervalMs(config());
    long maxAge = FilesConfig.unreferencedMaxAgeMs(config());
    return store.prepare()
        .compose(ready -> new LegacyShares(mongo).migrate())
        .compose(ready -> Future.all(
            consumers.serve(Addresses.FILES_ATTACHMENTS_RESOLVE, this::resolve),
            consumers.serve(Addresses.FILES_ATTACHMENTS_RELEASE, this::release),
            consumers.serve(Addresses.FILES_PING, ping -> Future.succeededFuture(new JsonObject()))))
        .onSuccess(ready -> cleanupTimer = vertx.setPeriodic(interval, interval, tick -> cleanup(maxAge)
            .eventually(() -> sweepSpool(FilesConfig.spoolDir(config()).toString()))));
  }

  /** Requests in flight are answered before the store client closes; new ones go to other nodes. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(cleanupTimer);
    return consumers.drain();
  }

  /**
   * {@code {owner, fileIds, room?, clientMsgId?}} → {@code {attachments}}; every file must exist and be the
   * owner's upload. With a room, the files are shared there by that message before the answer.
   */
  private Future<Object> resolve(Message<JsonObject> request) {
    String owner = JsonInput.string(request.body(), "owner", 1, 64);
    List<String> fileIds = fileIds(request.body().getValue("fileIds"));
    String room = JsonInput.optionalString(request.body(), "room", 1, 100);
    String clientMsgId = room == null ? null : JsonInput.string(request.body(), "clientMsgId", 1, Limits.CLIENT_MSG_ID_MAX);
    Future<Object> resolved = store.byIds(fileIds).map(found -> {
      Map<String, JsonObject> byId = found.stream().collect(Collectors.toMap(file -> file.getString("_id"), Function.identity()));
      JsonArray attachments = new JsonArray();
      for (String fileId : fileIds) {
        JsonObject file = byId.get(fileId);
        if (file == null || !owner.equals(file.getString("owner"))) {
          throw ContractException.of(ErrorCode.INVALID_REQUEST);
        }
        attachments.add(FileViews.attachment(file));
      }
      return new JsonObject().put("attachments", attachments);
    });
    return room == null ? resolved : resolved.compose(answer -> store.share(owner, fileIds, room, clientMsgId).map(answer));
  }

  /** {@code {owner, room, clientMsgId}} → {@code {}}: that message is deleted, and shares its files no more. */
  private Future<Object> release(Message<JsonObject> request) {
    String owner = JsonInput.string(request.body(), "owner", 1, 64);
    String room = JsonInput.string(request.body(), "room", 1, 100);
    String clientMsgId = JsonInput.string(request.body(), "clientMsgId", 1, Limits.CLIENT_MSG_ID_MAX);
    return store.release(owner, room, clientMsgId).map(done -> new JsonObject());
  }

  private static List<String> fileIds(Object value) {
    if (!(value instanceof JsonArray array) || array.size() > ATTACHMENTS_MAX
        || !array.stream().allMatch(id -> id instanceof String text && FileViews.validId(text))) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return array.stream().map(String.class::cast).distinct().toList();
  }

  /** One run at a time on this instance; several nodes running it at once only repeat idempotent deletes. */
  Future<Integer> cleanup(long maxAge) {
    if (cleaning) {
      return Future.succeededFuture(0);
    }
    cleaning = true;
    long cutoff = System.currentTimeMillis() - maxAge;
    return store.unsharedBefore(cutoff, CLEANUP_BATCH)
        .compose(old -> {
          Future<Integer> removed = Future.succeededFuture(0);
          for (JsonObject file : old) {
            removed = removed.compose(count -> store.removeUnshared(file).map(gone -> {
              if (!gone) {
                return count;
              }
              LOG.atInfo().setMessage("file.removed").addKeyValue("fileId", file.getString("_id"))
                  .addKeyValue("owner", file.getString("owner")).addKeyValue("reason", "unreferenced").log();
              return count + 1;
            }));
          }
          return removed;
        })
        .onSuccess(count -> LOG.atDebug().setMessage("files.cleanup").addKeyValue("removed", count).log())
        .onFailure(failure -> LOG.atWarn().setMessage("files.cleanup.failed").setCause(failure).log())
        .andThen(done -> cleaning = false);
  }

  /** Spooled uploads of this node older than an hour: what a stop in the middle of an upload left. */
  private Future<Void> sweepSpool(String spool) {
    long cutoff = System.currentTimeMillis() - SPOOL_LEFTOVER_MS;
    return vertx.fileSystem().exists(spool)
        .compose(exists -> exists ? vertx.fileSystem().readDir(spool) : Future.succeededFuture(List.<String>of()))
        .compose(paths -> Future.join(paths.stream().map(path -> vertx.fileSystem().props(path)
            .compose(props -> props.isRegularFile() && props.lastModifiedTime() < cutoff
                ? vertx.fileSystem().delete(path) : Future.succeededFuture())).toList()))
        .<Void>mapEmpty()
        .recover(failure -> Future.succeededFuture());
  }
}
