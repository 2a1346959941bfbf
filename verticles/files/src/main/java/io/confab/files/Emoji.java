package io.confab.files;

import io.confab.base.Failures;
import io.confab.base.StreamEvent;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.confab.edge.Authenticator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's custom emoji (an addition to the contract): pictures a group's or channel's admins upload under
 * a {@code :name:}, which its members then use in text and as reactions. The picture goes through the
 * avatars' checks and is re-encoded square at {@link Limits#CUSTOM_EMOJI_SIDE} px ({@link Squares}); one
 * document per emoji in {@value #COLLECTION}: {@code {_id, room, name, createdBy, createdAt, sizes}}, the
 * pair (room, name) unique.
 *
 * <p>Who may do what is chat's room as the caller sees it ({@code chat.rooms.get}): members list and read
 * the pictures, admins upload and remove. Each change publishes {@code {type: "emoji", room, emoji}} (the
 * room's whole list) as a room event, so open pages redraw. It has no rev: the list is asked again when a
 * room is opened, so a page that missed one loses nothing.
 */
final class Emoji implements Uploads.Keeper {

  static final String COLLECTION = "emoji";
  private static final Pattern NAME = Pattern.compile(Limits.EMOJI_NAME_PATTERN);
  private static final Logger LOG = LoggerFactory.getLogger(Emoji.class);

  private final Vertx vertx;
  private final Authenticator authenticator;
  private final MongoClient mongo;
  private final Squares squares;
  private final Downloads downloads;
  private Future<Void> indexed;

  Emoji(Vertx vertx, Authenticator authenticator, MongoClient mongo, Squares squares, Downloads downloads) {
    this.vertx = vertx;
    this.authenticator = authenticator;
    this.mongo = mongo;
    this.squares = squares;
    this.downloads = downloads;
  }

  static String url(String emojiId) {
    return "/emoji/" + emojiId;
  }

  /** {@code GET /api/v1/rooms/{room}/emoji}: the room's emoji by name, for its members. */
  void list(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> member(ctx.pathParam("room"), caller.userId()))
        .compose(room -> views(room.getString("id")))
        .onSuccess(list -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(list.encode()))
        .onFailure(ctx::fail);
  }

  /** {@code PUT .../emoji/{name}}, before the body: a valid name, the caller an admin, the name free, room left. */
  @Override
  public Future<Void> admit(String caller, Map<String, String> path) {
    String name = name(path.get("name"));
    return admin(path.get("room"), caller)
        .compose(room -> Future.all(
            mongo.count(COLLECTION, new JsonObject().put("room", room.getString("id"))),
            mongo.findOne(COLLECTION, new JsonObject().put("room", room.getString("id")).put("name", name), new JsonObject())))
        .compose(both -> {
          if (both.resultAt(1) != null) {
            return Future.failedFuture(ContractException.of(ErrorCode.CONFLICT));
          }
          long count = both.resultAt(0);
          return count >= Limits.CUSTOM_EMOJI_PER_ROOM_MAX
              ? Future.failedFuture(ContractException.of(ErrorCode.EMOJI_LIMIT)) : Future.succeededFuture();
        });
  }

  /**
   * The picture made and stored, then the document: its unique index settles two uploads of one name at
   * once (409, the loser's bytes removed). Admitted already; the room is read again for its members.
   */
  @Override
  public Future<JsonObject> keep(Uploads.Part part) {
    String name = name(part.path().get("name"));
    String emojiId = UUID.randomUUID().toString();
    return admin(part.path().get("room"), part.owner()).compose(room -> {
      String roomId = room.getString("id");
      JsonObject metadata = new JsonObject().put("emojiId", emojiId).put("room", roomId).put("name", name);
      JsonObject emoji = new JsonObject().put("_id", emojiId).put("room", roomId).put("name", name)
          .put("createdBy", part.owner()).put("createdAt", System.currentTimeMillis());
      return squares.store(part.spooled(), List.of(Limits.CUSTOM_EMOJI_SIDE), emojiId, metadata, "emoji")
          .compose(sizes -> prepared().compose(ready -> mongo.insert(COLLECTION, emoji.put("sizes", sizes)))
              .recover(failure -> squares.deleteBytes(sizes).compose(cleaned -> Future.failedFuture(
                  Failures.duplicateKey(failure) ? ContractException.of(ErrorCode.CONFLICT) : failure))))
          .compose(inserted -> {
            LOG.atInfo().setMessage("emoji.added").addKeyValue("room", roomId).addKeyValue("name", name)
                .addKeyValue("emojiId", emojiId).addKeyValue("user", part.owner()).log();
            return announce(room);
          })
          .map(announced -> view(emoji));
    });
  }

  /** {@code DELETE .../emoji/{name}}, admins: 204, or 404 when the room has no such emoji. */
  void delete(RoutingContext ctx) {
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> {
          String name = name(ctx.pathParam("name"));
          return admin(ctx.pathParam("room"), caller.userId()).compose(room -> mongo
              .findOneAndDelete(COLLECTION, new JsonObject().put("room", room.getString("id")).put("name", name))
              .compose(gone -> {
                if (gone == null) {
                  return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
                }
                LOG.atInfo().setMessage("emoji.removed").addKeyValue("room", room.getString("id")).addKeyValue("name", name)
                    .addKeyValue("emojiId", gone.getString("_id")).addKeyValue("user", caller.userId()).log();
                // The document is gone, so nothing serves it; its bytes follow, a failure only logged.
                squares.deleteBytes(gone.getJsonObject("sizes")).onFailure(failure -> LOG.atWarn()
                    .setMessage("emoji.remove.failed").addKeyValue("emojiId", gone.getString("_id")).setCause(failure).log());
                return announce(room);
              }));
        })
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /emoji/{emojiId}}: the picture, to the members of its room (anyone else 404, as for none).
   * Each upload has a new id, so the answer never changes and is cached for a year.
   */
  void serve(RoutingContext ctx) {
    String emojiId = ctx.pathParam("emojiId");
    authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION))
        .compose(caller -> (FileViews.validId(emojiId) ? mongo.findOne(COLLECTION, new JsonObject().put("_id", emojiId), null)
            : Future.<JsonObject>succeededFuture())
            .compose(emoji -> emoji == null ? notFound() : member(emoji.getString("room"), caller.userId())
                // Not a member, or a channel not joined: as for no emoji at all. A failure of chat stays one.
                .recover(refused -> refused instanceof ContractException refusal
                    && (refusal.error() == ErrorCode.NOT_MEMBER || refusal.error() == ErrorCode.NOT_FOUND) ? notFound() : Future.failedFuture(refused))
                .map(room -> emoji.getJsonObject("sizes").getJsonObject(String.valueOf(Limits.CUSTOM_EMOJI_SIDE)))))
        .compose(variant -> downloads.send(ctx, "emoji", variant, Avatars.CACHE_CONTROL))
        .onFailure(failure -> Downloads.fail(ctx, failure));
  }

  private static String name(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw ContractException.of(ErrorCode.INVALID_REQUEST);
    }
    return name;
  }

  /** The unique index, made once; a failed try is made again next time. */
  private Future<Void> prepared() {
    if (indexed == null || indexed.failed()) {
      indexed = mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("room", 1).put("name", 1),
          new IndexOptions().name("emoji_room_name").unique(true));
    }
    return indexed;
  }

  /** The room's list to its members, on the room's stream. */
  private Future<Void> announce(JsonObject room) {
    String roomId = room.getString("id");
    List<String> members = room.getJsonArray("members").stream().map(String.class::cast).toList();
    return views(roomId).map(list -> {
      StreamEvent.publishToRoom(vertx.eventBus(), roomId, members,
          new JsonObject().put("type", "emoji").put("room", roomId).put("emoji", list));
      return null;
    });
  }

  private Future<JsonArray> views(String roomId) {
    // Bounded all the same: uploads at the same moment may pass the room's count by a few (admit counts, the insert does not).
    FindOptions byName = new FindOptions().setSort(new JsonObject().put("name", 1)).setLimit(Limits.CUSTOM_EMOJI_PER_ROOM_MAX * 2);
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("room", roomId), byName)
        .map(found -> new JsonArray(found.stream().map(Emoji::view).toList()));
  }

  private static JsonObject view(JsonObject emoji) {
    return new JsonObject().put("name", emoji.getString("name")).put("url", url(emoji.getString("_id")))
        .put("createdBy", emoji.getString("createdBy")).put("createdAt", emoji.getLong("createdAt"));
  }

  /** The room as chat shows it to the caller, a member ({@code not_member} for a channel one has not joined; 404 unseen). */
  private Future<JsonObject> member(String roomId, String caller) {
    return room(roomId, caller).compose(room -> room.getJsonArray("members").contains(caller)
        ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.NOT_MEMBER)));
  }

  /** The room, the caller one of its admins (403 {@code forbidden} for another member). */
  private Future<JsonObject> admin(String roomId, String caller) {
    return member(roomId, caller).compose(room -> room.getJsonArray("admins").contains(caller)
        ? Future.succeededFuture(room) : Future.failedFuture(ContractException.of(ErrorCode.FORBIDDEN)));
  }

  private Future<JsonObject> room(String roomId, String caller) {
    if (roomId == null || roomId.isEmpty() || roomId.length() > 100) {
      return notFound();
    }
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(Limits.BUS_REQUEST_TIMEOUT.toMillis()).addHeader(Headers.USER, caller);
    return vertx.eventBus().<JsonObject>request(Addresses.ROOMS_GET, new JsonObject().put("room", roomId), options)
        .map(reply -> reply.body())
        .recover(failure -> Future.failedFuture(Failures.toContract(failure)));
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
  }
}
