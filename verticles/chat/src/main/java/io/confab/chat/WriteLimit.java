package io.confab.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.confab.contract.ContractException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends, edits and deletes per user and second, counted in memory by the chat instance that takes the
 * user's writes: a limit per node, not per cluster (a user's writes spread over n nodes may reach n times
 * it), for no store round trip per write.
 */
final class WriteLimit {

  /** Users counted at once, at most: a flood of users past it forgets the quietest, never blocks. */
  private static final int USERS_MAX = 100_000;

  private final int perSecond;
  private final Cache<String, AtomicInteger> counts = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(2))
      .maximumSize(USERS_MAX)
      .build();

  WriteLimit(int perSecond) {
    this.perSecond = perSecond;
  }

  /** Counts one write of {@code user}; refuses it with 429 past the limit for this second. */
  void count(String user) {
    String key = user + "\n" + System.currentTimeMillis() / 1000;
    if (counts.get(key, second -> new AtomicInteger()).incrementAndGet() > perSecond) {
      throw ContractException.tooManyRequests(1);
    }
  }
}
