package io.confab.auth;

import static io.confab.base.AccessTokens.*;

import io.confab.base.AccessTokens;
import io.confab.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.mongo.MongoClient;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key this auth instance signs access tokens with. From key files: that key, for good. Otherwise
 * the instance generates its own P-256 pair in memory (the private key never leaves the process), stores
 * only the public part in the shared key set and announces it, and only then signs with it; every
 * {@code rotation} it brings in a new pair the same way. Tokens of an earlier key keep verifying until its
 * {@code verifyUntil}, after the last token it may have signed has expired; key documents past that are
 * pruned. A node killed outright leaves its document, which simply expires.
 */
final class TokenSigner {

  private static final Logger LOG = LoggerFactory.getLogger(TokenSigner.class);
  /** A key may sign this much past its planned rotation (a late timer, a store briefly down) and still verify. */
  static final Duration SIGN_GRACE = Duration.ofMinutes(10);
  /** After a failed rotation, the next try. */
  private static final Duration RETRY = Duration.ofMinutes(1);

  private final Vertx vertx;
  /** Null with key files. */
  private final MongoClient mongo;
  private final Duration rotation;
  private JWTAuth jwt;
  private String kid;
  private long timer = -1;

  private TokenSigner(Vertx vertx, MongoClient mongo, Duration rotation) {
    this.vertx = vertx;
    this.mongo = mongo;
    this.rotation = rotation;
  }

  /** Signs with the key files' pair, and brings in nothing. */
  static TokenSigner fromFiles(Vertx vertx, String publicPem, String privatePem) {
    TokenSigner signer = new TokenSigner(vertx, null, null);
    signer.use(publicPem, privatePem);
    return signer;
  }

  /** Signs with keys of its own, published to the shared key set; ready once the first is stored. */
  static Future<TokenSigner> shared(Vertx vertx, MongoClient mongo, Duration rotation) {
    TokenSigner signer = new TokenSigner(vertx, mongo, rotation);
    return signer.bringIn().map(signer);
  }

  String sign(JsonObject claims, JWTOptions options) {
    return jwt.generateToken(claims, options);
  }

  /** The kid of the key that signs now. */
  String keyId() {
    return kid;
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private Future<Void> bringIn() {
    KeyPairPem pair = AccessTokens.generate();
    String newKid = AccessTokens.keyId(pair.publicPem());
    long now = System.currentTimeMillis();
    long signsUntil = now + rotation.toMillis() + SIGN_GRACE.toMillis();
    long verifyUntil = signsUntil + (LIFETIME_SECONDS + LEEWAY_SECONDS) * 1000L;
    JsonObject stored = new JsonObject()
        .put("_id", newKid)
        .put(KEY_PEM, pair.publicPem())
        .put(KEY_CREATED_AT, now)
        .put(KEY_SIGNS_UNTIL, signsUntil)
        .put(KEY_VERIFY_UNTIL, verifyUntil);
    return mongo.insert(KEYS_COLLECTION, stored)
        .onSuccess(done -> {
          // Stored before announced, announced before used: an edge that missed the event finds it in the store.
          vertx.eventBus().publish(Addresses.AUTH_KEYS_ADDED, new JsonObject()
              .put("kid", newKid).put(KEY_PEM, pair.publicPem()).put(KEY_VERIFY_UNTIL, verifyUntil));
          use(pair.publicPem(), pair.privatePem());
          LOG.atInfo().setMessage("auth.keys.added").addKeyValue("kid", newKid).addKeyValue("verifyUntil", verifyUntil).log();
          prune(now);
          next(rotation);
        })
        .onFailure(failure -> {
          LOG.atWarn().setMessage("auth.keys.rotation.failed").addKeyValue("kid", kid).addKeyValue("error", failure.getMessage()).log();
          if (jwt != null) {
            next(RETRY.compareTo(rotation) < 0 ? RETRY : rotation);
          }
        })
        .mapEmpty();
  }

  private void next(Duration delay) {
    timer = vertx.setTimer(delay.toMillis(), fired -> bringIn());
  }

  private void use(String publicPem, String privatePem) {
    jwt = JWTAuth.create(vertx, AccessTokens.signing(publicPem, privatePem));
    kid = AccessTokens.keyId(publicPem);
  }

  private void prune(long now) {
    mongo.removeDocuments(KEYS_COLLECTION, new JsonObject().put(KEY_VERIFY_UNTIL, new JsonObject().put("$lt", now)))
        .onFailure(failure -> LOG.atWarn().setMessage("auth.keys.prune.failed").addKeyValue("error", failure.getMessage()).log());
  }
}
