package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;

import io.confab.contract.ErrorCode;
import io.vertx.redis.client.impl.types.ErrorType;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  @DisplayName("a Redis command whose connection closed under it, or a store that refuses connections, or a store that reset the connection, is unavailable; anything unknown is internal")
  void unreachableStoresAreUnavailable() {
    assertThat(Failures.toContract(ErrorType.create("CONNECTION_CLOSED")).error()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Failures.toContract(new RuntimeException(new ConnectException("Connection refused"))).error()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Failures.toContract(new RuntimeException(new SocketException("Connection reset"))).error()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(Failures.toContract(ErrorType.create("ERR unknown command")).error()).isEqualTo(ErrorCode.INTERNAL);
  }
}
