package io.confab.files;

import io.confab.base.JsonInput;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.edge.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /files/{fileId}} and {@code GET /files/{fileId}/thumbnail}: the caller is the bearer token's
 * user, or the user a signed URL was made for; a caller who may not read the file gets 404, exactly as
 * for a file that does not exist. The bytes stream from GridFS with the stored type, {@code nosniff},
 * a safe {@code Content-Disposition}, {@code Cache-Control: private}, an ETag from the SHA-256 (304 on
 * {@code If-None-Match}) and single byte ranges (206, 416).
 *
 * <p>{@code POST /api/v1/files/urls} {@code {fileIds: [fileId]}}: signed URLs for the files among those
 * the caller may read, {@code {urls: {fileId: {fileId, url, contentType, size, name, expiresAt,
 * thumbnailUrl?}}}}; the others are left out.
 */
final class Downloads {

  private static final Logger LOG = LoggerFactory.getLogger(Downloads.class);
  static final String CACHE_CONTROL = "private, max-age=300";
  static final int URLS_MAX = 100;

  private final Authenticator authenticator;
  private final FileStore store;
  private final FileAccess access;
  private final Supplier<Future<UrlSigner>> signer;

  Downloads(Authenticator authenticator, FileStore store, FileAccess access, Supplier<Future<UrlSigner>> signer) {
    this.authenticator = authenticator;
    this.store = store;
    this.access = access;
    this.signer = signer;
  }

  void original(RoutingContext ctx) {
    serve(ctx, false);
  }

  void thumbnail(RoutingContext ctx) {
    serve(ctx, true);
  }

