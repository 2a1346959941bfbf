package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RegistrationTest extends AuthTestBase {

  @Test
  @DisplayName("registering answers 201 with the user id and mails a six-digit code in the user's language")
  void registeringMailsACode() {
    String email = newEmail();
    HttpResponse<Buffer> response = post("/auth/register", new JsonObject()
        .put("email", email.toUpperCase()).put("password", PASSWORD).put("displayName", "Ana").put("language", "es"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("userId")).isNotBlank();
    assertThat(lastCode(email, "verify_email")).as("mailed to the normalized address").matches("\\d{6}");
    JsonObject mail = mailsTo(email).get(0);
    assertThat(mail.getString("to")).isEqualTo(email);
    assertThat(mail.getString("subject")).as("in Spanish").isEqualTo("Tu código de verificación de Confab");
  }

  @Test
  @DisplayName("the same address twice, in any case, is 409 email_taken")
  void anAddressRegistersOnce() {
    String email = newEmail();
    assertThat(register(email, PASSWORD, "Ana").statusCode()).isEqualTo(201);
    assertError(register(email.toUpperCase(), OTHER_PASSWORD, "Other"), 409, "email_taken");
  }

  @Test
  @DisplayName("short, common or personal passwords are 400 weak_password")
  void weakPasswordsAreRefused() {
    String email = newEmail();
    assertError(register(email, "Ab1!x", "Ana"), 400, "weak_password");
    assertError(register(email, "password123", "Ana"), 400, "weak_password");
    assertError(register(email, "x".repeat(129), "Ana"), 400, "weak_password");
    assertError(register(email, email.substring(0, email.indexOf('@')) + "1", "Ana"), 400, "weak_password");
    assertError(register(email, "Anastasia Rodriguez", "Anastasia Rodriguez"), 400, "weak_password");
    assertError(register(email, "adalovelace1", "Ada Lovelace"), 400, "weak_password");
  }

  @Test
  @DisplayName("a malformed address is 400 invalid_email; wrong types and lengths are 400 invalid_request")
  void badFieldsAreRefused() {
    assertError(register("not-an-address", PASSWORD, "Ana"), 400, "invalid_email");
    assertError(post("/auth/register", new JsonObject().put("email", new JsonObject().put("$gt", ""))
        .put("password", PASSWORD).put("displayName", "Ana")), 400, "invalid_request");
    assertError(register(newEmail(), PASSWORD, "n".repeat(65)), 400, "invalid_request");
    assertError(register(newEmail(), PASSWORD, "   "), 400, "invalid_request");
    assertError(post("/auth/register", new JsonObject().put("email", newEmail()).put("password", PASSWORD)
        .put("displayName", "Ana").put("language", "spanish")), 400, "invalid_request");
  }

  private void awaitMails(String email, int count) {
    Eventually.until(() -> mailsTo(email, "verify_email").count() >= count, Duration.ofSeconds(5), count + " verify_email mails to " + email);
  }

  @Test
  @DisplayName("the mailed code verifies the address and then login works")
  void theCodeVerifiesTheAddress() {
    String email = newEmail();
    register(email, PASSWORD, "Ana");
    assertError(login(email, PASSWORD, null), 403, "email_not_verified");

    HttpResponse<Buffer> verified = post("/auth/verify", new JsonObject().put("email", email).put("code", lastCode(email, "verify_email")));

    assertThat(verified.statusCode()).isEqualTo(204);
    assertThat(login(email, PASSWORD, null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a verification code lives ten minutes: Redis expires it then, and once expired it is refused")
  void theCodeExpiresAfterTenMinutes() {
    String email = newEmail();
    register(email, PASSWORD, "Ana");
    String code = lastCode(email, "verify_email");
    RedisAPI redis = RedisAPI.api(Redis.createClient(vertx, config.getString(ConfigKeys.REDIS_URI)));
    String key = "confab:auth:code:verify:" + email;

    assertThat(redis.ttl(key).await().toLong()).as("seconds left of ten minutes, read just after the mail").isBetween(540L, 600L);
    redis.pexpire(List.of(key, "1")).await(); // the ten minutes are up
    Eventually.until(() -> redis.exists(List.of(key)).await().toInteger() == 0, Duration.ofSeconds(5), "the code expired");

    assertError(post("/auth/verify", new JsonObject().put("email", email).put("code", code)), 400, "invalid_code");
    assertError(login(email, PASSWORD, null), 403, "email_not_verified");
  }

  @Test
  @DisplayName("a wrong code is 400 invalid_code; the fifth is 429 with Retry-After and voids the code")
  void fiveWrongCodesVoidTheCode() {
    String email = newEmail();
    register(email, PASSWORD, "Ana");
    String right = lastCode(email, "verify_email");
    String wrong = right.equals("000000") ? "111111" : "000000";
    for (int i = 1; i <= 4; i++) {
      assertError(post("/auth/verify", new JsonObject().put("email", email).put("code", wrong)), 400, "invalid_code");
    }
    HttpResponse<Buffer> fifth = post("/auth/verify", new JsonObject().put("email", email).put("code", wrong));
    assertError(fifth, 429, "too_many_requests");
    assertThat(Integer.parseInt(fifth.getHeader("Retry-After"))).isPositive();

    HttpResponse<Buffer> rightAfter = post("/auth/verify", new JsonObject().put("email", email).put("code", right));
    assertThat(rightAfter.statusCode()).as("the code is void").isIn(400, 429);
    assertError(login(email, PASSWORD, null), 403, "email_not_verified");
  }

  @Test
  @DisplayName("resend answers 202 whether or not the address exists, and mails at most once a minute")
  void resendIsQuietAndThrottled() {
    assertThat(post("/auth/resend", new JsonObject().put("email", newEmail())).statusCode()).isEqualTo(202);

    String email = newEmail();
    register(email, PASSWORD, "Ana");
    String first = lastCode(email, "verify_email");
    assertThat(post("/auth/resend", new JsonObject().put("email", email)).statusCode()).isEqualTo(202);
    assertThat(post("/auth/resend", new JsonObject().put("email", email)).statusCode()).isEqualTo(202);

    awaitMails(email, 2);
    // Barrier: a reset mail (counted apart) asked after the second resend; by its arrival that resend would have mailed.
    assertThat(post("/auth/password/forgot", new JsonObject().put("email", email)).statusCode()).isEqualTo(202);
    lastCode(email, "password_reset");
    assertThat(mailsTo(email, "verify_email").count()).as("the registration mail and one resend").isEqualTo(2);
    assertThat(lastCode(email, "verify_email")).isNotEqualTo(first);
    assertThat(post("/auth/verify", new JsonObject().put("email", email).put("code", lastCode(email, "verify_email"))).statusCode())
        .as("the newest code works").isEqualTo(204);
  }
}
