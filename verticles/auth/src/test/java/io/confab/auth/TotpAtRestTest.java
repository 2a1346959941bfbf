package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** TOTP secrets sealed with AES-GCM in the users collection; secrets of before still work. */
class TotpAtRestTest extends AuthTestBase {

  @Test
  @DisplayName("the users collection never holds a TOTP secret in clear, pending or enabled, and 2FA works")
  void secretsAreSealedAtRest() throws Exception {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");

    JsonObject pending = storedUser(email);
    assertThat(pending.encode()).doesNotContain(secret);
    assertThat(pending.getJsonObject("totpPendingSecret").fieldNames()).containsExactlyInAnyOrder("keyId", "nonce", "data");

    assertThat(post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret))).statusCode()).isEqualTo(204);
    JsonObject enabled = storedUser(email);
    assertThat(enabled.encode()).doesNotContain(secret);
    assertThat(enabled.getJsonObject("totpSecret").fieldNames()).containsExactlyInAnyOrder("keyId", "nonce", "data");
    assertThat(login(email, PASSWORD, totpAt(secret, 1)).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a sealed secret moved to another account does not open there")
  void aSealedSecretIsBoundToItsUser() throws Exception {
    String email = newEmail();
    String token = signedIn(email, "Ana").getString("accessToken");
    String secret = post("/auth/totp/setup", token, new JsonObject()).bodyAsJsonObject().getString("secret");
    post("/auth/totp/enable", token, new JsonObject().put("code", totpNow(secret)));
    String other = newEmail();
    signedIn(other, "Bea");
    store().updateCollection("users", new JsonObject().put("email", other), new JsonObject().put("$set", new JsonObject()
        .put("totpEnabled", true).put("totpSecret", storedUser(email).getJsonObject("totpSecret")))).await();

    assertThat(login(other, PASSWORD, totpAt(secret, 1)).statusCode()).as("a secret sealed for someone else").isNotEqualTo(200);
  }

  @Test
  @DisplayName("a clear-text secret stored before encryption still signs in, and is sealed when auth starts")
  void aClearTextSecretStillWorksAndIsSealed() throws Exception {
    String email = newEmail();
    signedIn(email, "Ana");
    String secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    store().updateCollection("users", new JsonObject().put("email", email),
        new JsonObject().put("$set", new JsonObject().put("totpEnabled", true).put("totpSecret", secret))).await();

    assertError(login(email, PASSWORD, null), 401, "totp_required");
    assertThat(login(email, PASSWORD, totpNow(secret)).statusCode()).isEqualTo(200);

    vertx.deployVerticle(new AuthVerticle(), new DeploymentOptions().setConfig(config)).await();
    JsonObject sealed = storedUser(email);
    assertThat(sealed.encode()).doesNotContain(secret);
    assertThat(sealed.getJsonObject("totpSecret").fieldNames()).contains("keyId");
    assertThat(login(email, PASSWORD, totpAt(secret, 1)).statusCode()).isEqualTo(200);
  }

  private JsonObject storedUser(String email) {
    return store().findOne("users", new JsonObject().put("email", email), null).await();
  }
}
