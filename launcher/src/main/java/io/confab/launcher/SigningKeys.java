package io.confab.launcher;

import io.confab.contract.AccessTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key pair of access tokens: from the PEM files the config names (production: mounted
 * secrets), or, in the one-JVM default, generated once into {@code <data-dir>/keys/} and reused, so
 * tokens survive a restart and local nodes sharing the data dir agree.
 */
final class SigningKeys {

  private static final Logger LOG = LoggerFactory.getLogger(SigningKeys.class);
  static final String PRIVATE_FILE = "jwt-es256-private.pem";
  static final String PUBLIC_FILE = "jwt-es256-public.pem";

  /** The private PEM is null when this node does not sign (no auth verticle) and none was configured. */
  record Pems(String publicPem, String privatePem) {
  }

  static Pems resolve(NodeConfig config) {
    if (config.jwtPrivateKey() != null && config.jwtPublicKey() == null) {
      throw new IllegalArgumentException("--jwt-private-key needs --jwt-public-key, which every edge verifies with");
    }
    if (config.jwtPublicKey() != null) {
      String privatePem = config.jwtPrivateKey() == null ? null : read(config.jwtPrivateKey());
      if (privatePem == null && config.runs("auth")) {
        throw new IllegalArgumentException("--jwt-private-key is required where the auth verticle runs and --jwt-public-key is set");
      }
      return new Pems(read(config.jwtPublicKey()), privatePem);
    }
    Path dir = config.dataDir().resolve("keys");
    Path privateFile = dir.resolve(PRIVATE_FILE);
    Path publicFile = dir.resolve(PUBLIC_FILE);
    if (!Files.exists(publicFile)) {
      generate(dir, privateFile, publicFile);
    }
    return new Pems(read(publicFile), read(privateFile));
  }

  private static void generate(Path dir, Path privateFile, Path publicFile) {
    AccessTokens.KeyPairPem pair = AccessTokens.generate();
    try {
      Files.createDirectories(dir);
      // The private key first and owner-only; the public file appears last, marking the pair complete.
      Files.writeString(privateFile, pair.privatePem(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      ownerOnly(privateFile);
      Files.writeString(publicFile, pair.publicPem(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      LOG.atInfo().setMessage("keys.generated").addKeyValue("dir", dir.toAbsolutePath().toString())
          .addKeyValue("kid", AccessTokens.keyId(pair.publicPem())).log();
    } catch (FileAlreadyExistsException raced) {
      LOG.atInfo().setMessage("keys.generated.elsewhere").addKeyValue("dir", dir.toString()).log();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the token keys into " + dir, e);
    }
  }

  private static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // nothing stricter to set on this file system
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key file " + file, e);
    }
  }

  private SigningKeys() {
  }
}
