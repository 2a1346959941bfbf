package io.confab.auth;

import dev.samstevens.totp.code.CodeVerifier;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.DefaultCodeVerifier;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.qr.QrData;
import dev.samstevens.totp.secret.DefaultSecretGenerator;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * RFC 6238 codes (SHA-1, 30 s, 6 digits, one step either side) with dev.samstevens.totp. A code is
 * accepted once: Redis remembers each accepted code for longer than it can be valid.
 */
final class Totp {

  static final String ISSUER = "Confab";
  static final int PERIOD_SECONDS = 30;
  static final int DIGITS = 6;
  private static final Pattern CODE = Pattern.compile("\\d{6}");
  /** Three steps: the window of a code accepted one step either side. */
  private static final int REPLAY_WINDOW_SECONDS = 3 * PERIOD_SECONDS;

  private final RedisAPI redis;
  private final CodeVerifier verifier;
  private final DefaultSecretGenerator secrets = new DefaultSecretGenerator();

  /** {@code clock} tells the current step: the system's, or a test's that sets the time. */
  Totp(RedisAPI redis, Clock clock) {
    this.redis = redis;
    DefaultCodeVerifier verifier = new DefaultCodeVerifier(new DefaultCodeGenerator(HashingAlgorithm.SHA1, DIGITS),
        () -> clock.instant().getEpochSecond());
    verifier.setTimePeriod(PERIOD_SECONDS);
    verifier.setAllowedTimePeriodDiscrepancy(1);
    this.verifier = verifier;
  }

  String newSecret() {
    return secrets.generate();
  }

  static String uri(String secret, String account) {
    return new QrData.Builder()
        .label(account)
        .secret(secret)
        .issuer(ISSUER)
        .algorithm(HashingAlgorithm.SHA1)
        .digits(DIGITS)
        .period(PERIOD_SECONDS)
        .build()
        .getUri();
  }

  /** True for a right code that this user has not used before. */
  Future<Boolean> accept(String userId, String secret, String code) {
    if (code == null || !CODE.matcher(code).matches() || !verifier.isValidCode(secret, code)) {
      return Future.succeededFuture(false);
    }
    return redis.set(List.of("confab:auth:totp:used:" + userId + ":" + code, "1", "NX", "EX", String.valueOf(REPLAY_WINDOW_SECONDS)))
        .map(response -> response != null && "OK".equals(response.toString()));
  }
}
