package io.confab.edge;

import static io.confab.base.AccessTokens.*;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.base.AccessTokens;
import io.confab.base.StoreConfig;
import io.confab.contract.Addresses;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys a node verifies access tokens with, one set per node (its edge instances share it).
 * With key files: those keys only. Without: the shared key set in MongoDB, read at start, completed by
 * each auth instance's {@link Addresses#AUTH_KEYS_ADDED} announcement, and read again when a token names
 * a {@code kid} this node does not know: at most once per kid every {@link #KID_RETRY}, and at most one
 * read every {@link #READ_INTERVAL_MS} overall, so a flood of forged kids cannot hammer the store.
 */
final class TokenKeys implements Shareable {

  private static final Logger LOG = LoggerFactory.getLogger(TokenKeys.class);
  static final Duration KID_RETRY = Duration.ofSeconds(5);
  static final long READ_INTERVAL_MS = 250;
  /** Our kids are 16 characters; anything far longer is not one, and is never looked up. */
  private static final int KID_MAX = 64;
  private static final int KIDS_REMEMBERED = 10_000;
  private static final String LOCAL_MAP = "confab.bridge.token-keys";

  record Key(String kid, String publicPem, long verifyUntil) {
  }

  private final Vertx vertx;
  /** Null with key files: then nothing else is trusted. */
  private final MongoClient mongo;
  private final Map<String, Key> keys = new ConcurrentHashMap<>();
  private final Cache<String, Boolean> askedRecently = Caffeine.newBuilder()
      .maximumSize(KIDS_REMEMBERED).expireAfterWrite(KID_RETRY).build();
  /** Unknown kids already logged: one line per kid, not one per frame. */
  private final Cache<String, Boolean> reported = Caffeine.newBuilder()
      .maximumSize(KIDS_REMEMBERED).expireAfterWrite(Duration.ofHours(1)).build();

  /** The next read of the store, shared by everyone who asks before it starts; null when none is asked. */
  private Promise<Void> nextRead;
  private boolean reading;
  private long lastReadMs;

  TokenKeys(Vertx vertx, MongoClient mongo) {
    this.vertx = vertx;
    this.mongo = mongo;
  }

  /** This node's key set, made by the first edge instance that asks. */
  static TokenKeys of(Vertx vertx, JsonObject config) {
    return vertx.sharedData().<String, TokenKeys>getLocalMap(LOCAL_MAP).computeIfAbsent("keys", name -> create(vertx, config));
  }

  private static TokenKeys create(Vertx vertx, JsonObject config) {
    List<String> pems = AccessTokens.configuredPublicPems(config);
    if (!pems.isEmpty()) {
      TokenKeys configured = new TokenKeys(vertx, null);
      pems.forEach(pem -> configured.add(new Key(AccessTokens.keyId(pem), pem, Long.MAX_VALUE)));
      return configured;
    }
    TokenKeys shared = new TokenKeys(vertx, MongoClient.createShared(vertx, StoreConfig.mongo(config), "confab"));
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_KEYS_ADDED, event -> shared.learn(event.body()));
    shared.read().onFailure(down -> LOG.atWarn().setMessage("auth.keys.read.failed").addKeyValue("error", down.getMessage()).log());
    return shared;
  }

  /**
   * The live key named {@code kid}, or null (logged once per kid). An unknown kid is looked up in the
   * store first; {@code unavailable} when the store cannot answer.
   */
  Future<Key> find(String kid) {
    Key key = live(kid);
    if (key != null) {
      return Future.succeededFuture(key);
    }
    if (mongo == null || kid.length() > KID_MAX || askedRecently.asMap().putIfAbsent(kid, true) != null) {
      return unknown(kid);
    }
    return read()
        .recover(down -> {
          askedRecently.invalidate(kid);
          return Future.failedFuture(ContractException.of(ErrorCode.UNAVAILABLE));
        })
        .compose(done -> {
          Key found = live(kid);
          return found != null ? Future.succeededFuture(found) : unknown(kid);
        });
  }

  /** The JWK Set of the keys in use now; from the store's latest state when it answers. */
  Future<JsonObject> jwks() {
    Future<Void> fresh = mongo == null ? Future.succeededFuture() : read().otherwiseEmpty();
    return fresh.map(done -> {
      long now = System.currentTimeMillis();
      return new JsonObject().put("keys", new JsonArray(keys.values().stream()
          .filter(key -> key.verifyUntil() > now)
          .map(key -> AccessTokens.jwk(key.publicPem()))
          .toList()));
    });
  }

  private Key live(String kid) {
    Key key = keys.get(kid);
    if (key != null && key.verifyUntil() <= System.currentTimeMillis()) {
      keys.remove(kid, key);
      return null;
    }
    return key;
  }

  private <T> Future<T> unknown(String kid) {
    String shown = kid.length() > KID_MAX ? kid.substring(0, KID_MAX) : kid;
    if (reported.asMap().putIfAbsent(shown, true) == null) {
      LOG.atWarn().setMessage("auth.token.kid.unknown").addKeyValue("kid", shown).log();
    }
    return Future.succeededFuture();
  }

  /** From an announcement: the same fields as a stored key, the kid under {@code kid}. */
  private void learn(JsonObject event) {
    fromStored(event.copy().put("_id", event.getString("kid")));
  }

  private void fromStored(JsonObject stored) {
    String pem = stored.getString(KEY_PEM);
    String kid = stored.getString("_id");
    Long verifyUntil = stored.getLong(KEY_VERIFY_UNTIL);
    // A kid is the key's own thumbprint: a document that says otherwise is not one of ours.
    if (pem != null && verifyUntil != null && AccessTokens.keyId(pem).equals(kid)) {
      add(new Key(kid, pem, verifyUntil));
    }
  }

  private void add(Key key) {
    if (keys.putIfAbsent(key.kid(), key) == null) {
      LOG.atInfo().setMessage("auth.keys.learned").addKeyValue("kid", key.kid()).log();
    }
  }

  /** A read of the key set that starts after this call; calls close together share it. */
  private synchronized Future<Void> read() {
    if (nextRead == null) {
      nextRead = Promise.promise();
      if (!reading) {
        scheduleRead();
      }
    }
    return nextRead.future();
  }

  /** Called holding the lock. */
  private void scheduleRead() {
    reading = true;
    long wait = Math.max(1, lastReadMs + READ_INTERVAL_MS - System.currentTimeMillis());
    vertx.setTimer(wait, timer -> startRead());
  }

  private void startRead() {
    Promise<Void> asked;
    synchronized (this) {
      asked = nextRead;
      nextRead = null;
      lastReadMs = System.currentTimeMillis();
    }
    mongo.find(KEYS_COLLECTION, new JsonObject().put(KEY_VERIFY_UNTIL, new JsonObject().put("$gt", System.currentTimeMillis())))
        .onSuccess(stored -> stored.forEach(this::fromStored))
        .<Void>mapEmpty()
        .onComplete(result -> {
          synchronized (this) {
            reading = false;
            if (nextRead != null) {
              scheduleRead();
            }
          }
          asked.handle(result);
        });
  }
}
