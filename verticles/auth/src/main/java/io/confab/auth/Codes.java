package io.confab.auth;

import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One-time six-digit codes sent by mail (email verification, password reset): from a CSPRNG, kept in
 * Redis only as an HMAC for ten minutes, void after five wrong tries, after which the address is
 * refused (429) for a minute.
 */
final class Codes {

  enum Purpose { VERIFY, RESET }

  static final int TTL_SECONDS = 10 * 60;
  static final int MAX_WRONG = 5;
  static final int LOCK_SECONDS = 60;

  private final RedisAPI redis;
  private final SecretKeySpec pepper;
  private final SecureRandom random = new SecureRandom();

  Codes(RedisAPI redis, byte[] pepper) {
    this.redis = redis;
    this.pepper = new SecretKeySpec(pepper, "HmacSHA256");
  }

  /** A new code for {@code email}, replacing any earlier one. */
  Future<String> issue(Purpose purpose, String email) {
    String code = String.format("%06d", random.nextInt(1_000_000));
    String key = key(purpose, email);
    return redis.del(List.of(key, lockKey(purpose, email)))
        .compose(done -> redis.hset(List.of(key, "hash", digest(email, code), "wrong", "0")))
        .compose(done -> redis.expire(List.of(key, String.valueOf(TTL_SECONDS))))
        .map(code);
  }

  /** Succeeds once for the right code; {@code invalid_code} when wrong or expired; 429 after five wrong. */
  Future<Void> consume(Purpose purpose, String email, String code) {
    String key = key(purpose, email);
    String lock = lockKey(purpose, email);
    return redis.ttl(lock).compose(locked -> {
      if (locked != null && locked.toLong() > 0) {
        return Future.failedFuture(ContractException.tooManyRequests(locked.toLong()));
      }
      return redis.hget(key, "hash").compose(stored -> check(purpose, email, code, stored));
    });
  }

  private Future<Void> check(Purpose purpose, String email, String code, Response stored) {
    String key = key(purpose, email);
    if (stored == null) {
      return Future.failedFuture(ContractException.of(ErrorCode.INVALID_CODE));
    }
    boolean right = code != null && MessageDigest.isEqual(
        stored.toString().getBytes(StandardCharsets.US_ASCII), digest(email, code).getBytes(StandardCharsets.US_ASCII));
    if (right) {
      return redis.del(List.of(key)).mapEmpty();
    }
    return redis.hincrby(key, "wrong", "1").compose(wrong -> {
      if (wrong.toInteger() < MAX_WRONG) {
        return Future.failedFuture(ContractException.of(ErrorCode.INVALID_CODE));
      }
      return redis.del(List.of(key))
          .compose(done -> redis.set(List.of(lockKey(purpose, email), "1", "EX", String.valueOf(LOCK_SECONDS))))
          .compose(done -> Future.failedFuture(ContractException.tooManyRequests(LOCK_SECONDS)));
    });
  }

  private String digest(String email, String code) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(pepper);
      return HexFormat.of().formatHex(mac.doFinal((email + ":" + code).getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String key(Purpose purpose, String email) {
    return "confab:auth:code:" + purpose.name().toLowerCase() + ":" + email;
  }

  private static String lockKey(Purpose purpose, String email) {
    return key(purpose, email) + ":locked";
  }
}
