package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.Addresses;
import io.confab.contract.Headers;
import io.confab.contract.Limits;
import io.confab.contract.RedisKeys;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.RedisAPI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiRoutesTest extends EdgeTestBase {


  @Test
  @DisplayName("malformed JSON is 400 invalid_request in the contract's shape")
  void malformedJsonIsInvalidRequest() {
    HttpResponse<Buffer> response = post("/api/v1/auth/register", "{\"email\": ").await();
    assertError(response, 400, "invalid_request");
  }

  @Test
  @DisplayName("a JSON array where an object belongs is 400 invalid_request")
  void anArrayBodyIsInvalidRequest() {
    assertError(post("/api/v1/auth/login", "[{\"email\":\"a@example.org\"}]").await(), 400, "invalid_request");
  }

  @Test
  @DisplayName("a body over the limit is 413 too_large, and the verticle never sees it")
  void anOversizeBodyIsTooLarge() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER, message -> message.reply(new JsonObject()));
    String huge = "{\"displayName\":\"" + "x".repeat((int) Limits.HTTP_BODY_MAX_BYTES) + "\"}";
    assertError(post("/api/v1/auth/register", huge).await(), 413, "too_large");
  }

  @Test
  @DisplayName("an unknown route is 404 not_found JSON, under /api/v1 and outside it")
  void anUnknownRouteIsNotFound() {
    assertError(client.get("/api/v1/nothing-here").send().await(), 404, "not_found");
    assertError(client.get("/nothing-here").send().await(), 404, "not_found");
    assertError(client.put("/api/v1/auth/login").send().await(), 404, "not_found");
  }

  @Test
  @DisplayName("a form to an endpoint is 400 invalid_request; to a path no endpoint serves (an upload path of a node without files), 404 not_found")
  void aFormIsRefusedByEndpointsAndUnknownPathsAreNotFound() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER, message -> message.reply(new JsonObject()));
    Buffer form = Buffer.buffer("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nhello\r\n--b--\r\n");
    String multipart = "multipart/form-data; boundary=b";
    assertError(client.post("/api/v1/auth/register").putHeader("Content-Type", multipart).sendBuffer(form).await(), 400, "invalid_request");
    assertError(client.post("/api/v1/auth/register").putHeader("Content-Type", "application/x-www-form-urlencoded")
        .sendBuffer(Buffer.buffer("email=a%40example.org")).await(), 400, "invalid_request");
    assertError(client.post("/api/v1/uploads").putHeader("Content-Type", multipart).sendBuffer(form).await(), 404, "not_found");
    assertError(client.put("/api/v1/me/avatar").putHeader("Content-Type", multipart).sendBuffer(form).await(), 404, "not_found");
  }

  @Test
  @DisplayName("a route whose verticle runs nowhere answers 503 unavailable")
  void aRouteWithoutItsVerticleIsUnavailable() {
    assertError(post("/api/v1/auth/register", "{}").await(), 503, "unavailable");
  }

  @Test
  @DisplayName("a route whose verticle takes the request but never answers is 504 timeout after the edge's bus timeout")
  void aRouteWhoseVerticleNeverAnswersTimesOut() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER, message -> { });
    long started = System.nanoTime();

    assertError(post("/api/v1/auth/register", "{}").await(), 504, "timeout");
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Limits.BUS_REQUEST_TIMEOUT);
  }

  @Test
  @DisplayName("a protected route without a valid token is 401 unauthorized, and the verticle never sees it")
  void aProtectedRouteWithoutTokenIsUnauthorized() {
    java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
    vertx.eventBus().consumer(Addresses.AUTH_ME_GET, message -> {
      seen.incrementAndGet();
      message.reply(new JsonObject().put("id", "u1"));
    });
    assertError(client.get("/api/v1/me").send().await(), 401, "unauthorized");
    assertError(client.get("/api/v1/me").putHeader("Authorization", "Bearer forged").send().await(), 401, "unauthorized");
    assertError(client.get("/api/v1/me").putHeader("Authorization", token("u1", "s1")).send().await(), 401, "unauthorized");
    assertThat(seen).hasValue(0);
  }

  @Test
  @DisplayName("a valid token reaches the verticle as the caller's user and session, whatever headers the client sent")
  void aValidTokenNamesTheCaller() {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_ME_GET, message -> message.reply(new JsonObject()
        .put("user", message.headers().get(Headers.USER))
        .put("session", message.headers().get(Headers.SESSION))));
    HttpResponse<Buffer> response = client.get("/api/v1/me")
        .putHeader("Authorization", "Bearer " + token("u1", "s1"))
        .putHeader(Headers.USER, "someone-else")
        .send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("user", "u1").put("session", "s1"));
  }

  @Test
  @DisplayName("a revoked session's token, already in use, is refused as soon as the revocation's publication arrives")
  void aRevokedSessionIsRefused() throws Exception {
    vertx.eventBus().consumer(Addresses.AUTH_ME_GET, message -> message.reply(new JsonObject()));
    String sessionId = "s-" + java.util.UUID.randomUUID();
    String token = "Bearer " + token("u1", sessionId);
    assertThat(client.get("/api/v1/me").putHeader("Authorization", token).send().await().statusCode()).isEqualTo(200);
    revoke(sessionId);
    // The publication reaches each edge instance's event loop beside this request, not necessarily before it.
    HttpResponse<Buffer> after = Eventually.value(() -> {
      HttpResponse<Buffer> response = client.get("/api/v1/me").putHeader("Authorization", token).send().await();
      return response.statusCode() == 200 ? null : response;
    }, java.time.Duration.ofSeconds(10), "the token refused");
    assertError(after, 401, "unauthorized");
  }

  @Test
  @DisplayName("a session revoked while an edge was not listening (only Redis lists it) is refused by that edge when it starts")
  void aRevocationListedBeforeTheEdgeStartedIsRefused() {
    vertx.eventBus().consumer(Addresses.AUTH_ME_GET, message -> message.reply(new JsonObject()));
    String sessionId = "s-" + java.util.UUID.randomUUID();
    String token = "Bearer " + token("u1", sessionId);
    RedisAPI.api(redis).setex(RedisKeys.revokedSession(sessionId), "60", "1").await();

    int later = startedEdge();

    assertError(client.get(later, "127.0.0.1", "/api/v1/me").putHeader("Authorization", token).send().await(), 401, "unauthorized");
  }

  @Test
  @DisplayName("a refusal with Retry-After keeps it over HTTP")
  void retryAfterReachesTheClient() {
    vertx.eventBus().consumer(Addresses.AUTH_LOGIN, message -> message.reply(io.confab.contract.ContractException.tooManyRequests(42)));
    HttpResponse<Buffer> response = post("/api/v1/auth/login", "{}").await();
    assertError(response, 429, "too_many_requests");
    assertThat(response.getHeader("Retry-After")).isEqualTo("42");
  }

  @Test
  @DisplayName("the body, query and path parameters reach the owning verticle, path parameters winning")
  void parametersReachTheVerticle() {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_REGISTER, message -> message.reply(message.body()
        .put("requestId", message.headers().get(Headers.REQUEST_ID))
        .put("user", message.headers().get(Headers.USER))));
    HttpResponse<Buffer> response = client.post("/api/v1/auth/register?language=es")
        .putHeader("X-Request-Id", "req-42")
        .putHeader(Headers.USER, "spoofed")
        .sendJsonObject(new JsonObject().put("email", "a@example.org")).await();
    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject echoed = response.bodyAsJsonObject();
    assertThat(echoed.getString("email")).isEqualTo("a@example.org");
    assertThat(echoed.getString("language")).isEqualTo("es");
    assertThat(echoed.getString("requestId")).isEqualTo("req-42");
    assertThat(echoed.getString("user")).as("the user header is the edge's to write").isNull();
    assertThat(response.getHeader("X-Request-Id")).isEqualTo("req-42");
  }

  @Test
  @DisplayName("GET /users?ids=a,b (the lookup by id) reaches the directory as one comma-separated string, for the caller only")
  void aUserLookupReachesTheDirectory() {
    vertx.eventBus().<JsonObject>consumer(Addresses.AUTH_USERS_SEARCH, message -> message.reply(new io.vertx.core.json.JsonArray()
        .add(message.body().put("user", message.headers().get(Headers.USER)))));
    HttpResponse<Buffer> response = client.get("/api/v1/users?ids=a%2Cb,c")
        .putHeader("Authorization", "Bearer " + token("u1", "s1")).send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonArray().getJsonObject(0)).isEqualTo(new JsonObject().put("ids", "a,b,c").put("user", "u1"));
    assertError(client.get("/api/v1/users?ids=a").send().await(), 401, "unauthorized");
  }

  @Test
  @DisplayName("the two sides of a toggle (POST and DELETE .../reactions) set on whatever the body says; the emoji arrives percent-decoded")
  void aToggleRouteSetsItsSide() {
    java.util.List<JsonObject> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
    vertx.eventBus().<JsonObject>consumer(Addresses.CHAT_REACT, message -> {
      asked.add(message.body());
      message.reply(new JsonObject());
    });
    String token = token("u1", "s1");
    assertThat(client.post("/api/v1/rooms/r1/messages/m1/reactions").putHeader("Authorization", "Bearer " + token)
        .sendJsonObject(new JsonObject().put("emoji", ":tada:").put("on", false)).await().statusCode()).isEqualTo(204);
    assertThat(client.delete("/api/v1/rooms/r1/messages/m1/reactions/%F0%9F%91%8D?on=true").putHeader("Authorization", "Bearer " + token)
        .send().await().statusCode()).isEqualTo(204);

    assertThat(asked).containsExactly(
        new JsonObject().put("emoji", ":tada:").put("on", true).put("room", "r1").put("id", "m1"),
        new JsonObject().put("on", false).put("room", "r1").put("id", "m1").put("emoji", "\uD83D\uDC4D"));
  }

  @Test
  @DisplayName("a verticle's contract refusal keeps its status and code")
  void aContractRefusalKeepsItsCode() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER, message -> message.fail(409, "email_taken"));
    assertError(post("/api/v1/auth/register", "{}").await(), 409, "email_taken");
  }

  @Test
  @DisplayName("an unexpected failure is 500 internal and reveals nothing of itself")
  void anUnexpectedFailureRevealsNothing() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER, message -> message.fail(500, "java.lang.NullPointerException at Secret.java:42"));
    HttpResponse<Buffer> response = post("/api/v1/auth/register", "{}").await();
    assertError(response, 500, "internal");
    assertThat(response.bodyAsString()).doesNotContain("NullPointer", "Secret");
  }

  @Test
  @DisplayName("a reply may set another success status (a repeated send answers 200, not 201)")
  void aReplyMaySetTheStatus() {
    vertx.eventBus().consumer(Addresses.AUTH_REGISTER,
        message -> message.reply(new JsonObject().put("userId", "u1"), new DeliveryOptions().addHeader(Headers.STATUS, "200")));
    assertThat(post("/api/v1/auth/register", "{}").await().statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a 204 route answers without a body, whatever the verticle replies")
  void aNoContentAnswerHasNoBody() {
    vertx.eventBus().consumer(Addresses.AUTH_VERIFY, message -> message.reply(new JsonObject().put("ignored", true)));
    HttpResponse<Buffer> response = post("/api/v1/auth/verify", "{}").await();
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isNull();
  }

  @Test
  @DisplayName("every answer carries the security headers")
  void answersCarrySecurityHeaders() {
    HttpResponse<Buffer> response = client.get("/nothing-here").send().await();
    assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.getHeader("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(response.getHeader("X-Request-Id")).isNotBlank();
  }

  @Test
  @DisplayName("/dev/mail does not exist outside dev mode")
  void devMailIsAbsentOutsideDevMode() {
    vertx.eventBus().consumer(Addresses.DEV_MAIL_LIST, message -> message.reply(new io.vertx.core.json.JsonArray()));
    assertError(client.get("/dev/mail?to=a@example.org").send().await(), 404, "not_found");
  }

  private io.vertx.core.Future<HttpResponse<Buffer>> post(String path, String body) {
    return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body));
  }

  static void assertError(HttpResponse<Buffer> response, int status, String code) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    assertThat(body.getString("message")).isNotBlank();
  }
}
