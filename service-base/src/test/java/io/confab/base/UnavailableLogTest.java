package io.confab.base;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.confab.contract.ContractException;
import io.confab.contract.ErrorCode;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Refusals answered 503 {@code unavailable} are logged as counts, not one line each. */
class UnavailableLogTest {

  /** Every logger of this package: the lines, whichever class logs them. */
  private final Logger logger = (Logger) LoggerFactory.getLogger(UnavailableLog.class.getPackageName());
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
  }

  @Test
  @DisplayName("a burst of refusals logs the first at once, then one line per interval per address with the count since the last line")
  void aBurstLogsTheFirstThenOneCountPerInterval() {
    SettableClock clock = new SettableClock();
    UnavailableLog log = new UnavailableLog(clock);

    IntStream.range(0, 5_000).forEach(i -> log.refused("chat.send", "overloaded"));
    log.refused("chat.edit", "overloaded");
    clock.advance(UnavailableLog.INTERVAL.toMillis() - 1);
    IntStream.range(0, 4_000).forEach(i -> log.refused("chat.send", "overloaded"));
    clock.advance(1);
    log.refused("chat.send", "overloaded");

    assertThat(fields()).containsExactly(
        Map.of("address", "chat.send", "cause", "overloaded", "count", "1", "intervalMs", "10000"),
        Map.of("address", "chat.edit", "cause", "overloaded", "count", "1", "intervalMs", "10000"),
        Map.of("address", "chat.send", "cause", "overloaded", "count", "9000", "intervalMs", "10000"));
  }

  @Test
  @DisplayName("a thousand requests refused unavailable through Replies: every one answered 503, a bounded number of lines, every one counted")
  void refusalsThroughRepliesAreAnsweredAndCounted() {
    Vertx vertx = Vertx.vertx();
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Metrics.globalRegistry.add(meters);
    try {
      vertx.eventBus().<JsonObject>consumer("overloaded", request -> Replies.fail(request, ContractException.of(ErrorCode.UNAVAILABLE)))
          .completion().await();
      List<Future<Message<Object>>> answers = IntStream.range(0, 1_000).mapToObj(i -> vertx.eventBus().request("overloaded", new JsonObject())).toList();
      Future.join(answers).otherwiseEmpty().await();

      assertThat(answers).allSatisfy(answer -> assertThat(((ReplyException) answer.cause()).failureCode()).isEqualTo(503));
      // 1,000 refusals take well under an interval: one line, or two should a 10 s boundary fall in between.
      assertThat(fields()).hasSizeBetween(1, 2);
      assertThat(meters.counter("confab.requests.unavailable").count()).isEqualTo(1_000);
    } finally {
      Metrics.globalRegistry.remove(meters);
      vertx.close().await();
    }
  }

  private List<Map<String, String>> fields() {
    synchronized (lines) {
      return lines.list.stream().filter(line -> "request.unavailable".equals(line.getMessage())).map(line -> {
        Map<String, String> fields = new HashMap<>();
        line.getKeyValuePairs().forEach(pair -> fields.put(pair.key, String.valueOf(pair.value)));
        return fields;
      }).toList();
    }
  }

  /** A clock the test moves. */
  private static final class SettableClock extends Clock {
    private long millis = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli();

    void advance(long by) {
      millis += by;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
