package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.base.AccessTokens;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("without key files nothing is configured and nothing is written: auth generates its keys in memory")
  void withoutFilesNothingIsWritten() throws Exception {
    NodeConfig config = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(DATA_DIR, dir.toString()));

    assertThat(KeyFiles.read(config)).isEqualTo(new JsonObject());
    try (var written = Files.list(dir)) {
      assertThat(written).isEmpty();
    }
  }

  @Test
  @DisplayName("configured PEM files are used as given, several public ones in order; a private key alone is refused")
  void configuredKeys() throws Exception {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    AccessTokens.KeyPairPem previous = AccessTokens.generate();
    Path privateFile = Files.writeString(dir.resolve("private.pem"), pair.privatePem());
    Path publicFile = Files.writeString(dir.resolve("public.pem"), pair.publicPem());
    Path previousFile = Files.writeString(dir.resolve("previous.pem"), previous.publicPem());
    NodeConfig both = NodeConfig.from(NodeConfig.DEFAULTS.copy()
        .put(JWT_PRIVATE_KEY, privateFile.toString()).put(JWT_PUBLIC_KEY, publicFile + "," + previousFile));

    JsonObject keys = KeyFiles.read(both);
    assertThat(keys.getJsonArray(JWT_PUBLIC_PEM)).isEqualTo(new JsonArray().add(pair.publicPem().strip()).add(previous.publicPem().strip()));
    assertThat(keys.getString(JWT_PRIVATE_PEM)).isEqualTo(pair.privatePem());
    assertThat(AccessTokens.configuredPublicPems(keys)).hasSize(2);

    NodeConfig privateOnly = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(JWT_PRIVATE_KEY, privateFile.toString()));
    assertThatThrownBy(() -> KeyFiles.read(privateOnly)).hasMessageContaining("--jwt-public-key");
    NodeConfig publicOnlyWithAuth = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(JWT_PUBLIC_KEY, publicFile.toString()));
    assertThatThrownBy(() -> KeyFiles.read(publicOnlyWithAuth)).hasMessageContaining("--jwt-private-key");
    NodeConfig edgeOnly = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(VERTICLES, "bridge").put(JWT_PUBLIC_KEY, publicFile.toString()));
    assertThat(KeyFiles.read(edgeOnly).fieldNames()).containsExactly(JWT_PUBLIC_PEM);
  }

  @Test
  @DisplayName("secrets-key files reach auth in order, the first the current key; nodes without auth get none")
  void secretsKeyFiles() throws Exception {
    Path current = Files.writeString(dir.resolve("secrets-new.key"), "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6\n");
    Path old = Files.writeString(dir.resolve("secrets-old.key"), "b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk\n");
    String files = current + "," + old;

    JsonObject keys = KeyFiles.read(NodeConfig.from(NodeConfig.DEFAULTS.copy().put(SECRETS_KEY, files)));
    assertThat(keys.getJsonArray(SECRETS_KEY_MATERIAL))
        .isEqualTo(new JsonArray().add("Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6").add("b2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xkb2xk"));
    assertThat(KeyFiles.read(NodeConfig.from(NodeConfig.DEFAULTS.copy().put(VERTICLES, "chat,bridge").put(SECRETS_KEY, files))))
        .isEqualTo(new JsonObject());
  }
}
