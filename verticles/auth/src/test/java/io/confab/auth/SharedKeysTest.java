package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.confab.base.AccessTokens;
import io.confab.contract.Addresses;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * No key files: the auth verticle signs with a key of its own, published to the shared key set in
 * MongoDB and announced on the bus; the edge verifies by the token's kid.
 */
class SharedKeysTest extends AuthTestBase {

  private final ListAppender<ILoggingEvent> keyLogs = new ListAppender<>();
  private final Logger keysLogger = (Logger) LoggerFactory.getLogger("io.confab.edge.TokenKeys");

  @Override
  protected JsonObject configure(JsonObject config) {
    keyLogs.start();
    keysLogger.addAppender(keyLogs);
    return withoutKeyFiles(config);
  }

  @AfterEach
  void detachLogs() {
    keysLogger.detachAppender(keyLogs);
  }

  @Test
  @DisplayName("jwks.json lists the signing key as a public EC P-256 JWK, with no private part, briefly cacheable")
  void jwksListsThePublicKeyOnly() {
    String token = signedIn("Ana").getString("accessToken");
    HttpResponse<Buffer> answer = http.get(AccessTokens.JWKS_PATH).send().await();

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.getHeader("Cache-Control")).isEqualTo("public, max-age=60");
    JsonArray keys = answer.bodyAsJsonObject().getJsonArray("keys");
    assertThat(keys).hasSize(1);
    JsonObject jwk = keys.getJsonObject(0);
    assertThat(jwk.fieldNames()).containsExactlyInAnyOrder("kty", "crv", "x", "y", "kid", "alg", "use");
    assertThat(jwk.getString("kty")).isEqualTo("EC");
    assertThat(jwk.getString("crv")).isEqualTo("P-256");
    assertThat(jwk.getString("alg")).isEqualTo("ES256");
    assertThat(jwk.getString("use")).isEqualTo("sig");
    assertThat(Base64.getUrlDecoder().decode(jwk.getString("x"))).hasSize(32);
    assertThat(jwk.getString("kid")).isEqualTo(kid(token));
    // What an outside verifier does with it: the token verifies with the JWK alone.
    JWTAuth outside = JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions().addJwk(jwk));
    assertThat(outside.authenticate(new io.vertx.ext.auth.authentication.TokenCredentials(token)).await().principal().getString("sub"))
        .isNotNull();
  }

  @Test
  @DisplayName("the shared key set in MongoDB holds public keys only, each with its verifyUntil")
  void theStoreHoldsPublicKeysOnly() {
    String token = signedIn("Ana").getString("accessToken");
    JsonObject stored = store().findOne(AccessTokens.KEYS_COLLECTION, new JsonObject().put("_id", kid(token)), null).await();

    assertThat(stored.getString(AccessTokens.KEY_PEM)).startsWith("-----BEGIN PUBLIC KEY-----");
    assertThat(stored.encode()).doesNotContain("PRIVATE");
    assertThat(stored.getLong(AccessTokens.KEY_VERIFY_UNTIL))
        .isGreaterThan(stored.getLong(AccessTokens.KEY_SIGNS_UNTIL) + AccessTokens.LIFETIME_SECONDS * 1000L);
  }

  @Test
  @DisplayName("a key announced on the bus is verified with at once, without a restart or the store")
  void aKeyAnnouncedOnTheBusIsLearned() {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    String token = tokenOf(pair);
    assertError(get("/auth/sessions", token), 401, "unauthorized");

    vertx.eventBus().publish(Addresses.AUTH_KEYS_ADDED, new JsonObject().put("kid", AccessTokens.keyId(pair.publicPem()))
        .put(AccessTokens.KEY_PEM, pair.publicPem()).put(AccessTokens.KEY_VERIFY_UNTIL, System.currentTimeMillis() + 60_000));

    Eventually.until(() -> get("/auth/sessions", token).statusCode() == 200, Duration.ofSeconds(30), "the announced key verifies");
  }

  @Test
  @DisplayName("a kid first seen in a token is looked up in the store before the answer")
  void anUnknownKidIsLookedUpInTheStore() {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    stored(pair, System.currentTimeMillis() + 60_000);

    assertThat(get("/auth/sessions", tokenOf(pair)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a key past its verifyUntil is refused, even where it is still stored")
  void anExpiredKeyIsRefused() {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    stored(pair, System.currentTimeMillis() - 1);

    assertError(get("/auth/sessions", tokenOf(pair)), 401, "unauthorized");
  }

  @Test
  @DisplayName("a token whose kid no node knows is 401 every time, and logged once for that kid")
  void anUnknownKidIsRefusedAndLoggedOnce() {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    String token = tokenOf(pair);
    String kid = AccessTokens.keyId(pair.publicPem());

    for (int i = 0; i < 5; i++) {
      assertError(get("/auth/sessions", token), 401, "unauthorized");
    }

    assertThat(keyLogs.list.stream()
        .filter(event -> "auth.token.kid.unknown".equals(event.getMessage()))
        .filter(event -> event.getKeyValuePairs().stream().anyMatch(pairs -> kid.equals(pairs.value)))
        .count()).isEqualTo(1);
    assertThat(keyLogs.list.stream().map(ILoggingEvent::getFormattedMessage)).noneMatch(line -> line.contains(token));
  }

  /** A public key put in the shared key set directly, as another auth node would. */
  private void stored(AccessTokens.KeyPairPem pair, long verifyUntil) {
    store().insert(AccessTokens.KEYS_COLLECTION, new JsonObject().put("_id", AccessTokens.keyId(pair.publicPem()))
        .put(AccessTokens.KEY_PEM, pair.publicPem()).put(AccessTokens.KEY_VERIFY_UNTIL, verifyUntil)).await();
  }

  private String tokenOf(AccessTokens.KeyPairPem pair) {
    return JWTAuth.create(vertx, AccessTokens.signing(pair.publicPem(), pair.privatePem())).generateToken(new JsonObject()
        .put(AccessTokens.SESSION_CLAIM, UUID.randomUUID().toString())
        .put(AccessTokens.USE_CLAIM, AccessTokens.USE_ACCESS), AccessTokens.options(UUID.randomUUID().toString()));
  }
}
