package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.AccessTokens;
import io.confab.contract.Addresses;
import io.confab.testing.AttackReport;
import io.confab.testing.TestTokens;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threeten.extra.MutableClock;

/** Tokens an attacker can make: every one is refused over HTTP and at the bridge, and reaches no verticle. */
class ForgedTokensTest extends EdgeTestBase {

  @RegisterExtension
  static final AttackReport ATTACKS = new AttackReport();

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final AtomicInteger reached = new AtomicInteger();
  /** The edge's time, set by the tests of expiry; tokens here are dated by it too. */
  private final MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);

  @Override
  protected Clock clock() {
    return clock;
  }

  @BeforeEach
  void aVerticleThatCountsWhatReachesIt() {
    vertx.eventBus().consumer(Addresses.AUTH_ME_GET, message -> {
      reached.incrementAndGet();
      message.reply(new JsonObject());
    });
    vertx.eventBus().consumer(Addresses.CHAT_HISTORY, message -> {
      reached.incrementAndGet();
      message.reply(new JsonObject());
    });
  }

  @Test
  @DisplayName("alg none is refused")
  void algNoneIsRefused() throws Exception {
    for (String none : List.of("none", "None", "NONE", "nOnE")) {
      assertRefused("alg none", unsigned(new JsonObject().put("alg", none).put("typ", "JWT"), validClaims()) + ".");
      assertRefused("alg none", unsigned(new JsonObject().put("alg", none).put("typ", "JWT"), validClaims()) + ".c2ln");
    }
  }

  @Test
  @DisplayName("HS256 signed with the public key as the secret is refused")
  void hmacWithThePublicKeyIsRefused() throws Exception {
    String unsigned = unsigned(new JsonObject().put("alg", "HS256").put("typ", "JWT")
        .put("kid", AccessTokens.keyId(TestTokens.KEYS.publicPem())), validClaims());
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(TestTokens.KEYS.publicPem().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
    assertRefused("HS256 with the public key", unsigned + "." + B64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII))));
  }

  @Test
  @DisplayName("a token signed by another key, even under our kid, is refused")
  void anotherKeyIsRefused() throws Exception {
    AccessTokens.KeyPairPem other = AccessTokens.generate();
    JWTAuth forger = JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("ES256").setBuffer(other.privatePem())
            .setId(AccessTokens.keyId(TestTokens.KEYS.publicPem()))));
    assertRefused("another key", forger.generateToken(accessClaims(), AccessTokens.options("u1")));
  }

  @Test
  @DisplayName("an expired token is refused")
  void anExpiredTokenIsRefused() throws Exception {
    long now = now();
    JsonObject claims = accessClaims().put("iat", now - 3_600).put("exp", now - 1_800);
    assertRefused("expired", TestTokens.signer(vertx).generateToken(claims, withoutLifetime()));
    // Expired by exactly the leeway.
    assertRefused("expired", TestTokens.signer(vertx).generateToken(accessClaims().put("iat", now - 900)
        .put("exp", now - AccessTokens.LEEWAY_SECONDS), withoutLifetime()));
  }

  @Test
  @DisplayName("control: the same hand-built token with a current lifetime is accepted, so the refusals above are for their reason")
  void theSameConstructionWhenCurrentIsAccepted() {
    long now = now();
    JsonObject claims = accessClaims().put("iat", now).put("exp", now + 600);
    assertThat(me(TestTokens.signer(vertx).generateToken(claims, withoutLifetime())).statusCode()).isEqualTo(200);
    assertThat(reached).hasValue(1);
  }

  @Test
  @DisplayName("a token accepted while current is refused once it has expired, though the edge remembers it as verified")
  void aRememberedTokenIsRefusedOnceExpired() throws Exception {
    long now = now();
    String token = TestTokens.signer(vertx).generateToken(accessClaims().put("iat", now).put("exp", now + 60), withoutLifetime());
    assertThat(me(token).statusCode()).isEqualTo(200);
    reached.set(0);

    clock.add(Duration.ofSeconds(60 + AccessTokens.LEEWAY_SECONDS));
    assertRefused("expired after use", token);
  }

  @Test
  @DisplayName("a token just past its expiry, within the leeway for clocks that differ between nodes, is still accepted")
  void aTokenWithinTheLeewayIsAccepted() {
    long now = now();
    String token = TestTokens.signer(vertx).generateToken(accessClaims().put("iat", now).put("exp", now + 60), withoutLifetime());
    assertThat(me(token).statusCode()).isEqualTo(200);

    clock.add(Duration.ofSeconds(60 + AccessTokens.LEEWAY_SECONDS - 1));
    assertThat(me(token).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a token not valid yet is refused")
  void aFutureTokenIsRefused() throws Exception {
    long now = now();
    JsonObject claims = accessClaims().put("iat", now).put("nbf", now + 3_600).put("exp", now + 7_200);
    assertRefused("not yet valid", TestTokens.signer(vertx).generateToken(claims, withoutLifetime()));
  }

  @Test
  @DisplayName("a signed token that is not an access token (no use claim, no session) is refused")
  void aTokenForAnotherUseIsRefused() throws Exception {
    assertRefused("another use", TestTokens.signer(vertx).generateToken(new JsonObject().put(AccessTokens.SESSION_CLAIM, "s1").put(AccessTokens.USE_CLAIM, "refresh"),
        AccessTokens.options("u1")));
    assertRefused("another use", TestTokens.signer(vertx).generateToken(new JsonObject().put(AccessTokens.USE_CLAIM, AccessTokens.USE_ACCESS),
        AccessTokens.options("u1")));
  }

  @Test
  @DisplayName("an opaque refresh token used as an access token is refused")
  void aRefreshTokenIsNoAccessToken() throws Exception {
    assertRefused("refresh token as access token", B64.encodeToString(new byte[32]));
  }

  @Test
  @DisplayName("our own key under a kid that is not ours is refused")
  void anUnknownKidIsRefused() throws Exception {
    for (String kid : List.of("not-our-kid", "", "../../keys/jwt-es256-public.pem")) {
      JWTAuth signer = JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
          .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("ES256").setBuffer(TestTokens.KEYS.privatePem()).setId(kid)));
      assertRefused("wrong kid", signer.generateToken(accessClaims(), AccessTokens.options("u1")));
    }
  }

  @Test
  @DisplayName("a token of another issuer or audience is refused")
  void anotherIssuerOrAudienceIsRefused() throws Exception {
    long now = now();
    JsonObject claims = accessClaims().put("iat", now).put("exp", now + 600);
    assertRefused("issuer or audience", TestTokens.signer(vertx).generateToken(claims,
        withoutLifetime().setIssuer("someone-else")));
    assertRefused("issuer or audience", TestTokens.signer(vertx).generateToken(claims,
        withoutLifetime().setAudience(List.of("another-service"))));
  }

  @Test
  @DisplayName("a valid token of a revoked session is refused")
  void aRevokedSessionsTokenIsRefused() throws Exception {
    String session = "s-" + java.util.UUID.randomUUID();
    String token = token("u1", session);
    revoke(session);
    assertRefused("revoked", token);
  }

  /** One forged token, tried over HTTP and at the bridge: two cases of {@code kind}. */
  private void assertRefused(String kind, String token) throws Exception {
    ATTACKS.tried(kind, 2);
    ApiRoutesTest.assertError(me(token), 401, "unauthorized");

    WebSocketClient sockets = vertx.createWebSocketClient();
    var socket = sockets.connect(port, "127.0.0.1", "/eventbus/websocket").await();
    Promise<JsonObject> frame = Promise.promise();
    socket.handler(buffer -> frame.tryComplete(buffer.toJsonObject()));
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_HISTORY).put("replyAddress", "r-forged")
        .put("headers", new JsonObject().put("authorization", "Bearer " + token)).put("body", new JsonObject().put("room", "r1")).encode());
    JsonObject reply = frame.future().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertThat(reply.getInteger("failureCode")).isEqualTo(401);
    assertThat(reply.getString("message")).isEqualTo("unauthorized");
    sockets.close().await();

    assertThat(reached).as("no verticle saw a forged request").hasValue(0);
    ATTACKS.refused(kind, 2);
  }

  private HttpResponse<Buffer> me(String token) {
    return client.get("/api/v1/me").putHeader("Authorization", "Bearer " + token).send().await();
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  private static JsonObject accessClaims() {
    return new JsonObject().put(AccessTokens.SESSION_CLAIM, "s1").put(AccessTokens.USE_CLAIM, AccessTokens.USE_ACCESS);
  }

  private JsonObject validClaims() {
    long now = now();
    return accessClaims().put("sub", "u1").put("iss", AccessTokens.ISSUER).put("aud", AccessTokens.AUDIENCE)
        .put("iat", now).put("exp", now + 600);
  }

  private static JWTOptions withoutLifetime() {
    return new JWTOptions().setAlgorithm(AccessTokens.ALGORITHM).setIssuer(AccessTokens.ISSUER)
        .setAudience(java.util.List.of(AccessTokens.AUDIENCE)).setSubject("u1").setNoTimestamp(true);
  }

  private static String unsigned(JsonObject header, JsonObject claims) {
    return B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }
}
