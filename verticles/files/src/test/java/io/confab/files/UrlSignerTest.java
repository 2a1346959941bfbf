package io.confab.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

  private static final String SECRET = "a-configured-secret-of-at-least-32-characters";

  private static UrlSigner configured(String secret) {
    return UrlSigner.load(null, new JsonObject().put(FilesConfig.URL_KEY, secret)).result();
  }

  private static String param(String url, String name) {
    for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return null;
  }

  @Test
  @DisplayName("nodes configured with the same files-url-key accept each other's URLs")
  void theSameConfiguredKeyVerifiesOnEveryNode() {
    long now = System.currentTimeMillis();
    String url = configured(SECRET).sign("/files/f1", "u1", now).url();

    assertThat(configured(SECRET).verify("/files/f1", param(url, "u"), param(url, "exp"), param(url, "sig"), now)).contains("u1");
    assertThat(configured(SECRET + "x").verify("/files/f1", param(url, "u"), param(url, "exp"), param(url, "sig"), now)).isEmpty();
  }

  @Test
  @DisplayName("a URL lives at least the configured time and at most five minutes more")
  void theLifetimeIsTheConfiguredOneRoundedUp() {
    long now = 1_700_000_123_000L;
    UrlSigner signer = UrlSigner.load(null, new JsonObject().put(FilesConfig.URL_KEY, SECRET).put(FilesConfig.URL_TTL_SECONDS, 600)).result();

    long expiresAt = signer.sign("/files/f1", "u1", now).expiresAt();

    assertThat(expiresAt).isBetween(now + 600_000, now + 900_000);
  }

  @Test
  @DisplayName("a configured key shorter than 32 characters is refused")
  void aShortKeyIsRefused() {
    assertThat(UrlSigner.load(null, new JsonObject().put(FilesConfig.URL_KEY, "short")).failed()).isTrue();
  }
}
