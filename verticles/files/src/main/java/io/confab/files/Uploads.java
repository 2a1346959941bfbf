package io.confab.files;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/uploads}: one multipart part named {@code file}, streamed to a spool file on disk
 * (never held in memory) and refused with 413 the moment it passes {@link Limits#UPLOAD_MAX_BYTES}, the
 * spooled part deleted. Then, on a worker: the type from the bytes (415 unless the contract accepts it),
 * the SHA-256, and a thumbnail for pictures; then the bytes go to GridFS and the document to
 * {@code files}, and the uploader gets 201 {@code {fileId, url, contentType, size, name, expiresAt,
 * thumbnailUrl?}} with URLs signed for them.
 */
final class Uploads {

  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  /** Room for the multipart framing, part headers and small form fields around the file itself. */
  static final long FRAMING_BYTES = 64 * 1024;
  static final long BODY_MAX_BYTES = Limits.UPLOAD_MAX_BYTES + FRAMING_BYTES;
  static final String FIELD = "file";
  /**
   * After the body is in, how long the part may go without a chunk before it counts as cut short: a part
   * paused for the spool file works through what it buffered, and one cut short never ends.
   */
  static final long PART_STALL_MS = 500;

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final FileStore store;
  private final Supplier<Future<UrlSigner>> signer;
  private final WorkerExecutor workers;
  private final Path spool;
  private Future<Void> spoolReady;

  Uploads(Vertx vertx, Authenticator authenticator, FileStore store, Supplier<Future<UrlSigner>> signer,
      WorkerExecutor workers, Path spool) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.store = store;
    this.signer = signer;
    this.workers = workers;
    this.spool = spool;
  }

  void receive(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Nothing of the body may be read before the caller is known: hold it while the token is checked.
    request.pause();
    authenticator.authenticateWithStore(request.getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> {
          String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
          if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST));
          }
          if (declaredLength(request) > BODY_MAX_BYTES) {
            return Future.failedFuture(ContractException.of(ErrorCode.TOO_LARGE));
          }
          Path spooled = spool.resolve(UUID.randomUUID().toString());
          return spoolDir()
              .compose(ready -> vertx.fileSystem().open(spooled.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
              .map(file -> new Receipt(ctx, caller.userId(), spooled, file));
        })
        .onSuccess(Receipt::start)
        .onFailure(refusal -> {
          discard(request);
          ctx.fail(refusal);
        });
  }

  private Future<Void> spoolDir() {
    if (spoolReady == null || spoolReady.failed()) {
      spoolReady = vertx.fileSystem().mkdirs(spool.toString());
    }
    return spoolReady;
  }

  /**
   * Reads and drops what is left of a refused body, so that the answer goes out and the connection can
   * serve the next request; a client that goes on sending far past the limit loses the connection.
   */
  private static void discard(HttpServerRequest request) {
    if (request.isEnded()) {
      return;
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > 2 * BODY_MAX_BYTES) {
        request.connection().close();
      }
    });
    request.exceptionHandler(ignored -> { });
    request.resume();
  }

  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** One upload in flight, confined to the request's event loop. */
  private final class Receipt {

    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final String owner;
    private final Path spooled;
    private final Path thumbnail;
    private final AsyncFile file;
    private final Promise<Void> partEnded = Promise.promise();
    private HttpServerFileUpload part;
    private String clientName;
    private long bodyBytes;
    private long fileBytes;
    /** Chunks of the part seen so far: what tells a part still working through its buffer from one cut short. */
    private long partChunks;
    private boolean bodyIn;
    /** Refused, or complete and being stored: nothing arriving after that matters. */
    private boolean finished;

    Receipt(RoutingContext ctx, String owner, Path spooled, AsyncFile file) {
      this.ctx = ctx;
      this.request = ctx.request();
      this.owner = owner;
      this.spooled = spooled;
      this.thumbnail = spooled.resolveSibling(spooled.getFileName() + ".thumbnail");
      this.file = file;
    }

    void start() {
      try {
        request.setExpectMultipart(true);
      } catch (IllegalStateException malformed) {
        refuse(ContractException.of(ErrorCode.INVALID_REQUEST));
        return;
      }
      request.handler(this::counted);
      request.uploadHandler(this::part);
      request.exceptionHandler(this::broken);
      request.endHandler(ended -> bodyEnded());
      request.resume();
    }

    /** Every byte of the body counts, whatever part it belongs to. */
    private void counted(Buffer chunk) {
      bodyBytes += chunk.length();
      if (bodyBytes > BODY_MAX_BYTES) {
        refuse(ContractException.of(ErrorCode.TOO_LARGE));
      }
    }

    private void part(HttpServerFileUpload upload) {
      if (finished || part != null || !FIELD.equals(upload.name())) {
        upload.handler(ignored -> { });
        return;
      }
      part = upload;
      clientName = upload.filename();
      upload.handler(chunk -> {
        if (finished) {
          return;
        }
        partChunks++;
        fileBytes += chunk.length();
        if (fileBytes > Limits.UPLOAD_MAX_BYTES) {
          refuse(ContractException.of(ErrorCode.TOO_LARGE));
          return;
        }
        file.write(chunk).onFailure(this::broken);
        if (file.writeQueueFull()) {
          upload.pause();
          file.drainHandler(drained -> upload.resume());
        }
      });
      upload.exceptionHandler(this::broken);
      upload.endHandler(ended -> {
        partEnded.tryComplete();
        if (bodyIn) {
          complete();
        }
      });
    }

    /**
     * The whole body is in. The part may still be open: paused while the spool file caught up, it works
     * through what it buffered and then ends; cut short (the body ended before its closing boundary), it
     * never ends, and is refused once it has gone {@link #PART_STALL_MS} without a chunk.
     */
    private void bodyEnded() {
      bodyIn = true;
      if (part == null) {
        refuse(ContractException.of(ErrorCode.INVALID_REQUEST));
      } else if (partEnded.future().isComplete()) {
        complete();
      } else {
        awaitPart(partChunks);
      }
    }

    private void awaitPart(long chunksBefore) {
      vertx.setTimer(PART_STALL_MS, timer -> {
        if (finished) {
          return;
        }
        if (partChunks == chunksBefore) {
          refuse(ContractException.of(ErrorCode.INVALID_REQUEST));
        } else {
          awaitPart(partChunks);
        }
      });
    }

    private void complete() {
      if (finished) {
        return;
      }
      finished = true;
      store();
    }

    private void broken(Throwable failure) {
      refuse(failure instanceof DecoderException || failure instanceof IllegalStateException
          ? ContractException.of(ErrorCode.INVALID_REQUEST) : failure);
    }

    private void refuse(Throwable refusal) {
      if (finished) {
        return;
      }
      finished = true;
      file.close().eventually(() -> deleteSpooled());
      if (part != null) {
        part.resume();
      }
      discard(request);
      LOG.atDebug().setMessage("file.refused").addKeyValue("owner", owner).addKeyValue("bytes", fileBytes)
          .addKeyValue("cause", String.valueOf(refusal)).log();
      ctx.fail(refusal);
    }

    private void store() {
      if (fileBytes == 0) {
        file.close().eventually(() -> deleteSpooled());
        ctx.fail(ContractException.of(ErrorCode.INVALID_REQUEST));
        return;
      }
      long size = fileBytes;
      file.close()
          .compose(closed -> workers.executeBlocking(() -> inspect(spooled, thumbnail), false))
          .compose(inspection -> keep(inspection, size))
          .eventually(() -> deleteSpooled())
          .compose(stored -> signer.get().map(urls -> FileViews.signed(stored, urls, owner, System.currentTimeMillis())))
          .onSuccess(view -> ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(view.encode()))
          .onFailure(ctx::fail);
    }

    /** The bytes to GridFS (original, then thumbnail), then the document; bytes of a failed store are removed. */
    private Future<JsonObject> keep(Inspection inspection, long size) {
      String fileId = UUID.randomUUID().toString();
      JsonObject metadata = new JsonObject().put("fileId", fileId).put("owner", owner);
      return putFile(spooled, fileId, metadata.copy().put("variant", "original")).compose(gridId -> {
        Future<String> thumbnailStored = inspection.thumbnail() == null ? Future.succeededFuture()
            : putFile(inspection.thumbnail().file(), fileId + ".thumbnail", metadata.copy().put("variant", "thumbnail"));
        return thumbnailStored.compose(thumbnailGridId -> {
          JsonObject stored = new JsonObject()
              .put("_id", fileId)
              .put("owner", owner)
              .put("name", FileViews.safeName(clientName, inspection.contentType()))
              .put("contentType", inspection.contentType())
              .put("size", size)
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
                    .addKeyValue("contentType", inspection.contentType()).addKeyValue("size", size)
                    .addKeyValue("thumbnail", thumbnailGridId != null).log();
                return stored;
              });
        }).recover(failure -> thumbnailStored.failed() ? store.deleteBytes(gridId, null).compose(cleaned -> Future.failedFuture(failure))
            : Future.failedFuture(failure));
      });
    }

    private Future<String> putFile(Path path, String name, JsonObject metadata) {
      return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
          .compose(source -> store.put(source, name, metadata).eventually(() -> source.close()));
    }

    private Future<Void> deleteSpooled() {
      return Future.all(delete(spooled), delete(thumbnail)).mapEmpty();
    }

    private Future<Void> delete(Path path) {
      return vertx.fileSystem().delete(path.toString()).recover(absent -> Future.succeededFuture());
    }
  }

  record Inspection(String contentType, String sha256, Thumbnails.Thumbnail thumbnail, long thumbnailSize, String thumbnailSha256) {
  }

  /** Blocking: the detected type (415 unless accepted), the hash, and the thumbnail of a picture. */
  static Inspection inspect(Path spooled, Path thumbnailTarget) throws IOException {
    String type = ContentTypes.detect(spooled);
    if (!ContentTypes.accepted(type)) {
      LOG.atInfo().setMessage("file.unsupported").addKeyValue("detected", type).log();
      throw ContractException.of(ErrorCode.UNSUPPORTED_TYPE);
    }
    String sha256 = sha256(spooled);
    Thumbnails.Thumbnail thumbnail = Thumbnails.make(spooled, type, thumbnailTarget).orElse(null);
    return thumbnail == null ? new Inspection(type, sha256, null, 0, null)
        : new Inspection(type, sha256, thumbnail, Files.size(thumbnail.file()), sha256(thumbnail.file()));
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
