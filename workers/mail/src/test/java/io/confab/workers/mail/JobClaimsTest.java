package io.confab.workers.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.testing.LocalServices;
import io.confab.workers.mail.JobClaims.Claim;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JobClaimsTest {

  private Redis redis;
  private JobClaims claims;

  @BeforeEach
  void connect(Vertx vertx) {
    LocalServices.requireRedis();
    redis = Redis.createClient(vertx, LocalServices.REDIS_URI);
    claims = new JobClaims(RedisAPI.api(redis));
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  @DisplayName("Of two workers claiming the same job at once, exactly one may send it")
  void exactlyOneOfTwoConcurrentClaimsWins() {
    String id = UUID.randomUUID().toString();

    Future<Claim> first = claims.claim(id, "worker-a");
    Future<Claim> second = claims.claim(id, "worker-b");

    assertThat(Future.all(first, second).await().<Claim>list()).containsExactlyInAnyOrder(Claim.CLAIMED, Claim.BUSY);
  }

  @Test
  @DisplayName("A job released after a failed send can be claimed again, so the mail is not lost")
  void aReleasedJobCanBeClaimedAgain() {
    String id = UUID.randomUUID().toString();
    claims.claim(id, "worker-a").await();

    claims.release(id, "worker-b").await(); // someone else's token: the lease stays
    assertThat(claims.claim(id, "worker-c").await()).isEqualTo(Claim.BUSY);
    claims.release(id, "worker-a").await();

    assertThat(claims.claim(id, "worker-c").await()).isEqualTo(Claim.CLAIMED);
  }

  @Test
  @DisplayName("A job recorded as sent is reported sent to every later claim")
  void aSentJobIsReportedSent() {
    String id = UUID.randomUUID().toString();
    claims.claim(id, "worker-a").await();
    claims.markSent(id).await();

    assertThat(claims.claim(id, "worker-b").await()).isEqualTo(Claim.SENT);
    assertThat(RedisAPI.api(redis).pttl(JobClaims.PREFIX + id).await().toLong()).isGreaterThan(JobClaims.LEASE.toMillis());
  }
}
