package io.confab.files;

import io.confab.base.Failures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived download URLs that work without the access token, so an {@code <img src>} can show a file:
 * {@code /files/{id}?u=USER&exp=EPOCH_SECONDS&sig=MAC}, where MAC is HMAC-SHA256 (base64url) over the
 * path, the user and the expiry. A URL only says who asks: the download still checks that this user may
 * read the file now, so a deleted message or a removed member stops it at once.
 *
 * <p>The key: HMAC-SHA256 of a fixed label under {@code files-url-key} when configured, otherwise 32
 * random bytes generated once into the {@code files_keys} collection, so every node sharing the database
 * signs and verifies alike and URLs survive a restart.
 */
final class UrlSigner {

  static final String KEYS_COLLECTION = "files_keys";
  static final String KEY_ID = "url-signing-v1";
  private static final String LABEL = "confab files url v1";
  private static final String ALGORITHM = "HmacSHA256";
  private static final long ROUND_SECONDS = 300;
  private static final int MIN_SECRET_LENGTH = 32;

  private final byte[] key;
  private final long ttlSeconds;

  UrlSigner(byte[] key, long ttlSeconds) {
    this.key = key.clone();
    this.ttlSeconds = ttlSeconds;
  }

  static Future<UrlSigner> load(MongoClient mongo, JsonObject config) {
    long ttl = FilesConfig.urlTtlSeconds(config);
    String secret = config.getString(FilesConfig.URL_KEY);
    if (secret != null && !secret.isBlank()) {
      if (secret.length() < MIN_SECRET_LENGTH) {
        return Future.failedFuture(new IllegalArgumentException(FilesConfig.URL_KEY + " must have at least 32 characters"));
      }
      return Future.succeededFuture(new UrlSigner(mac(secret.getBytes(StandardCharsets.UTF_8), LABEL), ttl));
    }
    return storedKey(mongo).map(stored -> new UrlSigner(stored, ttl));
  }

  /** The shared key, created by the first node that needs it; a node that loses the race reads the winner's. */
  private static Future<byte[]> storedKey(MongoClient mongo) {
    JsonObject query = new JsonObject().put("_id", KEY_ID);
    return mongo.findOne(KEYS_COLLECTION, query, null).compose(found -> {
      if (found != null) {
        return Future.succeededFuture(Base64.getDecoder().decode(found.getString("key")));
      }
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      return mongo.insert(KEYS_COLLECTION, query.copy().put("key", Base64.getEncoder().encodeToString(fresh)).put("createdAt", System.currentTimeMillis()))
          .map(id -> fresh)
          .recover(failure -> Failures.duplicateKey(failure)
              ? mongo.findOne(KEYS_COLLECTION, query, null).map(winner -> Base64.getDecoder().decode(winner.getString("key")))
              : Future.failedFuture(failure));
    });
  }

  /** {@code path} signed for {@code userId}, valid for the configured time (rounded up, so URLs repeat and cache). */
  Signed sign(String path, String userId, long nowMillis) {
    long nowSeconds = nowMillis / 1000;
    long expires = ((nowSeconds + ttlSeconds) / ROUND_SECONDS + 1) * ROUND_SECONDS;
    return signUntil(path, userId, expires);
  }

  Signed signUntil(String path, String userId, long expiresEpochSeconds) {
    String url = path + "?u=" + URLEncoder.encode(userId, StandardCharsets.UTF_8) + "&exp=" + expiresEpochSeconds
        + "&sig=" + signature(path, userId, expiresEpochSeconds);
    return new Signed(url, expiresEpochSeconds * 1000);
  }

  record Signed(String url, long expiresAt) {
  }

  /** The user a URL was signed for, when its signature is right and it has not expired. */
  Optional<String> verify(String path, String user, String exp, String sig, long nowMillis) {
    if (user == null || exp == null || sig == null || user.isEmpty() || user.length() > 64 || !exp.matches("\\d{1,12}")) {
      return Optional.empty();
    }
    long expires = Long.parseLong(exp);
    byte[] expected = signature(path, user, expires).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII)) || expires * 1000 <= nowMillis) {
      return Optional.empty();
    }
    return Optional.of(user);
  }

  private String signature(String path, String user, long expires) {
    // Each part is length-prefixed, so no choice of user id can make two inputs read the same.
    String input = path.length() + ":" + path + "\n" + user.length() + ":" + user + "\n" + expires;
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(key, input));
  }

  private static byte[] mac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }
}
