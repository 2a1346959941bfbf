package io.confab.launcher;

import static io.confab.contract.ConfigKeys.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.confab.contract.AccessTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("without configured keys a pair is generated once into the data dir, owner-only, and reused")
  void generatedOnceAndReused() throws Exception {
    NodeConfig config = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(DATA_DIR, dir.toString()));
    SigningKeys.Pems first = SigningKeys.resolve(config);
    SigningKeys.Pems again = SigningKeys.resolve(config);

    assertThat(again).isEqualTo(first);
    assertThat(first.privatePem()).startsWith("-----BEGIN PRIVATE KEY-----");
    Path privateFile = dir.resolve("keys").resolve(SigningKeys.PRIVATE_FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateFile))).isEqualTo("rw-------");
  }

  @Test
  @DisplayName("configured PEM files are used as given; a private key alone is refused")
  void configuredKeys() throws Exception {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    Path privateFile = Files.writeString(dir.resolve("private.pem"), pair.privatePem());
    Path publicFile = Files.writeString(dir.resolve("public.pem"), pair.publicPem());
    NodeConfig both = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(DATA_DIR, dir.toString())
        .put(JWT_PRIVATE_KEY, privateFile.toString()).put(JWT_PUBLIC_KEY, publicFile.toString()));
    assertThat(SigningKeys.resolve(both)).isEqualTo(new SigningKeys.Pems(pair.publicPem(), pair.privatePem()));
    assertThat(dir.resolve("keys")).doesNotExist();

    NodeConfig privateOnly = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(DATA_DIR, dir.toString()).put(JWT_PRIVATE_KEY, privateFile.toString()));
    assertThatThrownBy(() -> SigningKeys.resolve(privateOnly)).hasMessageContaining("--jwt-public-key");
    NodeConfig publicOnlyWithAuth = NodeConfig.from(NodeConfig.DEFAULTS.copy().put(DATA_DIR, dir.toString()).put(JWT_PUBLIC_KEY, publicFile.toString()));
    assertThatThrownBy(() -> SigningKeys.resolve(publicOnlyWithAuth)).hasMessageContaining("--jwt-private-key");
  }
}