  void signUrls(RoutingContext ctx) {
    authenticator.authenticateWithStore(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> signer.get().compose(urls -> {
          List<String> fileIds = fileIds(JsonInput.object(ctx.body().buffer()).getValue("fileIds"));
          long now = System.currentTimeMillis();
          List<Future<JsonObject>> each = fileIds.stream()
              .map(fileId -> access.readable(fileId, caller.userId())
                  .map(file -> FileViews.signed(file, urls, caller.userId(), now))
                  .recover(failure -> failure instanceof ContractException refusal && refusal.error() == ErrorCode.NOT_FOUND
                      ? Future.succeededFuture() : Future.failedFuture(failure)))
              .toList();
          return Future.all(each).map(done -> {
            JsonObject found = new JsonObject();
            each.forEach(view -> {
              if (view.result() != null) {
                found.put(view.result().getString("fileId"), view.result());
              }
            });
            return new JsonObject().put("urls", found);
          });
        }))
        .onSuccess(answer -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.encode()))
        .onFailure(ctx::fail);
  }

  private static List<String> fileIds(Object value) {
    if (!(value instanceof JsonArray array) || array.isEmpty() || array.size() > URLS_MAX
        || !array.stream().allMatch(id -> id instanceof String text && !text.isEmpty() && text.length() <= 64)) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return array.stream().map(String.class::cast).distinct().toList();
  }

  private void serve(RoutingContext ctx, boolean thumbnail) {
    String fileId = ctx.pathParam("fileId");
    String path = thumbnail ? FileViews.thumbnailPath(fileId) : FileViews.path(fileId);
    caller(ctx, path)
        .compose(userId -> access.readable(fileId, userId))
        .compose(file -> {
          JsonObject variant = thumbnail ? file.getJsonObject("thumbnail") : file;
          if (variant == null) {
            return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
          }
          return send(ctx, file.getString("name"), variant, CACHE_CONTROL);
        })
        .onFailure(failure -> fail(ctx, failure));
  }

  /** A signed URL when the query carries one, otherwise the bearer token; neither, or a bad one, is 401. */
  private Future<String> caller(RoutingContext ctx, String path) {
    String sig = ctx.request().getParam("sig");
    if (sig == null) {
      return authenticator.authenticateWithStore(ctx.request().getHeader(HttpHeaders.AUTHORIZATION)).map(Authenticator.Caller::userId);
    }
    return signer.get().compose(urls -> urls.verify(path, ctx.request().getParam("u"), ctx.request().getParam("exp"), sig,
            System.currentTimeMillis())
        .map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(ContractException.of(ErrorCode.UNAUTHORIZED))));
  }

  /** The stored bytes of {@code variant} ({@code gridId, contentType, size, sha256}) under the given name and caching. */
  Future<Void> send(RoutingContext ctx, String name, JsonObject variant, String cacheControl) {
    HttpServerResponse response = ctx.response();
    String contentType = variant.getString("contentType");
    long size = variant.getLong("size");
    String etag = "\"" + variant.getString("sha256") + "\"";
    // Never compressed: lengths, ranges and the ETag are of the bytes as stored (and pictures do not shrink).
    response.putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
        .putHeader(HttpHeaders.ETAG, etag)
        .putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
        .putHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
    if (Http.matches(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
      response.setStatusCode(304).end();
      return Future.succeededFuture();
    }
    ByteRange range = ByteRange.parse(ctx.request().getHeader("Range"), size);
    String ifRange = ctx.request().getHeader("If-Range");
    if (range != null && ifRange != null && !ifRange.trim().equals(etag)) {
      range = null; // the client's copy is another version: the whole file
    }
    if (range == ByteRange.UNSATISFIABLE) {
      response.setStatusCode(416).putHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size).end();
      return Future.succeededFuture();
    }
    long first = range == null ? 0 : range.first();
    long last = range == null ? size - 1 : range.last();
    response.putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader(HttpHeaders.CONTENT_DISPOSITION, Http.disposition(ContentTypes.inline(contentType), name))
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(last - first + 1));
    if (range != null) {
      response.setStatusCode(206).putHeader(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
    }
    if (ctx.request().method() == HttpMethod.HEAD) {
      response.end();
      return Future.succeededFuture();
    }
    return store.read(variant.getString("gridId")).compose(bytes -> stream(bytes, new ByteRangeWriter(response, first, last)));
  }

  private static Future<Void> stream(ReadStream<Buffer> bytes, ByteRangeWriter writer) {
    return bytes.pipe().endOnFailure(false).to(writer);
  }

  /** Before any byte went out: the contract's error answer without the file's headers; after: the connection is cut. */
  static void fail(RoutingContext ctx, Throwable failure) {
    HttpServerResponse response = ctx.response();
    if (!response.headWritten()) {
      for (CharSequence header : List.of(HttpHeaders.CONTENT_ENCODING, HttpHeaders.ETAG, HttpHeaders.CACHE_CONTROL, HttpHeaders.VARY, HttpHeaders.ACCEPT_RANGES, HttpHeaders.CONTENT_TYPE,
          HttpHeaders.CONTENT_DISPOSITION, HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_RANGE)) {
        response.headers().remove(header);
      }
    } else if (!(failure instanceof ContractException)) {
      LOG.atWarn().setMessage("file.stream.failed").addKeyValue("path", ctx.normalizedPath()).setCause(failure).log();
    }
    ctx.fail(failure);
  }

  /** HTTP details of the answer. */
  static final class Http {

    /** {@code If-None-Match}: a list of entity tags (weak ones compare by their value) or {@code *}. */
    static boolean matches(String ifNoneMatch, String etag) {
      if (ifNoneMatch == null) {
        return false;
      }
      for (String candidate : ifNoneMatch.split(",")) {
        String tag = candidate.trim();
        if (tag.startsWith("W/")) {
          tag = tag.substring(2);
        }
        if (tag.equals("*") || tag.equals(etag)) {
          return true;
        }
      }
      return false;
    }

    /** {@code inline} or {@code attachment}, an ASCII file name, and the same name in RFC 5987 form. */
    static String disposition(boolean inline, String name) {
      String safe = name == null || name.isEmpty() ? "file" : name.replaceAll("[^A-Za-z0-9._ -]", "_");
      return (inline ? "inline" : "attachment") + "; filename=\"" + safe + "\"; filename*=UTF-8''"
          + URLEncoder.encode(safe, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Http() {
    }
  }
}
