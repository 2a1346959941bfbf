package io.confab.auth;

import io.confab.base.Failures;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts in MongoDB ({@code users}). One account per normalized email is MongoDB's to enforce
 * (a unique index), so two nodes registering the same address at once still make one account.
 */
final class Users {

  static final String COLLECTION = "users";
  static final int SEARCH_LIMIT = 20;
  /** Ids per public lookup: a page asks for the names of a room's members in pages of this many. */
  static final int LOOKUP_LIMIT = 100;
  /** Where a user's TOTP secrets are kept, sealed by {@link SecretsKey}. */
  static final List<String> TOTP_FIELDS = List.of("totpSecret", "totpPendingSecret");
  private static final Logger LOG = LoggerFactory.getLogger(Users.class);
  private static final Pattern REGEX_SPECIAL = Pattern.compile("[\\\\^$.|?*+()\\[\\]{}]");

  private final MongoClient mongo;

  Users(MongoClient mongo) {
    this.mongo = mongo;
  }

  Future<Void> prepare() {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("email", 1),
            new IndexOptions().name("users_email_unique").unique(true))
        .compose(done -> mongo.createIndexWithOptions(COLLECTION, new JsonObject().put("displayNameLower", 1),
            new IndexOptions().name("users_display_name")));
  }

  /** A new, unverified account; {@code email_taken} when the address has one. */
  Future<JsonObject> create(String email, String passwordHash, String displayName, String language) {
    JsonObject user = new JsonObject()
        .put("_id", UUID.randomUUID().toString())
        .put("email", email)
        .put("displayName", displayName)
        .put("displayNameLower", displayName.toLowerCase(Locale.ROOT))
        .put("language", language)
        .put("passwordHash", passwordHash)
        .put("verified", false)
        .put("totpEnabled", false)
        .put("createdAt", System.currentTimeMillis());
    return mongo.insert(COLLECTION, user)
        .map(user)
        .recover(failure -> Future.failedFuture(Failures.duplicateKey(failure) ? ContractException.of(ErrorCode.EMAIL_TAKEN) : failure));
  }

  Future<JsonObject> byEmail(String email) {
    return mongo.findOne(COLLECTION, new JsonObject().put("email", email), null);
  }

  Future<JsonObject> byId(String id) {
    return mongo.findOne(COLLECTION, new JsonObject().put("_id", id), null);
  }

  /** The account, or {@code not_found}. */
  Future<JsonObject> existing(String id) {
    return byId(id).compose(user -> user == null ? Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND)) : Future.succeededFuture(user));
  }

  /** Applies {@code $set} (and {@code $unset}) and answers the account as it is now. */
  Future<JsonObject> update(String id, JsonObject set, JsonObject unset) {
    JsonObject update = new JsonObject();
    if (!set.isEmpty()) {
      update.put("$set", set);
    }
    if (unset != null && !unset.isEmpty()) {
      update.put("$unset", unset);
    }
    if (update.isEmpty()) {
      return existing(id);
    }
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
            new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
        .compose(user -> user == null ? Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND)) : Future.succeededFuture(user));
  }

  /** Verified users whose display name starts with {@code prefix}, any case: ids and names only. */
  Future<JsonArray> search(String prefix) {
    String pattern = "^" + REGEX_SPECIAL.matcher(prefix.toLowerCase(Locale.ROOT)).replaceAll("\\\\$0");
    JsonObject query = new JsonObject()
        .put("verified", true)
        .put("displayNameLower", new JsonObject().put("$regex", pattern));
    FindOptions options = new FindOptions().setLimit(SEARCH_LIMIT)
        .setSort(new JsonObject().put("displayNameLower", 1))
        .setFields(new JsonObject().put("_id", 1).put("displayName", 1).put("avatar", 1));
    return mongo.findWithOptions(COLLECTION, query, options).map(Users::directory);
  }

  /** Verified users among {@code ids}: ids and names only, as the search answers them. */
  Future<JsonArray> named(java.util.List<String> ids) {
    FindOptions options = new FindOptions().setFields(new JsonObject().put("_id", 1).put("displayName", 1).put("avatar", 1).put("verified", 1));
    return verifiedAmong(ids, options).map(Users::directory);
  }

  /**
   * The verified users among {@code ids}. Asked by id alone and the unverified left out here: the embedded
   * store serves a query from an index only when its fields are the index's, so adding {@code verified}
   * to the filter read every user instead of looking each id up.
   */
  private Future<List<JsonObject>> verifiedAmong(List<?> ids, FindOptions withVerified) {
    return mongo.findWithOptions(COLLECTION, new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(new ArrayList<>(ids)))),
        withVerified).map(found -> found.stream().filter(user -> user.getBoolean("verified", false)).toList());
  }

  /** Verified users among {@code ids}: ids, names, languages and receipts setting (what other verticles show, translate and list readers by). */
  Future<JsonArray> lookup(java.util.List<Object> ids, boolean withEmail) {
    FindOptions options = new FindOptions().setFields(new JsonObject().put("_id", 1).put("displayName", 1).put("language", 1).put("email", 1)
        .put("readReceipts", 1).put("verified", 1));
    return verifiedAmong(ids, options)
        .map(found -> new JsonArray(found.stream().map(user -> {
          JsonObject entry = new JsonObject().put("id", user.getString("_id"))
              .put("displayName", user.getString("displayName")).put("language", user.getString("language"))
              .put("readReceipts", user.getBoolean("readReceipts", true));
          return withEmail ? entry.put("email", user.getString("email")) : entry;
        }).toList()));
  }

  private static JsonArray directory(java.util.List<JsonObject> found) {
    return new JsonArray(found.stream().map(Users::profile).toList());
  }

  /** What anyone may see of a user: {@code {id, displayName, avatarUrl?}}. */
  static JsonObject profile(JsonObject user) {
    return withAvatar(new JsonObject().put("id", user.getString("_id")).put("displayName", user.getString("displayName")), user);
  }

  /**
   * Sets (or, with null, removes) the user's avatar {@code {id, url}}: the account as it is now, and the id
   * of the avatar it replaced (null when none), read in the same step so that two uploads at once each
   * learn a different previous one and none is left behind.
   */
  Future<AvatarChange> setAvatar(String id, JsonObject avatar) {
    JsonObject update = avatar == null ? new JsonObject().put("$unset", new JsonObject().put("avatar", ""))
        : new JsonObject().put("$set", new JsonObject().put("avatar", avatar));
    return mongo.findOneAndUpdateWithOptions(COLLECTION, new JsonObject().put("_id", id), update,
            new FindOptions(), new UpdateOptions().setReturningNewDocument(false))
        .compose(before -> {
          if (before == null) {
            return Future.failedFuture(ContractException.of(ErrorCode.NOT_FOUND));
          }
          JsonObject previous = before.getJsonObject("avatar");
          JsonObject after = before.copy();
          if (avatar == null) {
            after.remove("avatar");
          } else {
            after.put("avatar", avatar);
          }
          return Future.succeededFuture(new AvatarChange(after, previous == null ? null : previous.getString("id")));
        });
  }

  record AvatarChange(JsonObject user, String previous) {
  }

  /** The contract's {@code avatarUrl}, for a user who has one. */
  private static JsonObject withAvatar(JsonObject view, JsonObject user) {
    JsonObject avatar = user.getJsonObject("avatar");
    return avatar == null ? view : view.put("avatarUrl", avatar.getString("url"));
  }

  /**
   * Seals every TOTP secret still kept in clear (before encryption at rest) or under an earlier secrets
   * key; a record that cannot be opened is left as it is and logged.
   */
  Future<Void> sealTotpSecrets(SecretsKey secrets) {
    JsonArray stale = new JsonArray();
    TOTP_FIELDS.forEach(field -> stale.add(new JsonObject()
        .put(field, new JsonObject().put("$exists", true))
        .put(field + ".keyId", new JsonObject().put("$ne", secrets.currentId()))));
    return mongo.find(COLLECTION, new JsonObject().put("$or", stale))
        .compose(found -> Future.join(found.stream().map(user -> reseal(user, secrets)
            .onFailure(failure -> LOG.atWarn().setMessage("auth.totp.reseal.failed").addKeyValue("user", user.getString("_id"))
                .addKeyValue("error", failure.getMessage()).log())).toList())
            .onComplete(done -> {
              if (!found.isEmpty()) {
                LOG.atInfo().setMessage("auth.totp.resealed").addKeyValue("users", found.size()).log();
              }
            }))
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }

  private Future<Void> reseal(JsonObject user, SecretsKey secrets) {
    String id = user.getString("_id");
    JsonObject filter = new JsonObject().put("_id", id);
    JsonObject set = new JsonObject();
    try {
      TOTP_FIELDS.forEach(field -> {
        Object stored = user.getValue(field);
        if (stored instanceof String || stored instanceof JsonObject) {
          filter.put(field, stored);
          set.put(field, secrets.seal(secrets.open(stored, id), id));
        }
      });
    } catch (IllegalStateException unopened) {
      return Future.failedFuture(unopened);
    }
    return set.isEmpty() ? Future.succeededFuture()
        : mongo.updateCollection(COLLECTION, filter, new JsonObject().put("$set", set)).mapEmpty();
  }

  /** The contract's user object; the email only for the user themself. */
  static JsonObject view(JsonObject user, boolean self) {
    JsonObject view = new JsonObject()
        .put("id", user.getString("_id"))
        .put("displayName", user.getString("displayName"))
        .put("language", user.getString("language"))
        .put("totpEnabled", user.getBoolean("totpEnabled", false));
    withAvatar(view, user);
    if (self) {
      view.put("email", user.getString("email")).put("readReceipts", user.getBoolean("readReceipts", true));
    }
    return view;
  }
}
