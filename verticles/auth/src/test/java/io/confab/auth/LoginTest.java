package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LoginTest extends AuthTestBase {

  @Test
  @DisplayName("login answers the tokens, their lifetime and the user with their email")
  void loginAnswersTokensAndUser() {
    String email = newEmail();
    JsonObject login = signedIn(email, "Ana");

    assertThat(login.getString("accessToken")).isNotBlank();
    assertThat(login.getString("refreshToken")).isNotBlank();
    assertThat(login.getInteger("expiresIn")).isEqualTo(900);
    assertThat(login.getJsonObject("user").getString("email")).isEqualTo(email);
    assertThat(login.getJsonObject("user").getBoolean("totpEnabled")).isFalse();
    assertThat(login.getJsonObject("user").fieldNames()).doesNotContain("passwordHash", "totpSecret");
  }

  @Test
  @DisplayName("a wrong password and an unknown address are the same 401 invalid_credentials")
  void wrongPasswordAndUnknownAddressLookAlike() {
    String email = newEmail();
    signedIn(email, "Ana");
    HttpResponse<Buffer> wrongPassword = login(email, OTHER_PASSWORD, null);
    HttpResponse<Buffer> unknown = login(newEmail(), PASSWORD, null);
    assertError(wrongPassword, 401, "invalid_credentials");
    assertError(unknown, 401, "invalid_credentials");
    assertThat(wrongPassword.bodyAsString()).isEqualTo(unknown.bodyAsString());
  }

  @Test
  @DisplayName("email_not_verified is told only to whoever knows the password")
  void unverifiedIsToldOnlyAfterTheRightPassword() {
    String email = newEmail();
    register(email, PASSWORD, "Ana");
    assertError(login(email, OTHER_PASSWORD, null), 401, "invalid_credentials");
    assertError(login(email, PASSWORD, null), 403, "email_not_verified");
  }

  @Test
  @DisplayName("after ten failures from one address an account answers that address 429 with Retry-After, even to the right password")
  void failuresAreThrottledPerAccount() {
    String email = newEmail();
    signedIn(email, "Ana");
    for (int i = 0; i < Attempts.LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS; i++) {
      assertError(login(email, OTHER_PASSWORD, null), 401, "invalid_credentials");
    }
    HttpResponse<Buffer> refused = login(email, PASSWORD, null);
    assertError(refused, 429, "too_many_requests");
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isBetween(1, Attempts.LOGIN_WINDOW_SECONDS);
  }

  @Test
  @DisplayName("the access token of a login works at the bridge: the user's own stream registers")
  void theAccessTokenWorksAtTheBridge() throws Exception {
    JsonObject login = signedIn("Ana");
    String userId = login.getJsonObject("user").getString("id");
    var client = vertx.createWebSocketClient();
    var socket = client.connect(port, "127.0.0.1", "/eventbus/websocket").await();
    var received = new java.util.concurrent.CompletableFuture<JsonObject>();
    socket.handler(frame -> received.complete(frame.toJsonObject()));
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", "user." + userId)
        .put("headers", new JsonObject().put("authorization", "Bearer " + login.getString("accessToken"))).encode());
    // Published until the registration, which the bridge answers with no frame, has taken.
    Eventually.until(() -> {
      vertx.eventBus().publish("user." + userId, new JsonObject().put("type", "room"));
      return received.isDone();
    }, Duration.ofSeconds(5), "a publication on the user's stream reaches the socket");
    assertThat(received.get().getString("address")).isEqualTo("user." + userId);
    client.close().await();
  }
}
