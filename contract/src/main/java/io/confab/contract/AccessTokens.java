package io.confab.contract;

import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

/**
 * Access tokens: ES256 JWTs (vertx-auth-jwt) with a {@code kid}, 15 minutes, naming the user
 * ({@code sub}), its session ({@code sid}) and themselves ({@code jti}). The auth verticle signs with the
 * private key; every edge verifies with the public key alone.
 */
public final class AccessTokens {

  public static final String ALGORITHM = "ES256";
  public static final String ISSUER = "confab";
  public static final String AUDIENCE = "confab";
  public static final int LIFETIME_SECONDS = 15 * 60;
  public static final String SESSION_CLAIM = "sid";
  /** Tells an access token from anything else signed with the same key. */
  public static final String USE_CLAIM = "use";
  public static final String USE_ACCESS = "access";

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

  /** Verifying only: what every edge needs. */
  public static JWTAuthOptions verifying(String publicPem) {
    return new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(publicPem).setId(keyId(publicPem)))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE)).setLeeway(5));
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

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  public record KeyPairPem(String privatePem, String publicPem) {
  }

  private AccessTokens() {
  }
}
