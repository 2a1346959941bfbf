package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PasswordResetTest extends AuthTestBase {

  @Test
  @DisplayName("forgot answers 202 for any address; the mailed code resets the password and ends every session")
  void resetEndsEverySession() {
    assertThat(post("/auth/password/forgot", new JsonObject().put("email", newEmail())).statusCode()).isEqualTo(202);
    String email = newEmail();
    JsonObject login = signedIn(email, "Ana");

    assertThat(post("/auth/password/forgot", new JsonObject().put("email", email)).statusCode()).isEqualTo(202);
    String code = lastCode(email, "password_reset");
    assertThat(post("/auth/password/reset", new JsonObject().put("email", email).put("code", code).put("password", OTHER_PASSWORD)).statusCode())
        .isEqualTo(204);

    assertError(get("/me", login.getString("accessToken")), 401, "unauthorized");
    assertError(post("/auth/refresh", new JsonObject().put("refreshToken", login.getString("refreshToken"))), 401, "invalid_token");
    assertError(login(email, PASSWORD, null), 401, "invalid_credentials");
    assertThat(login(email, OTHER_PASSWORD, null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a weak new password is 400 weak_password and does not spend the code")
  void aWeakPasswordKeepsTheCode() {
    String email = newEmail();
    signedIn(email, "Ana");
    post("/auth/password/forgot", new JsonObject().put("email", email));
    String code = lastCode(email, "password_reset");
    assertError(post("/auth/password/reset", new JsonObject().put("email", email).put("code", code).put("password", "password")),
        400, "weak_password");
    assertThat(post("/auth/password/reset", new JsonObject().put("email", email).put("code", code).put("password", OTHER_PASSWORD)).statusCode())
        .isEqualTo(204);
  }

  @Test
  @DisplayName("a wrong reset code is 400 invalid_code and changes nothing")
  void aWrongResetCodeChangesNothing() {
    String email = newEmail();
    signedIn(email, "Ana");
    post("/auth/password/forgot", new JsonObject().put("email", email));
    String wrong = "000000".equals(lastCode(email, "password_reset")) ? "111111" : "000000";
    assertError(post("/auth/password/reset", new JsonObject().put("email", email).put("code", wrong).put("password", OTHER_PASSWORD)),
        400, "invalid_code");
    assertThat(login(email, PASSWORD, null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("change needs the old password (401 invalid_credentials) and ends every other session")
  void changeEndsOtherSessions() {
    String email = newEmail();
    JsonObject here = signedIn(email, "Ana");
    JsonObject elsewhere = login(email, PASSWORD, null).bodyAsJsonObject();

    assertError(post("/auth/password/change", here.getString("accessToken"),
        new JsonObject().put("oldPassword", OTHER_PASSWORD).put("password", OTHER_PASSWORD)), 401, "invalid_credentials");
    assertError(post("/auth/password/change", here.getString("accessToken"),
        new JsonObject().put("oldPassword", PASSWORD).put("password", "password")), 400, "weak_password");
    assertThat(post("/auth/password/change", here.getString("accessToken"),
        new JsonObject().put("oldPassword", PASSWORD).put("password", OTHER_PASSWORD)).statusCode()).isEqualTo(204);

    assertThat(get("/me", here.getString("accessToken")).statusCode()).isEqualTo(200);
    assertError(get("/me", elsewhere.getString("accessToken")), 401, "unauthorized");
    assertThat(login(email, OTHER_PASSWORD, null).statusCode()).isEqualTo(200);
  }
}
