package io.confab.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.base.AccessTokens;
import io.confab.contract.ConfigKeys;
import io.confab.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Key rotation without key files, made fast: a new key every 1.8 s. */
class KeyRotationTest extends AuthTestBase {

  @Override
  protected JsonObject configure(JsonObject config) {
    return withoutKeyFiles(config).put(ConfigKeys.JWT_KEY_ROTATION_HOURS, 0.0005);
  }

  @Test
  @DisplayName("after a rotation a new key signs, and a token of the previous key still verifies")
  void rotationKeepsThePreviousKeysTokensValid() {
    String email = newEmail();
    String before = signedIn(email, "Ana").getString("accessToken");

    String after = Eventually.value(() -> {
      String token = login(email, PASSWORD, null).bodyAsJsonObject().getString("accessToken");
      return kid(token).equals(kid(before)) ? null : token;
    }, Duration.ofSeconds(30), "a token signed by a new key");

    assertThat(get("/me", before).statusCode()).isEqualTo(200);
    assertThat(get("/me", after).statusCode()).isEqualTo(200);
    JsonObject jwks = http.get(AccessTokens.JWKS_PATH).send().await().bodyAsJsonObject();
    assertThat(jwks.getJsonArray("keys").stream().map(key -> ((JsonObject) key).getString("kid")))
        .contains(kid(before), kid(after));
  }
}
