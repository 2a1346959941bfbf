package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TotpTest extends AuthTestBase {

  @Test
  @DisplayName("setup gives a secret and an otpauth URI for the issuer Confab")
  void setupGivesSecretAndUri() {
    JsonObject login = signedIn("Ana");
    JsonObject setup = post("/auth/totp/setup", login.getString("accessToken"), new JsonObject()).bodyAsJsonObject();

    assertThat(setup.getString("secret")).matches("[A-Z2-7]{16,}");
    URI uri = URI.create(setup.getString("otpauthUri"));
    assertThat(uri.getScheme()).isEqualTo("otpauth");
    assertThat(uri.getHost()).isEqualTo("totp");
    assertThat(uri.getQuery()).contains("secret=" + setup.getString("secret"), "issuer=Confab", "digits=6", "period=30", "algorithm=SHA1");
  }

  @Test
  @DisplayName("enabled 2FA: login needs the code (totp_required), accepts it once, and refuses its replay")
  void enabledTotpGuardsLogin() throws Exception {
    String email = newEmail();
    JsonObject login = signedIn(email, "Ana");
    String token = login.getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    assertError(post("/auth/totp/enable", token, new JsonObject().put("code", "000000".equals(totpNow(secret)) ? "111111" : "000000")), 400, "invalid_code");
    assertThat(post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret))).statusCode()).isEqualTo(204);
    assertThat(get("/me", token).bodyAsJsonObject().getBoolean("totpEnabled")).isTrue();

    assertError(login(email, PASSWORD, null), 401, "totp_required");
    advanceTotp(1);
    String code = totpNow(secret);
    assertThat(login(email, PASSWORD, code).statusCode()).isEqualTo(200);
    assertError(login(email, PASSWORD, code), 401, "invalid_credentials");
  }

  @Test
  @DisplayName("a code counts one step either side of the server's time, not two")
  void aCodeCountsOneStepEitherSide() throws Exception {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    assertThat(post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret))).statusCode()).isEqualTo(204);
    advanceTotp(3); // away from the spent enabling code's step

    assertError(login(email, PASSWORD, totpAt(secret, -2)), 401, "invalid_credentials");
    assertError(login(email, PASSWORD, totpAt(secret, 2)), 401, "invalid_credentials");
    assertThat(login(email, PASSWORD, totpAt(secret, -1)).statusCode()).as("a step behind").isEqualTo(200);
    assertThat(login(email, PASSWORD, totpAt(secret, 1)).statusCode()).as("a step ahead").isEqualTo(200);
  }

  @Test
  @DisplayName("disable needs a valid, unused code; after it, login needs none")
  void disableNeedsACode() throws Exception {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    String enabling = totpNow(secret);
    post("/auth/totp/enable", token, new JsonObject().put("code", enabling));

    assertError(post("/auth/totp/disable", token, new JsonObject().put("code", "12")), 400, "invalid_code");
    assertError(post("/auth/totp/disable", token, new JsonObject().put("code", enabling)), 400, "invalid_code");
    advanceTotp(1);
    assertThat(post("/auth/totp/disable", token, new JsonObject().put("code", totpNow(secret))).statusCode()).isEqualTo(204);
    assertThat(login(email, PASSWORD, null).statusCode()).isEqualTo(200);
  }
}
