package io.confab.base;

import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * Access tokens: ES256 JWTs (vertx-auth-jwt) with a {@code kid}, 15 minutes, naming the user
 * ({@code sub}), its session ({@code sid}) and themselves ({@code jti}). The auth verticle signs with a
 * private key; every edge verifies with the public key the token's {@code kid} names: the configured
 * ones (key files), or else the shared key set in MongoDB ({@link #KEYS_COLLECTION}), where each auth
 * instance publishes the public part of the key it generated for itself.
 */
public final class AccessTokens {

  public static final String ALGORITHM = "ES256";
  public static final String ISSUER = "confab";
  public static final String AUDIENCE = "confab";
  public static final int LIFETIME_SECONDS = 15 * 60;
  /** How long a revoked session stays listed (in Redis, and at every edge): past its last access token's expiry. */
  public static final int REVOCATION_SECONDS = LIFETIME_SECONDS + 60;
  public static final String SESSION_CLAIM = "sid";
  /** Tells an access token from anything else signed with the same key. */
  public static final String USE_CLAIM = "use";
  public static final String USE_ACCESS = "access";
  /** Clock difference between nodes that expiry checks forgive. */
  public static final int LEEWAY_SECONDS = 5;

  /**
   * The shared key set: one document per public key, {@code {_id: kid, publicPem, createdAt, signsUntil,
   * verifyUntil}} (times in ms); never a private key. A key verifies tokens until {@code verifyUntil}.
   */
  public static final String KEYS_COLLECTION = "signing_keys";
  public static final String KEY_PEM = "publicPem";
  public static final String KEY_CREATED_AT = "createdAt";
  public static final String KEY_SIGNS_UNTIL = "signsUntil";
  public static final String KEY_VERIFY_UNTIL = "verifyUntil";
  /** Where every edge answers the JWK Set (RFC 7517) of the public keys in use. */
  public static final String JWKS_PATH = "/.well-known/jwks.json";

  /** A new P-256 key pair, as PKCS#8 and X.509 PEM. */
  public static KeyPairPem generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = generator.generateKeyPair();
      return new KeyPairPem(pem("PRIVATE KEY", pair.getPrivate().getEncoded()), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a P-256 key pair", e);
    }
  }

  /**
   * The public keys of key files ({@link ConfigKeys#JWT_PUBLIC_PEM}: one PEM or an array, the first the
   * signing key's pair); empty when none were configured, so keys are shared through MongoDB.
   */
  public static List<String> configuredPublicPems(JsonObject config) {
    Object value = config.getValue(ConfigKeys.JWT_PUBLIC_PEM);
    if (value instanceof JsonArray pems) {
      return pems.stream().map(String::valueOf).toList();
    }
    return value instanceof String pem ? List.of(pem) : List.of();
  }

  /** Verifying only: what every edge needs. */
  public static JWTAuthOptions verifying(String publicPem) {
    return new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem).setId(keyId(publicPem)))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE)).setLeeway(LEEWAY_SECONDS));
  }

  /** Signing and verifying: the auth verticle's. */
  public static JWTAuthOptions signing(String publicPem, String privatePem) {
    return verifying(publicPem)
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(privatePem).setId(keyId(publicPem)));
  }

  /** The options of one new access token; its claims are {@code sid}, {@code use} and {@code jti}. */
  public static JWTOptions options(String userId) {
    return new JWTOptions()
        .setAlgorithm(ALGORITHM)
        .setIssuer(ISSUER)
        .setAudience(List.of(AUDIENCE))
        .setSubject(userId)
        .setExpiresInSeconds(LIFETIME_SECONDS);
  }

  /** The key's id: the start of its SHA-256 thumbprint, so a rotated key gets a new id. */
  public static String keyId(String publicPem) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicPem.strip().getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public JWK (RFC 7517, 7518) of a P-256 public key: {@code kty, crv, x, y, kid, alg, use}, no private part. */
  public static JsonObject jwk(String publicPem) {
    try {
      String base64 = publicPem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
      return new JsonObject()
          .put("kty", "EC")
          .put("crv", "P-256")
          .put("x", coordinate(key.getW().getAffineX()))
          .put("y", coordinate(key.getW().getAffineY()))
          .put("kid", keyId(publicPem))
          .put("alg", ALGORITHM)
          .put("use", "sig");
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IllegalArgumentException("not a P-256 public key", e);
    }
  }

  /** A coordinate as RFC 7518 wants it: unsigned, big-endian, exactly 32 bytes, base64url. */
  private static String coordinate(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[32];
    int length = Math.min(bytes.length, 32);
    System.arraycopy(bytes, bytes.length - length, fixed, 32 - length, length);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public record KeyPairPem(String privatePem, String publicPem) {
  }

  private AccessTokens() {
  }
}
