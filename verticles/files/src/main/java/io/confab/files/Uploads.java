package io.confab.files;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.edge.Authenticator;
import io.netty.handler.codec.DecoderException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A multipart upload, received: one part named {@code file}, streamed to a spool file on disk (never held
 * in memory) and refused with 413 the moment it passes the limit, the spooled part deleted. A
 * {@link Keeper} then makes of the spooled bytes what its route keeps (a shared file, an avatar) and the
 * answer; the spool file is deleted after it, whatever happened.
 */
final class Uploads {

  private static final Logger LOG = LoggerFactory.getLogger(Uploads.class);
  /** Room for the multipart framing, part headers and small form fields around the file itself. */
  static final long FRAMING_BYTES = 64 * 1024;
  static final String FIELD = "file";
  /**
   * After the body is in, how long the part may go without a chunk before it counts as cut short: a part
   * paused for the spool file works through what it buffered, and one cut short never ends.
   */
  static final long PART_STALL_MS = 500;

  /** The part whole on disk, who sent it, and the route's path parameters. */
  record Part(String owner, Path spooled, String clientName, long size, Map<String, String> path) {
  }

  /** What a route keeps of a part: the answer's body, or a failure ({@code ContractException} for the client's). */
  interface Keeper {

    /** Before a byte of the body is read: a refusal here (who may not upload there, a bad name) is answered at once. */
    default Future<Void> admit(String caller, Map<String, String> path) {
      return Future.succeededFuture();
    }

    Future<JsonObject> keep(Part part);
  }

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final Path spool;
  private final long maxBytes;
  private final long bodyMax;
  private final int status;
  private final Keeper keeper;
  private Future<Void> spoolReady;

  /** Parts of at most {@code maxBytes}, kept by {@code keeper}, answered with {@code status}. */
  Uploads(Vertx vertx, Authenticator authenticator, Path spool, long maxBytes, int status, Keeper keeper) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.spool = spool;
    this.maxBytes = maxBytes;
    this.bodyMax = maxBytes + FRAMING_BYTES;
    this.status = status;
    this.keeper = keeper;
  }

  void receive(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // Nothing of the body may be read before the caller is known: hold it while the token is checked.
    request.pause();
    authenticator.authenticateWithStore(request.getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> keeper.admit(caller.userId(), ctx.pathParams()).map(caller))
        .compose(caller -> {
          String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
          if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return Future.failedFuture(ContractException.of(ErrorCode.INVALID_REQUEST));
          }
          if (declaredLength(request) > bodyMax) {
            return Future.failedFuture(ContractException.of(ErrorCode.TOO_LARGE));
          }
          Path spooled = spool.resolve(UUID.randomUUID().toString());
          return spoolDir()
              .compose(ready -> vertx.fileSystem().open(spooled.toString(), new OpenOptions().setWrite(true).setCreateNew(true)))
              .map(file -> new Receipt(ctx, caller.userId(), spooled, file));
        })
        .onSuccess(Receipt::start)
        .onFailure(refusal -> {
          discard(request, bodyMax);
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
  private static void discard(HttpServerRequest request, long bodyMax) {
    if (request.isEnded()) {
      return;
    }
    long[] dropped = {0};
    request.handler(chunk -> {
      dropped[0] += chunk.length();
      if (dropped[0] > 2 * bodyMax) {
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
      if (bodyBytes > bodyMax) {
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
        if (fileBytes > maxBytes) {
          refuse(ContractException.of(ErrorCode.TOO_LARGE));
          return;
        }
        file.write(chunk).onFailure(this::refuse);
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

    /**
     * The body broke off or could not be read, the client's doing: a decoder's failure is answered by
     * HttpErrors (a form field over the limit {@code too_large}), any other {@code invalid_request}.
     */
    private void broken(Throwable failure) {
      refuse(failure instanceof DecoderException ? failure : ContractException.of(ErrorCode.INVALID_REQUEST));
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
      discard(request, bodyMax);
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
      Part whole = new Part(owner, spooled, clientName, fileBytes, Map.copyOf(ctx.pathParams()));
      file.close()
          .compose(closed -> keeper.keep(whole))
          .eventually(() -> deleteSpooled())
          .onSuccess(view -> ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(view.encode()))
          .onFailure(ctx::fail);
    }

    private Future<Void> deleteSpooled() {
      return vertx.fileSystem().delete(spooled.toString()).recover(absent -> Future.succeededFuture());
    }
  }
}
