package io.confab.auth;

import io.confab.base.Failures;
import io.confab.contract.ConfigKeys;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key of what auth keeps secret at rest, the same on every auth node: TOTP secrets are sealed with
 * AES-256-GCM under it (a random nonce per record, the key's id beside the ciphertext, the user's id as
 * associated data so a record cannot be moved to another account), and the emailed codes' HMAC key is
 * derived from it. From the {@code secrets-key} files (the first seals, all open: a rotation), or else
 * one random key generated once and kept in MongoDB ({@link #COLLECTION}), which protects a leaked
 * users collection or backup of it, not a copy of the whole database.
 */
final class SecretsKey {

  static final String COLLECTION = "auth_secrets";
  static final String GENERATED_ID = "secrets-key";
  /** Key files shorter than this are refused: {@code openssl rand -base64 32} writes 44 characters. */
  static final int MATERIAL_MIN = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private record Key(String id, SecretKeySpec aes, byte[] pepper) {
  }

  private final List<Key> keys;
  private final SecureRandom random = new SecureRandom();

  SecretsKey(List<byte[]> materials) {
    if (materials.isEmpty() || materials.stream().anyMatch(material -> material.length < MATERIAL_MIN)) {
      throw new IllegalArgumentException("a secrets key needs at least " + MATERIAL_MIN + " bytes");
    }
    this.keys = materials.stream().map(material -> new Key(
        HexFormat.of().formatHex(derive(material, "confab-secrets-id"), 0, 8),
        new SecretKeySpec(derive(material, "confab-secrets-aes"), "AES"),
        derive(material, "confab-codes-hmac"))).toList();
  }

  /** The configured files' contents, or the key kept in the store (made by the first auth node that starts). */
  static Future<SecretsKey> resolve(JsonObject config, MongoClient mongo) {
    JsonArray configured = config.getJsonArray(ConfigKeys.SECRETS_KEY_MATERIAL);
    if (configured != null && !configured.isEmpty()) {
      return Future.succeededFuture(new SecretsKey(configured.stream()
          .map(material -> String.valueOf(material).getBytes(StandardCharsets.UTF_8)).toList()));
    }
    byte[] fresh = new byte[32];
    new SecureRandom().nextBytes(fresh);
    JsonObject generated = new JsonObject().put("_id", GENERATED_ID)
        .put("material", Base64.getEncoder().encodeToString(fresh)).put("createdAt", System.currentTimeMillis());
    return mongo.insert(COLLECTION, generated)
        .recover(failure -> Failures.duplicateKey(failure) ? Future.succeededFuture() : Future.failedFuture(failure))
        .compose(done -> mongo.findOne(COLLECTION, new JsonObject().put("_id", GENERATED_ID), null))
        .map(stored -> new SecretsKey(List.of(Base64.getDecoder().decode(stored.getString("material")))));
  }

  /** The key of the emailed codes' HMAC. */
  byte[] codesPepper() {
    return keys.get(0).pepper().clone();
  }

  /** The id of the key that seals now. */
  String currentId() {
    return keys.get(0).id();
  }

  /** {@code {keyId, nonce, data}}: {@code secret} sealed for {@code owner}. */
  JsonObject seal(String secret, String owner) {
    Key key = keys.get(0);
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      return new JsonObject().put("keyId", key.id())
          .put("nonce", Base64.getEncoder().encodeToString(nonce))
          .put("data", Base64.getEncoder().encodeToString(sealed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from this JDK", e);
    }
  }

  /**
   * The secret a record holds: a sealed one opened, or a clear-text one of before encryption as it is;
   * null for none. A record sealed under a key no longer configured, or altered, cannot be opened.
   */
  String open(Object stored, String owner) {
    if (stored == null || stored instanceof String) {
      return (String) stored;
    }
    JsonObject sealed = (JsonObject) stored;
    Key key = keys.stream().filter(candidate -> candidate.id().equals(sealed.getString("keyId"))).findFirst()
        .orElseThrow(() -> new IllegalStateException("TOTP secret sealed under secrets key " + sealed.getString("keyId")
            + ", which is not configured"));
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key.aes(), new GCMParameterSpec(TAG_BITS, Base64.getDecoder().decode(sealed.getString("nonce"))));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(Base64.getDecoder().decode(sealed.getString("data"))), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TOTP secret of " + owner + " does not open", e);
    }
  }

  private static byte[] derive(byte[] material, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(material, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
