package io.confab.launcher;

import io.confab.contract.ConfigKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The key files the config names (production: mounted secrets), read into the deployment config. With
 * no token key files each auth instance generates its keys in memory and shares the public parts through
 * MongoDB; with no secrets-key file auth keeps a generated one there: nothing secret is written to disk.
 */
final class KeyFiles {

  /** The entries to add to the deployment config: the private key and secrets key only where auth runs. */
  static JsonObject read(NodeConfig config) {
    JsonObject keys = new JsonObject();
    if (config.jwtPrivateKey() != null && config.jwtPublicKeys().isEmpty()) {
      throw new IllegalArgumentException("--jwt-private-key needs --jwt-public-key, which every edge verifies with");
    }
    if (!config.jwtPublicKeys().isEmpty()) {
      if (config.jwtPrivateKey() == null && config.runs("auth")) {
        throw new IllegalArgumentException("--jwt-private-key is required where the auth verticle runs and --jwt-public-key is set");
      }
      keys.put(ConfigKeys.JWT_PUBLIC_PEM, texts(config.jwtPublicKeys()));
      if (config.runs("auth")) {
        keys.put(ConfigKeys.JWT_PRIVATE_PEM, read(config.jwtPrivateKey()));
      }
    }
    if (!config.secretsKeys().isEmpty() && config.runs("auth")) {
      keys.put(ConfigKeys.SECRETS_KEY_MATERIAL, texts(config.secretsKeys()));
    }
    return keys;
  }

  private static JsonArray texts(List<Path> files) {
    return new JsonArray(files.stream().map(file -> read(file).strip()).toList());
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key file " + file, e);
    }
  }

  private KeyFiles() {
  }
}
