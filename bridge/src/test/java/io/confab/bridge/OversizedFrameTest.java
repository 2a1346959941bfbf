package io.confab.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.confab.contract.Limits;
import io.confab.testing.Eventually;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A client's frame over the size limit is its own mistake: refused in one log line, not an error with a trace. */
class OversizedFrameTest extends EdgeTestBase {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void watchTheLog() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void stopWatching() {
    root.detachAppender(logged);
  }

  @Test
  @DisplayName("a frame over the limit closes the socket and logs one refusal line, no error and no stack trace")
  void anOversizedFrameIsARefusalNotAnError() throws Exception {
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4 * Limits.BRIDGE_FRAME_MAX_BYTES));
    WebSocket socket = sockets.connect(port, "127.0.0.1", "/eventbus/websocket").await();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    socket.closeHandler(done -> closed.complete(null));

    socket.writeFrame(WebSocketFrame.textFrame("x".repeat(Limits.BRIDGE_FRAME_MAX_BYTES + 1), true));

    closed.get(20, TimeUnit.SECONDS);
    // The refusal is logged as the server closes; it may reach the appender just after the client sees the close.
    Eventually.until(() -> refusals() > 0, Duration.ofSeconds(20), "the refusal line");
    assertThat(refusals()).as("one refusal line").isEqualTo(1);
    assertThat(logged.list).noneMatch(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
        .noneMatch(event -> event.getThrowableProxy() != null);
    assertThat(metric("confab_bridge_closed_total", "bad_frame")).isEqualTo(1);
  }

  private long refusals() {
    return logged.list.stream().filter(event -> "bridge.frame.refused".equals(event.getMessage())).count();
  }
}
