package io.confab.auth;

import com.nulabinc.zxcvbn.Zxcvbn;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Password rules (OWASP ASVS 5.0: 8 to 128 characters, no composition rules, refused when zxcvbn finds
 * them guessable, the user's own email and name included) and storage (Argon2id, OWASP's parameters:
 * 19 MiB, 2 iterations, 1 lane). Every method here is slow on purpose: call it on a worker thread.
 */
final class Passwords {

  static final int MIN_LENGTH = 8;
  static final int MAX_LENGTH = 128;
  /** zxcvbn's scale is 0..4; 3 is "safely unguessable" against an online or throttled attack. */
  static final int MIN_SCORE = 3;
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

  private final SecureRandom random = new SecureRandom();
  /** zxcvbn loads its dictionaries once; an instance per worker thread keeps it free of sharing. */
  private final ThreadLocal<Zxcvbn> strength = ThreadLocal.withInitial(Zxcvbn::new);
  /** What an unknown account's login is checked against, so it takes as long as a known one's. */
  private final String dummyHash = hash("confab-dummy-password-for-timing");

  boolean acceptable(String password, List<String> personal) {
    int length = password.codePointCount(0, password.length());
    return length >= MIN_LENGTH && length <= MAX_LENGTH && strength.get().measure(password, personal).getScore() >= MIN_SCORE;
  }

  String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, MEMORY_KIB, ITERATIONS, LANES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + LANES + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** Checks a password against a stored PHC string; a null hash checks the dummy and fails. */
  boolean matches(String password, String stored) {
    boolean known = stored != null;
    String[] parts = (known ? stored : dummyHash).split("\\$");
    if (parts.length != 6 || !"argon2id".equals(parts[1])) {
      return false;
    }
    int memory = 0;
    int iterations = 0;
    int lanes = 0;
    for (String parameter : parts[3].split(",")) {
      int value = Integer.parseInt(parameter.substring(2));
      switch (parameter.charAt(0)) {
        case 'm' -> memory = value;
        case 't' -> iterations = value;
        case 'p' -> lanes = value;
        default -> {
          return false;
        }
      }
    }
    byte[] expected = B64_DECODER.decode(parts[5]);
    byte[] actual = derive(password, B64_DECODER.decode(parts[4]), memory, iterations, lanes);
    return MessageDigest.isEqual(expected, actual) && known;
  }

  private static byte[] derive(String password, byte[] salt, int memory, int iterations, int lanes) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memory)
        .withIterations(iterations)
        .withParallelism(lanes)
        .withSalt(salt)
        .build());
    byte[] hash = new byte[HASH_BYTES];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
