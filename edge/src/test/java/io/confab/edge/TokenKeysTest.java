package io.confab.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mongo.MongoClient;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How often an edge reads the shared key set for kids it does not know: a store that counts its reads. */
class TokenKeysTest {

  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger reads = new AtomicInteger();
  private final TokenKeys keys = new TokenKeys(vertx, countingStore());

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  @DisplayName("the same unknown kid, asked again and again, reads the store once")
  void oneReadPerUnknownKid() {
    for (int i = 0; i < 20; i++) {
      assertThat(keys.find("forged-kid").await()).isNull();
    }

    assertThat(reads).hasValue(1);
  }

  @Test
  @DisplayName("a flood of distinct forged kids shares a few reads of the store, not one each")
  void forgedKidsShareReads() {
    List<Future<TokenKeys.Key>> answers = IntStream.range(0, 200).mapToObj(i -> keys.find("forged-" + i)).toList();

    assertThat(Future.all(answers).await().list()).containsOnlyNulls();
    assertThat(reads.get()).isBetween(1, 5);
  }

  private MongoClient countingStore() {
    return (MongoClient) Proxy.newProxyInstance(MongoClient.class.getClassLoader(), new Class<?>[] {MongoClient.class},
        (proxy, method, args) -> {
          if (!"find".equals(method.getName())) {
            throw new UnsupportedOperationException(method.getName());
          }
          reads.incrementAndGet();
          return Future.succeededFuture(List.of());
        });
  }
}
