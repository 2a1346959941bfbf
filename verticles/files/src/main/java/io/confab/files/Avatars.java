package io.confab.files;

import io.confab.base.Failures;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Avatars (v1.1). {@code PUT /api/v1/me/avatar}: the part (at most {@link Limits#AVATAR_MAX_BYTES}) must be
 * a PNG, JPEG, GIF or WebP picture by its bytes (415 otherwise, or when it cannot be decoded); it is
 * stored square, cut from its centre, at each of {@link Limits#AVATAR_SIDES} px, in GridFS beside the
 * uploads, with one document per avatar in {@value #COLLECTION}: {@code {_id, owner, createdAt, sizes:
 * {"128": {gridId, contentType, size, sha256}, "512": ...}}}. Auth then points the user at it
 * ({@code auth.avatar.set}) and the avatar it replaced is removed. {@code DELETE} removes it.
 *
 * <p>{@code GET /avatars/{avatarId}} (512 px; {@code ?size=128} the small one), for any signed-in user:
 * each upload has a new id, so the answer never changes and is cached for a year.
 */
final class Avatars implements Uploads.Keeper {

  static final String COLLECTION = "avatars";
  static final String CACHE_CONTROL = "private, max-age=31536000, immutable";
  private static final Logger LOG = LoggerFactory.getLogger(Avatars.class);

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final MongoClient mongo;
  private final Squares squares;
  private final Downloads downloads;

  Avatars(Vertx vertx, Authenticator authenticator, MongoClient mongo, Squares squares, Downloads downloads) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.mongo = mongo;
    this.squares = squares;
    this.downloads = downloads;
  }

  static String url(String avatarId) {
    return "/avatars/" + avatarId;
  }

  @Override
  public Future<JsonObject> keep(Uploads.Part part) {
    String avatarId = UUID.randomUUID().toString();
    JsonObject metadata = new JsonObject().put("avatarId", avatarId).put("owner", part.owner());
    return squares.store(part.spooled(), Limits.AVATAR_SIDES, avatarId, metadata, "avatar")
        .compose(sizes -> mongo.insert(COLLECTION, new JsonObject().put("_id", avatarId).put("owner", part.owner())
                .put("createdAt", System.currentTimeMillis()).put("sizes", sizes))
            .recover(failure -> squares.deleteBytes(sizes).compose(cleaned -> Future.failedFuture(failure))))
        .compose(inserted -> point(part.owner(), new JsonObject().put("id", avatarId).put("url", url(avatarId)))
            .recover(failure -> remove(avatarId).compose(removed -> Future.failedFuture(failure))));
  }

  void delete(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> point(caller.userId(), null))
        .onSuccess(user -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(user.encode()))
        .onFailure(ctx::fail);
  }

  void serve(RoutingContext ctx) {
    String avatarId = ctx.pathParam("avatarId");
    String size = ctx.request().getParam("size", String.valueOf(Limits.AVATAR_SIDES.get(Limits.AVATAR_SIDES.size() - 1)));
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> FileViews.validId(avatarId) ? mongo.findOne(COLLECTION, new JsonObject().put("_id", avatarId), null)
            : Future.succeededFuture())
        .compose(avatar -> {
          JsonObject variant = avatar == null ? null : avatar.getJsonObject("sizes").getJsonObject(size);
          if (variant == null) {
            return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
          }
          return downloads.send(ctx, "avatar", variant, CACHE_CONTROL);
        })
        .onFailure(failure -> Downloads.fail(ctx, failure));
  }

  /** Auth points the user at {@code avatar} (or none); the one it replaced is removed. The answer: the user object. */
  private Future<JsonObject> point(String userId, JsonObject avatar) {
    JsonObject request = new JsonObject().put("user", userId).put("avatar", avatar);
    return vertx.eventBus().<JsonObject>request(Addresses.AUTH_AVATAR_SET, request,
            new DeliveryOptions().setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis()))
        .recover(failure -> Future.failedFuture(Failures.toContract(failure)))
        .map(reply -> {
          String previous = reply.body().getString("previous");
          LOG.atInfo().setMessage(avatar == null ? "avatar.removed" : "avatar.set").addKeyValue("user", userId)
              .addKeyValue("avatarId", avatar == null ? null : avatar.getString("id")).addKeyValue("previous", previous).log();
          if (previous != null) {
            remove(previous);
          }
          return reply.body().getJsonObject("user");
        });
  }

  /** The document first, so nothing serves an avatar whose bytes are going; failures are logged, never answered. */
  private Future<Void> remove(String avatarId) {
    return mongo.findOneAndDelete(COLLECTION, new JsonObject().put("_id", avatarId))
        .compose(gone -> gone == null ? Future.<Void>succeededFuture() : squares.deleteBytes(gone.getJsonObject("sizes")))
        .onFailure(failure -> LOG.atWarn().setMessage("avatar.remove.failed").addKeyValue("avatarId", avatarId).setCause(failure).log())
        .otherwiseEmpty();
  }
}
